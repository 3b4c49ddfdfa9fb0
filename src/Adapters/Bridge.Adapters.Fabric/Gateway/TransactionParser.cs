using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Gateway;

/// <summary>
/// Reads what the client needs from the prepared transaction that Endorse returns, as the official client does and no
/// more (fabric-wire.md §2.2, <c>fabric-gateway:node/src/transactionparser.ts</c>): the channel from
/// <c>Payload.header.channel_header</c>, and the result from the first TransactionAction that decodes through
/// ChaincodeActionPayload → action → ProposalResponsePayload.extension → ChaincodeAction.response.payload.
/// Signatures, proposal hash and policy are not checked here (the committing peers do that, §2.3).
/// </summary>
internal static class TransactionParser
{
    /// <summary>Parses the envelope.</summary>
    /// <exception cref="FabricGatewayException">The envelope holds no channel header or no chaincode response.</exception>
    public static (string Channel, byte[] Result) Parse(Envelope envelope, string transactionId)
    {
        Payload payload;
        ChannelHeader channelHeader;
        Transaction transaction;
        try
        {
            payload = Payload.Parser.ParseFrom(envelope.Payload);
            channelHeader = ChannelHeader.Parser.ParseFrom(payload.Header?.ChannelHeader ?? ByteString.Empty);
            transaction = Transaction.Parser.ParseFrom(payload.Data);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw Unusable(transactionId, $"The prepared transaction is not a Fabric transaction envelope: {ex.Message}", ex);
        }

        foreach (var action in transaction.Actions)
        {
            try
            {
                var actionPayload = ChaincodeActionPayload.Parser.ParseFrom(action.Payload);
                if (actionPayload.Action is null)
                {
                    continue;
                }

                var responsePayload = ProposalResponsePayload.Parser.ParseFrom(actionPayload.Action.ProposalResponsePayload);
                var chaincodeAction = ChaincodeAction.Parser.ParseFrom(responsePayload.Extension);
                if (chaincodeAction.Response is { } response)
                {
                    return (channelHeader.ChannelId, response.Payload.ToByteArray());
                }
            }
            catch (InvalidProtocolBufferException)
            {
                // transactionparser.ts moves on to the next action.
            }
        }

        throw Unusable(transactionId, "No proposal response found in the prepared transaction.", null);
    }

    private static FabricGatewayException Unusable(string transactionId, string message, Exception? inner) =>
        new(FabricGatewayOperation.Endorse, transactionId, GrpcStatusCode.Internal, message, null, inner);
}
