using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.UnitTests.Adapters.Fabric.Gateway;

/// <summary>The prepared transaction is read as transactionparser.ts does (fabric-wire.md §2.2).</summary>
[Trait("Category", "Unit")]
public sealed class TransactionParserTests
{
    [Fact]
    public void Parse_GatewayShapedEnvelope_ReturnsChannelAndChaincodeResponsePayload()
    {
        var envelope = Envelope("trade", Action(Respond("hello"u8.ToArray())));

        var (channel, result) = TransactionParser.Parse(envelope, "tx");

        channel.ShouldBe("trade");
        result.ShouldBe("hello"u8.ToArray());
    }

    [Fact]
    public void Parse_FirstActionUndecodable_UsesTheFirstThatDecodes()
    {
        var garbage = new TransactionAction { Payload = ByteString.CopyFrom(0xff, 0xff, 0xff) };

        var (_, result) = TransactionParser.Parse(Envelope("trade", garbage, Action(Respond([1, 2, 3]))), "tx");

        result.ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public void Parse_NoActions_ThrowsEndorseFailureNamingTheTransaction()
    {
        var error = Should.Throw<FabricGatewayException>(() => TransactionParser.Parse(Envelope("trade"), "tx-9"));

        error.Kind.ShouldBe(FabricGatewayOperation.Endorse);
        error.TransactionId.ShouldBe("tx-9");
        error.StatusCode.ShouldBe(GrpcStatusCode.Internal);
        error.Message.ShouldContain("No proposal response found");
    }

    [Fact]
    public void Parse_PayloadNotProtobuf_ThrowsFabricGatewayException()
    {
        var envelope = new Envelope { Payload = ByteString.CopyFrom(0x0a, 0xff) };

        Should.Throw<FabricGatewayException>(() => TransactionParser.Parse(envelope, "tx"));
    }

    private static ChaincodeAction Respond(byte[] payload) => new()
    {
        Response = new Response { Status = 200, Payload = ByteString.CopyFrom(payload) },
        ChaincodeId = new ChaincodeID { Name = "bridge", Version = "1.0" },
    };

    private static TransactionAction Action(ChaincodeAction chaincodeAction)
    {
        var responsePayload = new ProposalResponsePayload { ProposalHash = ByteString.CopyFrom(new byte[32]), Extension = chaincodeAction.ToByteString() };
        var actionPayload = new ChaincodeActionPayload
        {
            Action = new ChaincodeEndorsedAction { ProposalResponsePayload = responsePayload.ToByteString() },
        };
        return new TransactionAction { Header = ByteString.CopyFromUtf8("sig-header"), Payload = actionPayload.ToByteString() };
    }

    private static Envelope Envelope(string channel, params TransactionAction[] actions)
    {
        var payload = new Payload
        {
            Header = new Header { ChannelHeader = new ChannelHeader { Type = 3, ChannelId = channel, TxId = "tx" }.ToByteString() },
            Data = new Transaction { Actions = { actions } }.ToByteString(),
        };
        return new Envelope { Payload = payload.ToByteString() };
    }
}
