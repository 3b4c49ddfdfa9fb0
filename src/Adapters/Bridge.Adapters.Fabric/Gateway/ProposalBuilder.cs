using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>An unsigned proposal: its transaction id and the serialized <c>protos.Proposal</c>.</summary>
/// <param name="TransactionId">hex(SHA-256(nonce ‖ creator)).</param>
/// <param name="ProposalBytes">The <c>protos.Proposal</c> bytes to sign.</param>
internal sealed record BuiltProposal(string TransactionId, byte[] ProposalBytes);

/// <summary>
/// Builds chaincode proposals exactly as the official client does (fabric-wire.md §2.1 "Proposal",
/// <c>fabric-gateway:node/src/proposalbuilder.ts</c>): a 24-byte nonce, tx_id = hex(SHA-256(nonce ‖ creator)),
/// ChannelHeader{type 3, tx_id, timestamp, channel, extension, epoch 0}, SignatureHeader{creator, nonce} and
/// ChaincodeProposalPayload{ChaincodeInvocationSpec{ChaincodeSpec{NODE, chaincode_id{name}, input{[function, args…]}}},
/// TransientMap}.
/// </summary>
internal static class ProposalBuilder
{
    public static BuiltProposal Build(
        ReadOnlySpan<byte> creator,
        ReadOnlySpan<byte> nonce,
        DateTimeOffset timestamp,
        string channel,
        string chaincode,
        string function,
        FabricProposalOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(chaincode);
        ArgumentException.ThrowIfNullOrEmpty(function);
        ArgumentNullException.ThrowIfNull(options);

        var transactionId = TransactionIds.Compute(nonce, creator);
        var chaincodeId = new ChaincodeID { Name = chaincode };
        var channelHeader = new ChannelHeader
        {
            Type = (int)HeaderType.EndorserTransaction,
            TxId = transactionId,
            Timestamp = Timestamp.FromDateTimeOffset(timestamp),
            ChannelId = channel,
            Extension = new ChaincodeHeaderExtension { ChaincodeId = chaincodeId }.ToByteString(),
            Epoch = 0,
        };
        var signatureHeader = new SignatureHeader
        {
            Creator = ByteString.CopyFrom(creator),
            Nonce = ByteString.CopyFrom(nonce),
        };

        var input = new ChaincodeInput();
        input.Args.Add(ByteString.CopyFromUtf8(function));
        foreach (var argument in options.Arguments)
        {
            input.Args.Add(ByteString.CopyFrom(argument.Span));
        }

        var invocation = new ChaincodeInvocationSpec
        {
            ChaincodeSpec = new ChaincodeSpec
            {
                Type = ChaincodeSpec.Types.Type.Node,
                ChaincodeId = chaincodeId,
                Input = input,
            },
        };
        var payload = new ChaincodeProposalPayload { Input = invocation.ToByteString() };
        foreach (var (key, value) in options.TransientData)
        {
            payload.TransientMap.Add(key, ByteString.CopyFrom(value.Span));
        }

        var proposal = new Proposal
        {
            Header = new Header
            {
                ChannelHeader = channelHeader.ToByteString(),
                SignatureHeader = signatureHeader.ToByteString(),
            }.ToByteString(),
            Payload = payload.ToByteString(),
        };
        return new BuiltProposal(transactionId, proposal.ToByteArray());
    }

    /// <summary>The channel and tx id in a proposal's channel header.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a proposal.</exception>
    public static (string Channel, string TransactionId) ReadHeader(ByteString proposalBytes)
    {
        var proposal = Proposal.Parser.ParseFrom(proposalBytes);
        var header = Header.Parser.ParseFrom(proposal.Header);
        var channelHeader = ChannelHeader.Parser.ParseFrom(header.ChannelHeader);
        return (channelHeader.ChannelId, channelHeader.TxId);
    }
}
