using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Orderer;
using Google.Protobuf;

namespace Bridge.UnitTests.Adapters.Fabric.Gateway;

/// <summary>Gateway failures carry the gRPC status and the ErrorDetail list (fabric-wire.md §1.2 "Error model").</summary>
[Trait("Category", "Unit")]
public sealed class FabricGatewayExceptionTests
{
    private const string ErrorDetailType = "type.googleapis.com/gateway.ErrorDetail";

    [Fact]
    public void Constructor_GrpcExceptionWithErrorDetails_ExposesCodeMessageAndDetails()
    {
        var detail = new ErrorDetail { Address = "peer0.bank.example.com:7051", MspId = "BankMSP", Message = "chaincode response 500, already anchored" };
        var grpc = new GrpcException(GrpcStatusCode.Aborted, "failed to endorse transaction, see attached details for more info", [new GrpcAny(ErrorDetailType, detail.ToByteArray())]);

        var error = new FabricGatewayException(FabricGatewayOperation.Endorse, "tx-1", grpc);

        error.Kind.ShouldBe(FabricGatewayOperation.Endorse);
        error.StatusCode.ShouldBe(GrpcStatusCode.Aborted);
        error.StatusMessage.ShouldBe("failed to endorse transaction, see attached details for more info");
        error.Details.ShouldBe([new FabricErrorDetail("peer0.bank.example.com:7051", "BankMSP", "chaincode response 500, already anchored")]);
        error.TransactionId.ShouldBe("tx-1");
        error.InnerException.ShouldBeSameAs(grpc);
        error.Message.ShouldContain("Aborted (10)");
        error.Message.ShouldContain("BankMSP (peer0.bank.example.com:7051): chaincode response 500, already anchored");
        error.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_StatusDetailsReceivedOnTheWire_AreDecodedFromTheTrailerBytes()
    {
        // The bytes as a server sends them in grpc-status-details-bin, decoded by the gRPC layer.
        var detail = new ErrorDetail { Address = "a:1", MspId = "CarrierMSP", Message = "m" };
        var statusBytes = new GrpcStatusDetails(2, "evaluate failed", [new GrpcAny(ErrorDetailType, detail.ToByteArray())]).ToByteArray();
        var received = new GrpcException(GrpcStatusCode.Unknown, "evaluate failed", statusBytes.AsMemory());

        var error = new FabricGatewayException(FabricGatewayOperation.Evaluate, null, received);

        error.Details.ShouldHaveSingleItem().MspId.ShouldBe("CarrierMSP");
    }

    [Fact]
    public void ParseDetails_UndecodableDetail_IsSkipped()
    {
        var good = new ErrorDetail { MspId = "CustomsMSP" }.ToByteArray();

        var details = FabricGatewayException.ParseDetails([new GrpcAny("x", new byte[] { 0x0a, 0xff }), new GrpcAny(ErrorDetailType, good)]);

        details.ShouldHaveSingleItem().MspId.ShouldBe("CustomsMSP");
    }

    [Theory]
    [InlineData(GrpcStatusCode.Unavailable, true)]
    [InlineData(GrpcStatusCode.DeadlineExceeded, false)]
    [InlineData(GrpcStatusCode.FailedPrecondition, false)]
    public void IsTransient_ByStatus_OnlyUnavailable(GrpcStatusCode code, bool expected)
    {
        new FabricGatewayException(FabricGatewayOperation.Submit, null, new GrpcException(code, "x")).IsTransient.ShouldBe(expected);
    }

    [Fact]
    public void FabricCommitException_InvalidCode_CarriesCodeBlockAndTransaction()
    {
        var error = new FabricCommitException(new FabricCommitStatus("tx-2", Bridge.Adapters.Fabric.Protos.Peer.TxValidationCode.MvccReadConflict, 7));

        error.ValidationCode.ShouldBe(Bridge.Adapters.Fabric.Protos.Peer.TxValidationCode.MvccReadConflict);
        error.BlockNumber.ShouldBe(7UL);
        error.TransactionId.ShouldBe("tx-2");
        error.Message.ShouldContain("MvccReadConflict (11)");
    }

    [Fact]
    public void ChaincodeEventPosition_Variants_MapToSeekPositionAndAfterTransactionId()
    {
        ChaincodeEventPosition.NextCommit.ToSeekPosition().TypeCase.ShouldBe(SeekPosition.TypeOneofCase.NextCommit);
        ChaincodeEventPosition.NextCommit.AfterTransactionId.ShouldBeNull();

        var fromBlock = ChaincodeEventPosition.FromBlock(0).ToSeekPosition();
        fromBlock.TypeCase.ShouldBe(SeekPosition.TypeOneofCase.Specified);
        fromBlock.Specified.Number.ShouldBe(0UL);
        // specified{number:0} is field 3 holding an empty SeekSpecified: 1a 00 (fabric-wire.md §3.1, startBlock 0n).
        fromBlock.ToByteArray().ShouldBe(new byte[] { 0x1a, 0x00 });

        var after = ChaincodeEventPosition.After(new FabricEventCheckpoint(5, "abc"));
        after.ToSeekPosition().Specified.Number.ShouldBe(5UL);
        after.AfterTransactionId.ShouldBe("abc");
        Should.Throw<ArgumentException>(() => ChaincodeEventPosition.After(new FabricEventCheckpoint(5, string.Empty)));
    }
}
