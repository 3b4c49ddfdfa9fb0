using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>
/// A signed proposal that passed the peer's checks (<see cref="ProposalValidator"/>), unpacked: what the chaincode
/// needs and the exact bytes that endorsement and transaction assembly reuse (fabric-wire.md §2.3).
/// </summary>
internal sealed class ValidatedProposal
{
    internal ValidatedProposal(
        SignedProposal signedProposal,
        Header header,
        ChannelHeader channelHeader,
        FabricIdentity creator,
        string chaincodeName,
        string? contractName,
        string function,
        IReadOnlyList<byte[]> args,
        ByteString chaincodeProposalPayloadWithoutTransient,
        byte[] proposalHash)
    {
        SignedProposal = signedProposal;
        Header = header;
        ChannelHeader = channelHeader;
        Creator = creator;
        ChaincodeName = chaincodeName;
        ContractName = contractName;
        Function = function;
        Args = args;
        ChaincodeProposalPayloadWithoutTransient = chaincodeProposalPayloadWithoutTransient;
        _proposalHash = proposalHash;
    }

    private readonly byte[] _proposalHash;

    /// <summary>The proposal as received.</summary>
    public SignedProposal SignedProposal { get; }

    /// <summary>The proposal's <c>common.Header</c> (its channel_header and signature_header bytes are the originals).</summary>
    public Header Header { get; }

    /// <summary>The decoded channel header.</summary>
    public ChannelHeader ChannelHeader { get; }

    /// <summary>The transaction id (<c>ChannelHeader.tx_id</c>, checked against SHA-256(nonce ‖ creator)).</summary>
    public string TxId => ChannelHeader.TxId;

    /// <summary>The channel.</summary>
    public string ChannelId => ChannelHeader.ChannelId;

    /// <summary>The proposal's timestamp (<c>ChannelHeader.timestamp</c>; the Unix epoch when absent).</summary>
    public DateTimeOffset Timestamp => ChannelHeader.Timestamp is { } t ? t.ToDateTimeOffset() : DateTimeOffset.UnixEpoch;

    /// <summary>The creator, validated against its MSP.</summary>
    public FabricIdentity Creator { get; }

    /// <summary>The chaincode (from <c>ChaincodeHeaderExtension.chaincode_id.name</c>, as the endorser reads it).</summary>
    public string ChaincodeName { get; }

    /// <summary>The contract name when args[0] was <c>"Contract:function"</c> (fabric-wire.md §2.1), else null.</summary>
    public string? ContractName { get; }

    /// <summary>The transaction function: args[0] without a contract prefix (empty when there are no args).</summary>
    public string Function { get; }

    /// <summary>The function's arguments (args[1..]).</summary>
    public IReadOnlyList<byte[]> Args { get; }

    /// <summary>
    /// <c>ChaincodeProposalPayload{input}</c> re-serialized without the transient map: the bytes that go into the
    /// transaction and into the proposal hash (fabric-wire.md §2.3; <c>msgvalidation.go UnpackProposal</c>).
    /// </summary>
    public ByteString ChaincodeProposalPayloadWithoutTransient { get; }

    /// <summary>SHA-256(channel_header ‖ signature_header ‖ payload without transient) (fabric-wire.md §2.3).</summary>
    public ReadOnlySpan<byte> ProposalHash => _proposalHash;
}
