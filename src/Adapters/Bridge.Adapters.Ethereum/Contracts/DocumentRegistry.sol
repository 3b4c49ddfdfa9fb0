// SPDX-License-Identifier: UNLICENSED
// The compiler version is pinned exactly (no floating pragma, SWC-103): the committed artifacts in
// Artifacts/ are reproducible only with this compiler (simulators/ethereum/scripts/compile.mjs).
pragma solidity 0.8.37;

/// @title DocumentRegistry
/// @notice Anchors trade-document commitments on chain. Only hashes are stored, never document bodies:
/// the content digest of the canonical document, the root of its salted-field Merkle commitment
/// (selective disclosure) and its document type. The issuer of an anchor is the account that sent it
/// and is the only account that may revoke it.
/// @dev No external calls, no owner, no upgrade path. One anchor per document id for ever: a revoked
/// id cannot be anchored again (a new version of a document gets a new id).
contract DocumentRegistry {
    /// @dev One storage slot for issuer, block and flag, then the three commitments.
    struct Anchor {
        address issuer;
        uint64 anchoredAtBlock;
        bool revoked;
        bytes32 contentDigest;
        bytes32 commitmentRoot;
        bytes32 documentType;
    }

    mapping(bytes32 documentId => Anchor) private _anchors;

    /// @notice A document commitment was anchored by `issuer`.
    event DocumentAnchored(
        bytes32 indexed documentId,
        address indexed issuer,
        bytes32 contentDigest,
        bytes32 commitmentRoot,
        bytes32 documentType
    );

    /// @notice The anchor of `documentId` was revoked by its issuer.
    event DocumentRevoked(bytes32 indexed documentId, address indexed issuer, bytes32 reason);

    /// @notice `documentId` is already anchored (anchors are never overwritten).
    error AlreadyAnchored(bytes32 documentId);
    /// @notice `documentId` has no anchor.
    error NotAnchored(bytes32 documentId);
    /// @notice Only the issuer of the anchor may revoke it.
    error NotIssuer(bytes32 documentId, address caller);
    /// @notice The anchor is already revoked.
    error AlreadyRevoked(bytes32 documentId);
    /// @notice The document id or the content digest is zero.
    error ZeroArgument();

    /// @notice Anchors a document commitment; the caller becomes its issuer.
    /// @param documentId The bridge's document id (non-zero).
    /// @param contentDigest Digest of the canonical document content (non-zero).
    /// @param commitmentRoot Root of the salted-field Merkle commitment (zero when the document has none).
    /// @param documentType The canonical document type code as left-aligned ASCII, for example bytes32("BILL_OF_LADING").
    function anchor(bytes32 documentId, bytes32 contentDigest, bytes32 commitmentRoot, bytes32 documentType)
        external
    {
        if (documentId == bytes32(0) || contentDigest == bytes32(0)) revert ZeroArgument();
        if (_anchors[documentId].issuer != address(0)) revert AlreadyAnchored(documentId);

        // block.number fits 64 bits for the foreseeable life of any chain (2^64 blocks at 1/s is 5.8e11 years).
        _anchors[documentId] = Anchor({
            issuer: msg.sender,
            anchoredAtBlock: uint64(block.number),
            revoked: false,
            contentDigest: contentDigest,
            commitmentRoot: commitmentRoot,
            documentType: documentType
        });
        emit DocumentAnchored(documentId, msg.sender, contentDigest, commitmentRoot, documentType);
    }

    /// @notice Revokes an anchor. Only its issuer may, and only once.
    /// @param documentId The anchored document id.
    /// @param reason A reason code chosen by the issuer (for example keccak256 of "SUPERSEDED").
    function revoke(bytes32 documentId, bytes32 reason) external {
        Anchor storage entry = _anchors[documentId];
        if (entry.issuer == address(0)) revert NotAnchored(documentId);
        if (entry.issuer != msg.sender) revert NotIssuer(documentId, msg.sender);
        if (entry.revoked) revert AlreadyRevoked(documentId);

        entry.revoked = true;
        emit DocumentRevoked(documentId, msg.sender, reason);
    }

    /// @notice Returns the anchor of `documentId`; every field is zero when it was never anchored
    /// (`issuer == address(0)` means "no anchor").
    function getAnchor(bytes32 documentId)
        external
        view
        returns (
            address issuer,
            bytes32 contentDigest,
            bytes32 commitmentRoot,
            bytes32 documentType,
            uint256 anchoredAtBlock,
            bool revoked
        )
    {
        Anchor storage entry = _anchors[documentId];
        return (
            entry.issuer,
            entry.contentDigest,
            entry.commitmentRoot,
            entry.documentType,
            entry.anchoredAtBlock,
            entry.revoked
        );
    }
}
