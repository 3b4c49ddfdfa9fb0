using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Kvrwset;
using Bridge.Adapters.Fabric.Protos.Msp;
using Bridge.Adapters.Fabric.Protos.Orderer;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Adapters.Fabric.Protos.Rwset;
using Google.Protobuf.Reflection;
using RpcStatusReflection = Bridge.Adapters.Fabric.Protos.Rpc.StatusReflection;

namespace Bridge.UnitTests.Adapters.Fabric.Protos;

/// <summary>Field numbers and full names read from the compiled descriptors against the fabric-wire.md §1.2 table.</summary>
[Trait("Category", "Unit")]
public sealed class ProtoDescriptorTests
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        GatewayReflection.Descriptor,
        ProposalReflection.Descriptor,
        ProposalResponseReflection.Descriptor,
        ChaincodeReflection.Descriptor,
        ChaincodeEventReflection.Descriptor,
        TransactionReflection.Descriptor,
        CommonReflection.Descriptor,
        PoliciesReflection.Descriptor,
        MspPrincipalReflection.Descriptor,
        IdentitiesReflection.Descriptor,
        AbReflection.Descriptor,
        RwsetReflection.Descriptor,
        KvRwsetReflection.Descriptor,
        RpcStatusReflection.Descriptor);

    [Theory]
    [InlineData("protos.ChaincodeAction", "results", 1)]
    [InlineData("protos.ChaincodeAction", "events", 2)]
    [InlineData("protos.ChaincodeAction", "response", 3)]
    [InlineData("protos.ChaincodeAction", "chaincode_id", 4)]
    [InlineData("protos.ProposalResponse", "response", 4)]
    [InlineData("protos.ProposalResponse", "payload", 5)]
    [InlineData("protos.ProposalResponse", "endorsement", 6)]
    [InlineData("protos.ProposalResponse", "interest", 7)]
    [InlineData("gateway.ChaincodeEventsRequest", "channel_id", 1)]
    [InlineData("gateway.ChaincodeEventsRequest", "chaincode_id", 2)]
    [InlineData("gateway.ChaincodeEventsRequest", "identity", 3)]
    [InlineData("gateway.ChaincodeEventsRequest", "start_position", 4)]
    [InlineData("gateway.ChaincodeEventsRequest", "after_transaction_id", 5)]
    [InlineData("orderer.SeekPosition", "newest", 1)]
    [InlineData("orderer.SeekPosition", "oldest", 2)]
    [InlineData("orderer.SeekPosition", "specified", 3)]
    [InlineData("orderer.SeekPosition", "next_commit", 4)]
    [InlineData("protos.ChaincodeHeaderExtension", "chaincode_id", 2)]
    [InlineData("protos.ChaincodeProposalPayload", "TransientMap", 2)]
    [InlineData("protos.ProcessedTransaction", "validationCode", 2)]
    [InlineData("common.MetadataSignature", "identifier_header", 3)]
    [InlineData("common.ChannelHeader", "tls_cert_hash", 8)]
    [InlineData("common.SignaturePolicy", "n_out_of", 2)]
    [InlineData("common.MSPRole", "role", 2)]
    [InlineData("protos.ChaincodeCall", "disregard_namespace_policy", 6)]
    [InlineData("kvrwset.KVRWSet", "metadata_writes", 4)]
    [InlineData("rwset.NsReadWriteSet", "collection_hashed_rwset", 3)]
    [InlineData("google.rpc.Status", "details", 3)]
    [InlineData("gateway.PreparedTransaction", "envelope", 2)]
    public void Field_InFabricTable_HasTheTableNumber(string message, string field, int number)
    {
        var descriptor = Registry.Find(message);

        descriptor.ShouldNotBeNull($"{message} is not compiled under that full name");
        descriptor.FindFieldByName(field).ShouldNotBeNull($"{message}.{field} missing").FieldNumber.ShouldBe(number);
    }

    [Fact]
    public void SeekPosition_Members_FormOneOneof()
    {
        var oneof = SeekPosition.Descriptor.Oneofs.ShouldHaveSingleItem();

        oneof.Fields.Select(f => f.FieldNumber).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void ChaincodeAction_Field5_IsReservedNotDefined()
    {
        ChaincodeAction.Descriptor.FindFieldByNumber(5).ShouldBeNull();
        ChaincodeAction.Descriptor.Fields.InFieldNumberOrder().Select(f => f.FieldNumber).ShouldBe([1, 2, 3, 4]);
    }

    [Theory]
    [InlineData(TxValidationCode.Valid, 0)]
    [InlineData(TxValidationCode.EndorsementPolicyFailure, 10)]
    [InlineData(TxValidationCode.MvccReadConflict, 11)]
    [InlineData(TxValidationCode.InvalidChaincode, 25)]
    [InlineData(TxValidationCode.NotValidated, 254)]
    [InlineData(TxValidationCode.InvalidOtherReason, 255)]
    public void TxValidationCode_Value_MatchesTable(TxValidationCode code, int value) => ((int)code).ShouldBe(value);

    [Fact]
    public void CommonEnums_Values_MatchTable()
    {
        ((int)HeaderType.EndorserTransaction).ShouldBe(3);
        ((int)HeaderType.ChaincodePackage).ShouldBe(6);
        ((int)BlockMetadataIndex.TransactionsFilter).ShouldBe(2);
        ((int)BlockMetadataIndex.CommitHash).ShouldBe(4);
        ((int)Status.Success).ShouldBe(200);
        ((int)Status.ServiceUnavailable).ShouldBe(503);
        ((int)MSPPrincipal.Types.Classification.Combined).ShouldBe(4);
        ((int)MSPRole.Types.MSPRoleType.Orderer).ShouldBe(4);
        ((int)ChaincodeSpec.Types.Type.Java).ShouldBe(4);
    }

    [Fact]
    public void ErrorDetail_FullName_IsGatewayErrorDetail() =>
        ErrorDetail.Descriptor.FullName.ShouldBe("gateway.ErrorDetail");

    [Fact]
    public void Messages_CSharpNamespaces_FollowTheProtoPackages()
    {
        typeof(SerializedIdentity).Namespace.ShouldBe("Bridge.Adapters.Fabric.Protos.Msp");
        typeof(KVRWSet).Namespace.ShouldBe("Bridge.Adapters.Fabric.Protos.Kvrwset");
        typeof(TxReadWriteSet).Namespace.ShouldBe("Bridge.Adapters.Fabric.Protos.Rwset");
        typeof(MSPPrincipal).Namespace.ShouldBe("Bridge.Adapters.Fabric.Protos.Common");
        SerializedIdentity.Descriptor.File.Package.ShouldBe("msp");
        MSPPrincipal.Descriptor.File.Package.ShouldBe("common");
    }
}
