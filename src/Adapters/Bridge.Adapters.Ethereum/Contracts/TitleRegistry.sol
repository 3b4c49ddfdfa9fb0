// SPDX-License-Identifier: UNLICENSED
// The compiler version is pinned exactly (no floating pragma, SWC-103): the committed artifacts in
// Artifacts/ are reproducible only with this compiler (simulators/ethereum/scripts/compile.mjs).
pragma solidity 0.8.37;

/// @title TitleRegistry
/// @notice Title to transferable trade records (the title of an electronic bill of lading), and its
/// movement between networks through the bridge's relay.
///
/// A title is live on exactly one network at a time. A title issued here ("home") leaves by
/// `lockForExport` (Locked here, minted or imported on the destination) and comes back by
/// `releaseTitle`. A title issued elsewhere arrives by `importTitle` and leaves again by
/// `burnForExport` (Burned here, released on its home network); it may be imported again later.
///
/// Holder and beneficiary (the eBL rule chosen here): the holder is the party in possession of the
/// record; the beneficiary is the party entitled to the goods. Only the holder acts on a title: it
/// transfers possession (`transferHolder`), endorses the record to a new beneficiary
/// (`transferBeneficiary`) and exports it. TradeTrust's title escrow splits endorsement into a
/// nomination by the beneficiary and an endorsement by the holder; here that nomination is agreed
/// off chain and the holder's endorsement alone changes the beneficiary.
///
/// Outbound messages. `lockForExport` and `burnForExport` emit `TitleLocked`/`TitleBurned` and then
/// `CrossChainMessage`, in that order, in one transaction, where
///   nonce       = the lane's outbound counter after increment (the first message of a lane has nonce 1),
///   messageId   = keccak256(abi.encode(block.chainid, address(this), lane, nonce)),
///   payloadHash = keccak256(abi.encode(titleId, holder, beneficiary, recipient))
/// with `holder` and `beneficiary` the title's parties at export (addresses, ABI-encoded as 32-byte words).
///
/// Inbound messages. `importTitle` and `releaseTitle` require an M-of-N attestation by the relay
/// signers: EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) with the domain
///   EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
///   = {"TradeChainBridge.TitleRegistry", "1", block.chainid, address(this)}
/// and the primary type
///   RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)
/// whose chainId and verifyingContract repeat the domain's (explicit domain separation), and whose
/// payloadHash the contract computes from the call's own arguments:
///   payloadHash = keccak256(abi.encode(titleId, holder, beneficiary))
/// so the attestation binds the title and both parties. Each messageId is consumed at most once, and
/// not after `validUntil` (unix seconds, compared with block.timestamp): an attestation that expired
/// can never be applied, which is what makes a refund on the source network safe.
///
/// Settling outbound messages. Each message sent by `lockForExport`/`burnForExport` is recorded
/// (its title, status Pending) and settled once, by M-of-N relay signatures over
///   Acknowledgement(bytes32 messageId,bytes32 destinationTx,uint256 chainId,address verifyingContract)
/// (`acknowledgeMessage`: the destination applied it in destinationTx) or
///   Refund(bytes32 messageId,uint256 chainId,address verifyingContract)
/// (`refundTitle`: the title becomes Active again here with the holder and beneficiary it left with).
/// The contract cannot see the destination; the relay signs a refund only after the import
/// attestation's validUntil has passed and the destination shows the message unconsumed at a final
/// block (docs/ethereum.md "Acknowledgements and refunds").
///
/// @dev No external calls except the ecrecover precompile; checks, then effects, then events.
contract TitleRegistry {
    /// @notice Lifecycle of a title on this network.
    enum TitleState {
        None,
        Active,
        Locked,
        Burned
    }

    /// @dev state, home and holder share one slot.
    struct Title {
        TitleState state;
        bool home;
        address holder;
        address beneficiary;
    }

    /// @notice Settlement of an outbound message (None: not sent from here).
    enum OutboundStatus {
        None,
        Pending,
        Acknowledged,
        Refunded
    }

    /// @dev titleId in one slot, status in the next.
    struct OutboundMessage {
        bytes32 titleId;
        OutboundStatus status;
    }

    /// @notice EIP-712 type hash of the relay attestation.
    bytes32 public constant RELAY_ATTESTATION_TYPEHASH = keccak256(
        "RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)"
    );
    /// @notice EIP-712 type hash of the acknowledgement of an outbound message.
    bytes32 public constant ACKNOWLEDGEMENT_TYPEHASH = keccak256(
        "Acknowledgement(bytes32 messageId,bytes32 destinationTx,uint256 chainId,address verifyingContract)"
    );
    /// @notice EIP-712 type hash of the refund of an outbound message.
    bytes32 public constant REFUND_TYPEHASH =
        keccak256("Refund(bytes32 messageId,uint256 chainId,address verifyingContract)");

    /// @dev EIP-712 domain type hash (EIP-712, "Definition of domainSeparator").
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("TradeChainBridge.TitleRegistry");
    bytes32 private constant VERSION_HASH = keccak256("1");

    /// @dev Half the order n of secp256k1 (SEC 2 v2, section 2.4.1), rounded down: signatures with a
    /// larger s are rejected so that each signature has exactly one valid form (EIP-2).
    uint256 private constant SECP256K1_HALF_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The account that administers the registry.
    address public owner;
    /// @notice The account nominated by `transferOwnership`, until it accepts.
    address public pendingOwner;
    /// @notice Accounts that may issue titles besides the owner.
    mapping(address account => bool) public isIssuer;
    /// @notice True while title operations are paused.
    bool public paused;
    /// @notice M: the number of distinct relay signatures an inbound message needs.
    uint8 public threshold;
    /// @notice Version of the relay signer set; incremented by every `setRelaySigners`.
    uint256 public signerSetVersion;
    /// @notice Last outbound nonce used on each lane (0 when the lane has sent nothing).
    mapping(bytes32 lane => uint256) public outboundNonce;

    address[] private _relaySigners;
    /// @dev A signer is in the current set when its version equals `signerSetVersion`; a rotation
    /// therefore needs no clean-up of the previous set.
    mapping(address signer => uint256) private _signerVersion;
    mapping(bytes32 titleId => Title) private _titles;
    mapping(bytes32 messageId => bool) private _consumed;
    mapping(bytes32 messageId => OutboundMessage) private _outbound;
    /// @dev The outbound message with which a title last left (the one a refund may undo).
    mapping(bytes32 titleId => bytes32) private _exitMessage;

    /// @notice `newOwner` was nominated; it becomes owner when it calls `acceptOwnership`.
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    /// @notice Ownership moved (from the zero address at deployment).
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice The issuer role of `account` was granted or removed.
    event IssuerChanged(address indexed account, bool allowed);
    /// @notice Title operations were paused.
    event Paused(address account);
    /// @notice Title operations were resumed.
    event Unpaused(address account);
    /// @notice The relay signer set and threshold were replaced (version 1 at deployment).
    event RelaySignersChanged(uint256 version, address[] signers, uint8 threshold);
    /// @notice A home title was issued.
    event TitleIssued(bytes32 indexed titleId, address indexed issuer, address holder, address beneficiary);
    /// @notice The holder of a title changed.
    event HolderTransferred(bytes32 indexed titleId, address indexed from, address indexed to);
    /// @notice The beneficiary of a title changed (endorsed by the holder).
    event BeneficiaryTransferred(bytes32 indexed titleId, address indexed from, address indexed to);
    /// @notice A home title was locked for export; `CrossChainMessage` with the same messageId follows.
    event TitleLocked(
        bytes32 indexed titleId, bytes32 indexed lane, bytes32 indexed messageId, address holder, address beneficiary
    );
    /// @notice An imported title was burned to send it back; `CrossChainMessage` with the same messageId follows.
    event TitleBurned(
        bytes32 indexed titleId, bytes32 indexed lane, bytes32 indexed messageId, address holder, address beneficiary
    );
    /// @notice A title arrived from another network (attested by the relay).
    event TitleImported(
        bytes32 indexed titleId, bytes32 indexed lane, bytes32 indexed messageId, address holder, address beneficiary
    );
    /// @notice A locked home title came back (attested by the relay).
    event TitleReleased(
        bytes32 indexed titleId, bytes32 indexed lane, bytes32 indexed messageId, address holder, address beneficiary
    );
    /// @notice An outbound cross-chain message; see the contract notice for messageId and payloadHash.
    event CrossChainMessage(
        bytes32 indexed lane,
        bytes32 indexed messageId,
        uint256 nonce,
        bytes32 destinationNetwork,
        bytes32 recipient,
        bytes32 payloadHash
    );
    /// @notice An inbound message was applied; it can never be applied again.
    event MessageConsumed(bytes32 indexed messageId);
    /// @notice The relay attested that the destination applied an outbound message in `destinationTx`.
    event MessageAcknowledged(bytes32 indexed messageId, bytes32 destinationTx);
    /// @notice An outbound message was refunded: the title is Active here again with `holder`.
    event TitleRefunded(bytes32 indexed titleId, bytes32 indexed messageId, address holder);

    /// @notice The caller is not the owner.
    error NotOwner(address caller);
    /// @notice The caller is not the pending owner.
    error NotPendingOwner(address caller);
    /// @notice The caller is neither the owner nor an issuer.
    error NotIssuer(address caller);
    /// @notice A title operation was called while paused (also: `pause` while paused).
    error EnforcedPause();
    /// @notice `unpause` was called while not paused.
    error ExpectedPause();
    /// @notice An address argument is zero.
    error ZeroAddress();
    /// @notice A bytes32 argument that must be set is zero.
    error ZeroArgument();
    /// @notice The threshold is 0 or larger than the number of signers.
    error InvalidThreshold(uint8 threshold, uint256 signerCount);
    /// @notice The signer set lists `signer` twice.
    error DuplicateSigner(address signer);
    /// @notice A title with this id exists already.
    error TitleExists(bytes32 titleId);
    /// @notice The title is not in a state that allows the operation.
    error WrongTitleState(bytes32 titleId, TitleState state);
    /// @notice The caller is not the holder of the title.
    error NotHolder(bytes32 titleId, address caller);
    /// @notice The operation needs a title issued on this network.
    error NotHomeTitle(bytes32 titleId);
    /// @notice The operation needs a title imported from another network.
    error NotImportedTitle(bytes32 titleId);
    /// @notice The inbound message was applied already (replay).
    error MessageAlreadyConsumed(bytes32 messageId);
    /// @notice Fewer signatures than the threshold.
    error ThresholdNotMet(uint256 have, uint256 need);
    /// @notice Signature `index` is not 65 bytes.
    error InvalidSignatureLength(uint256 index, uint256 length);
    /// @notice Signature `index` has a v other than 27 or 28.
    error InvalidSignatureV(uint256 index, uint8 v);
    /// @notice Signature `index` has a high s (s > n/2).
    error InvalidSignatureS(uint256 index);
    /// @notice Signature `index` recovers no address.
    error InvalidSignature(uint256 index);
    /// @notice Signature `index` recovers an address outside the current relay signer set (also the
    /// symptom of a signature made for another chain id, contract, lane, message or payload).
    error UnknownSigner(uint256 index, address recovered);
    /// @notice Signature `index` does not recover an address strictly greater than the previous one.
    error SignersNotAscending(uint256 index);
    /// @notice The inbound attestation was valid until `validUntil`; the block's time `blockTime` is later.
    error AttestationExpired(uint64 validUntil, uint256 blockTime);
    /// @notice No outbound message with this id was sent from this contract.
    error UnknownMessage(bytes32 messageId);
    /// @notice The outbound message was acknowledged or refunded already.
    error MessageAlreadySettled(bytes32 messageId, OutboundStatus status);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (paused) revert EnforcedPause();
        _;
    }

    /// @param initialOwner The owner (non-zero).
    /// @param signers The relay signers: distinct, non-zero addresses.
    /// @param initialThreshold M, with 1 <= M <= signers.length.
    constructor(address initialOwner, address[] memory signers, uint8 initialThreshold) {
        if (initialOwner == address(0)) revert ZeroAddress();
        owner = initialOwner;
        emit OwnershipTransferred(address(0), initialOwner);
        _setRelaySigners(signers, initialThreshold);
    }

    // ---------------------------------------------------------------- administration

    /// @notice Nominates `newOwner` (the zero address cancels a nomination); it must accept.
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(owner, newOwner);
    }

    /// @notice Completes an ownership transfer; only the nominated account may call it.
    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        address previous = owner;
        owner = msg.sender;
        pendingOwner = address(0);
        emit OwnershipTransferred(previous, msg.sender);
    }

    /// @notice Grants or removes the issuer role.
    function setIssuer(address account, bool allowed) external onlyOwner {
        if (account == address(0)) revert ZeroAddress();
        isIssuer[account] = allowed;
        emit IssuerChanged(account, allowed);
    }

    /// @notice Replaces the relay signer set and threshold. Attestations by removed signers stop
    /// counting at once, including for messages signed before the rotation.
    function setRelaySigners(address[] calldata signers, uint8 newThreshold) external onlyOwner {
        _setRelaySigners(signers, newThreshold);
    }

    /// @notice Pauses every state-changing title operation.
    function pause() external onlyOwner whenNotPaused {
        paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Resumes title operations.
    function unpause() external onlyOwner {
        if (!paused) revert ExpectedPause();
        paused = false;
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------- titles on this network

    /// @notice Issues a home title to `holder` with `beneficiary`; by the owner or an issuer.
    function issue(bytes32 titleId, address holder, address beneficiary) external whenNotPaused {
        if (msg.sender != owner && !isIssuer[msg.sender]) revert NotIssuer(msg.sender);
        if (titleId == bytes32(0)) revert ZeroArgument();
        if (holder == address(0) || beneficiary == address(0)) revert ZeroAddress();
        Title storage title = _titles[titleId];
        if (title.state != TitleState.None) revert TitleExists(titleId);

        title.state = TitleState.Active;
        title.home = true;
        title.holder = holder;
        title.beneficiary = beneficiary;
        emit TitleIssued(titleId, msg.sender, holder, beneficiary);
    }

    /// @notice Transfers possession of an active title; by its holder.
    function transferHolder(bytes32 titleId, address newHolder) external whenNotPaused {
        Title storage title = _activeTitleHeldByCaller(titleId);
        if (newHolder == address(0)) revert ZeroAddress();

        address previous = title.holder;
        title.holder = newHolder;
        emit HolderTransferred(titleId, previous, newHolder);
    }

    /// @notice Endorses an active title to a new beneficiary; by its holder (see the contract notice).
    function transferBeneficiary(bytes32 titleId, address newBeneficiary) external whenNotPaused {
        Title storage title = _activeTitleHeldByCaller(titleId);
        if (newBeneficiary == address(0)) revert ZeroAddress();

        address previous = title.beneficiary;
        title.beneficiary = newBeneficiary;
        emit BeneficiaryTransferred(titleId, previous, newBeneficiary);
    }

    // ---------------------------------------------------------------- leaving this network

    /// @notice Locks an active home title for export to `destinationNetwork`; by its holder.
    /// Emits `TitleLocked` then `CrossChainMessage`.
    /// @param lane The bridge lane (non-zero).
    /// @param destinationNetwork The destination network id (non-zero).
    /// @param recipient The holder on the destination network, in its own form (non-zero).
    /// @return messageId The outbound message id (see the contract notice).
    function lockForExport(bytes32 titleId, bytes32 lane, bytes32 destinationNetwork, bytes32 recipient)
        external
        whenNotPaused
        returns (bytes32 messageId)
    {
        Title storage title = _activeTitleHeldByCaller(titleId);
        if (!title.home) revert NotHomeTitle(titleId);
        _requireExportArguments(lane, destinationNetwork, recipient);

        title.state = TitleState.Locked;
        messageId = _nextMessageId(lane, titleId);
        emit TitleLocked(titleId, lane, messageId, title.holder, title.beneficiary);
        _emitCrossChainMessage(lane, messageId, destinationNetwork, recipient, titleId, title);
    }

    /// @notice Burns an active imported title to send it back towards its home network; by its holder.
    /// Same arguments and message as `lockForExport`. Emits `TitleBurned` then `CrossChainMessage`.
    function burnForExport(bytes32 titleId, bytes32 lane, bytes32 destinationNetwork, bytes32 recipient)
        external
        whenNotPaused
        returns (bytes32 messageId)
    {
        Title storage title = _activeTitleHeldByCaller(titleId);
        if (title.home) revert NotImportedTitle(titleId);
        _requireExportArguments(lane, destinationNetwork, recipient);

        title.state = TitleState.Burned;
        messageId = _nextMessageId(lane, titleId);
        emit TitleBurned(titleId, lane, messageId, title.holder, title.beneficiary);
        _emitCrossChainMessage(lane, messageId, destinationNetwork, recipient, titleId, title);
    }

    // ---------------------------------------------------------------- arriving on this network

    /// @notice Imports a title from another network: creates it (state None) or re-activates a
    /// burned imported one, with the attested holder and beneficiary. A replayed message id reverts
    /// `MessageAlreadyConsumed` before any other check, an expired attestation `AttestationExpired` next.
    /// @param validUntil The last unix second (block.timestamp) at which the attestation may be applied.
    /// @param signatures At least `threshold` relay signatures over
    /// `attestationDigest(lane, messageId, keccak256(abi.encode(titleId, holder, beneficiary)), validUntil)`,
    /// each 65 bytes r || s || v with v in {27, 28} and s <= n/2, from distinct current signers in
    /// strictly ascending order of signer address.
    function importTitle(
        bytes32 lane,
        bytes32 messageId,
        bytes32 titleId,
        address holder,
        address beneficiary,
        uint64 validUntil,
        bytes[] calldata signatures
    ) external whenNotPaused {
        if (_consumed[messageId]) revert MessageAlreadyConsumed(messageId);
        _requireNotExpired(validUntil);
        if (titleId == bytes32(0)) revert ZeroArgument();
        if (holder == address(0) || beneficiary == address(0)) revert ZeroAddress();
        Title storage title = _titles[titleId];
        bool importable = title.state == TitleState.None || (title.state == TitleState.Burned && !title.home);
        if (!importable) revert WrongTitleState(titleId, title.state);
        _consumeAttestedMessage(
            lane, messageId, inboundPayloadHash(titleId, holder, beneficiary), validUntil, signatures
        );

        title.state = TitleState.Active;
        title.home = false;
        title.holder = holder;
        title.beneficiary = beneficiary;
        emit TitleImported(titleId, lane, messageId, holder, beneficiary);
    }

    /// @notice Releases a locked home title that came back, to the attested holder and beneficiary. A
    /// replayed message id reverts `MessageAlreadyConsumed` before any other check, an expired
    /// attestation `AttestationExpired` next.
    /// @param validUntil As for `importTitle`.
    /// @param signatures As for `importTitle`.
    function releaseTitle(
        bytes32 lane,
        bytes32 messageId,
        bytes32 titleId,
        address holder,
        address beneficiary,
        uint64 validUntil,
        bytes[] calldata signatures
    ) external whenNotPaused {
        if (_consumed[messageId]) revert MessageAlreadyConsumed(messageId);
        _requireNotExpired(validUntil);
        if (holder == address(0) || beneficiary == address(0)) revert ZeroAddress();
        Title storage title = _titles[titleId];
        if (title.state != TitleState.Locked) revert WrongTitleState(titleId, title.state);
        if (!title.home) revert NotHomeTitle(titleId);
        _consumeAttestedMessage(
            lane, messageId, inboundPayloadHash(titleId, holder, beneficiary), validUntil, signatures
        );

        title.state = TitleState.Active;
        title.holder = holder;
        title.beneficiary = beneficiary;
        emit TitleReleased(titleId, lane, messageId, holder, beneficiary);
    }

    // ---------------------------------------------------------------- settling outbound messages

    /// @notice Records that the destination applied outbound message `messageId` in `destinationTx`;
    /// once per message, and never after a refund.
    /// @param signatures At least `threshold` relay signatures over
    /// `acknowledgementDigest(messageId, destinationTx)`, as for `importTitle`.
    function acknowledgeMessage(bytes32 messageId, bytes32 destinationTx, bytes[] calldata signatures)
        external
        whenNotPaused
    {
        OutboundMessage storage message = _pendingOutbound(messageId);
        _verifyAttestation(acknowledgementDigest(messageId, destinationTx), signatures);

        message.status = OutboundStatus.Acknowledged;
        emit MessageAcknowledged(messageId, destinationTx);
    }

    /// @notice Gives the title of outbound message `messageId` back: Active here again with the holder
    /// and beneficiary it left with (a locked home title stays home, a burned imported one stays
    /// imported); once per message, never after an acknowledgement, and only while the title is still
    /// out with this message. The relay signs only when the destination can no longer apply the
    /// message (see the contract notice).
    /// @param signatures At least `threshold` relay signatures over `refundDigest(messageId)`, as for
    /// `importTitle`.
    function refundTitle(bytes32 messageId, bytes[] calldata signatures) external whenNotPaused {
        OutboundMessage storage message = _pendingOutbound(messageId);
        bytes32 titleId = message.titleId;
        Title storage title = _titles[titleId];
        TitleState away = title.home ? TitleState.Locked : TitleState.Burned;
        if (title.state != away || _exitMessage[titleId] != messageId) revert WrongTitleState(titleId, title.state);
        _verifyAttestation(refundDigest(messageId), signatures);

        message.status = OutboundStatus.Refunded;
        title.state = TitleState.Active;
        emit TitleRefunded(titleId, messageId, title.holder);
    }

    // ---------------------------------------------------------------- views

    /// @notice The title's state, parties and origin (`home` is true when it was issued here).
    function getTitle(bytes32 titleId)
        external
        view
        returns (TitleState state, address holder, address beneficiary, bool home)
    {
        Title storage title = _titles[titleId];
        return (title.state, title.holder, title.beneficiary, title.home);
    }

    /// @notice The current relay signer set, in the order it was set.
    function relaySigners() external view returns (address[] memory) {
        return _relaySigners;
    }

    /// @notice True when `account` is in the current relay signer set.
    function isRelaySigner(address account) public view returns (bool) {
        return account != address(0) && _signerVersion[account] == signerSetVersion;
    }

    /// @notice True when the inbound message was applied.
    function isConsumed(bytes32 messageId) external view returns (bool) {
        return _consumed[messageId];
    }

    /// @notice The title and settlement of an outbound message (status None: not sent from here).
    function outboundMessage(bytes32 messageId) external view returns (bytes32 titleId, OutboundStatus status) {
        OutboundMessage storage message = _outbound[messageId];
        return (message.titleId, message.status);
    }

    /// @notice The EIP-712 domain separator for this chain and contract.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// @notice The EIP-712 digest the relay signers sign for an inbound message: keccak256("\x19\x01" ||
    /// domainSeparator || hashStruct(RelayAttestation(lane, messageId, payloadHash, block.chainid,
    /// address(this), validUntil))).
    function attestationDigest(bytes32 lane, bytes32 messageId, bytes32 payloadHash, uint64 validUntil)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                RELAY_ATTESTATION_TYPEHASH, lane, messageId, payloadHash, block.chainid, address(this), validUntil
            )
        );
        return _typedDigest(structHash);
    }

    /// @notice The EIP-712 digest of Acknowledgement(messageId, destinationTx, block.chainid, address(this)).
    function acknowledgementDigest(bytes32 messageId, bytes32 destinationTx) public view returns (bytes32) {
        return _typedDigest(
            keccak256(abi.encode(ACKNOWLEDGEMENT_TYPEHASH, messageId, destinationTx, block.chainid, address(this)))
        );
    }

    /// @notice The EIP-712 digest of Refund(messageId, block.chainid, address(this)).
    function refundDigest(bytes32 messageId) public view returns (bytes32) {
        return _typedDigest(keccak256(abi.encode(REFUND_TYPEHASH, messageId, block.chainid, address(this))));
    }

    /// @notice The payload hash of an inbound title: keccak256(abi.encode(titleId, holder, beneficiary)).
    function inboundPayloadHash(bytes32 titleId, address holder, address beneficiary) public pure returns (bytes32) {
        return keccak256(abi.encode(titleId, holder, beneficiary));
    }

    /// @notice The payload hash of an outbound title:
    /// keccak256(abi.encode(titleId, holder, beneficiary, recipient)).
    function outboundPayloadHash(bytes32 titleId, address holder, address beneficiary, bytes32 recipient)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(titleId, holder, beneficiary, recipient));
    }

    // ---------------------------------------------------------------- internals

    function _setRelaySigners(address[] memory signers, uint8 newThreshold) private {
        uint256 count = signers.length;
        if (newThreshold == 0 || newThreshold > count) revert InvalidThreshold(newThreshold, count);
        uint256 version = signerSetVersion + 1;
        for (uint256 i = 0; i < count; ++i) {
            address signer = signers[i];
            if (signer == address(0)) revert ZeroAddress();
            if (_signerVersion[signer] == version) revert DuplicateSigner(signer);
            _signerVersion[signer] = version;
        }

        signerSetVersion = version;
        _relaySigners = signers;
        threshold = newThreshold;
        emit RelaySignersChanged(version, signers, newThreshold);
    }

    function _activeTitleHeldByCaller(bytes32 titleId) private view returns (Title storage title) {
        title = _titles[titleId];
        if (title.state != TitleState.Active) revert WrongTitleState(titleId, title.state);
        if (title.holder != msg.sender) revert NotHolder(titleId, msg.sender);
    }

    function _requireExportArguments(bytes32 lane, bytes32 destinationNetwork, bytes32 recipient) private pure {
        if (lane == bytes32(0) || destinationNetwork == bytes32(0) || recipient == bytes32(0)) {
            revert ZeroArgument();
        }
    }

    /// @dev The next outbound message id of `lane`, recorded as Pending for `titleId` and as the
    /// title's exit message.
    function _nextMessageId(bytes32 lane, bytes32 titleId) private returns (bytes32 messageId) {
        uint256 nonce = ++outboundNonce[lane];
        messageId = keccak256(abi.encode(block.chainid, address(this), lane, nonce));
        _outbound[messageId] = OutboundMessage(titleId, OutboundStatus.Pending);
        _exitMessage[titleId] = messageId;
    }

    function _pendingOutbound(bytes32 messageId) private view returns (OutboundMessage storage message) {
        message = _outbound[messageId];
        if (message.status == OutboundStatus.None) revert UnknownMessage(messageId);
        if (message.status != OutboundStatus.Pending) revert MessageAlreadySettled(messageId, message.status);
    }

    function _requireNotExpired(uint64 validUntil) private view {
        if (block.timestamp > validUntil) revert AttestationExpired(validUntil, block.timestamp);
    }

    function _typedDigest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    function _emitCrossChainMessage(
        bytes32 lane,
        bytes32 messageId,
        bytes32 destinationNetwork,
        bytes32 recipient,
        bytes32 titleId,
        Title storage title
    ) private {
        bytes32 payloadHash = outboundPayloadHash(titleId, title.holder, title.beneficiary, recipient);
        emit CrossChainMessage(lane, messageId, outboundNonce[lane], destinationNetwork, recipient, payloadHash);
    }

    function _consumeAttestedMessage(
        bytes32 lane,
        bytes32 messageId,
        bytes32 payloadHash,
        uint64 validUntil,
        bytes[] calldata signatures
    ) private {
        _verifyAttestation(attestationDigest(lane, messageId, payloadHash, validUntil), signatures);

        _consumed[messageId] = true;
        emit MessageConsumed(messageId);
    }

    /// @dev Every signature must be valid and from a current signer, strictly ascending by recovered
    /// address (so no signer counts twice), and there must be at least `threshold` of them.
    function _verifyAttestation(bytes32 digest, bytes[] calldata signatures) private view {
        uint256 have = signatures.length;
        uint256 need = threshold;
        if (have < need) revert ThresholdNotMet(have, need);

        uint256 version = signerSetVersion;
        address previous = address(0);
        for (uint256 i = 0; i < have; ++i) {
            address signer = _recover(digest, signatures[i], i);
            if (_signerVersion[signer] != version) revert UnknownSigner(i, signer);
            if (signer <= previous) revert SignersNotAscending(i);
            previous = signer;
        }
    }

    /// @dev Recovers the signer of a 65-byte r || s || v signature (the layout of eth_sign), with the
    /// ecrecover precompile (Yellow Paper, appendix E, address 0x01).
    function _recover(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address) {
        if (signature.length != 65) revert InvalidSignatureLength(index, signature.length);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert InvalidSignatureV(index, v);
        if (uint256(s) > SECP256K1_HALF_ORDER) revert InvalidSignatureS(index);

        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature(index);
        return signer;
    }
}
