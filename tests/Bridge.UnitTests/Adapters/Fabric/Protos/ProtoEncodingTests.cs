using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Gateway;
using Bridge.Adapters.Fabric.Protos.Msp;
using Bridge.Adapters.Fabric.Protos.Orderer;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static Bridge.UnitTests.Adapters.Fabric.Protos.HandProtobuf;
using RpcStatus = Bridge.Adapters.Fabric.Protos.Rpc.Status;

namespace Bridge.UnitTests.Adapters.Fabric.Protos;

/// <summary>
/// The compiled messages encode the field numbers of fabric-wire.md §1.2; expected bytes are written by hand
/// (<see cref="HandProtobuf"/>), not by Google.Protobuf.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProtoEncodingTests
{
    [Fact]
    public void SerializedIdentity_MspIdAndPem_EncodesFields1And2()
    {
        var message = new SerializedIdentity { Mspid = "Org1MSP", IdBytes = ByteString.CopyFromUtf8("PEM") };

        // 0a 07 "Org1MSP" 12 03 "PEM", written out literally.
        Convert.ToHexStringLower(message.ToByteArray()).ShouldBe("0a074f7267314d5350" + "120350454d");
    }

    [Fact]
    public void ChannelHeader_AllFieldsSet_MatchesHandEncoding()
    {
        var header = new ChannelHeader
        {
            Type = (int)HeaderType.EndorserTransaction,
            Version = 1,
            Timestamp = new Timestamp { Seconds = 1_700_000_000, Nanos = 5 },
            ChannelId = "ch1",
            TxId = "abc",
            Epoch = 7,
            Extension = ByteString.CopyFrom(0x12, 0x00),
            TlsCertHash = ByteString.CopyFrom(0xaa),
        };

        var expected = Concat(
            VarintField(1, 3),
            VarintField(2, 1),
            BytesField(3, Concat(VarintField(1, 1_700_000_000), VarintField(2, 5))),
            StringField(4, "ch1"),
            StringField(5, "abc"),
            VarintField(6, 7),
            BytesField(7, [0x12, 0x00]),
            BytesField(8, [0xaa]));
        header.ToByteArray().ShouldBe(expected);
    }

    [Fact]
    public void SignedProposal_BytesAndSignature_MatchesHandEncoding()
    {
        var message = new SignedProposal { ProposalBytes = ByteString.CopyFrom(1, 2, 3), Signature = ByteString.CopyFrom(4, 5) };

        message.ToByteArray().ShouldBe(Concat(BytesField(1, [1, 2, 3]), BytesField(2, [4, 5])));
    }

    [Fact]
    public void RpcStatus_WithErrorDetailAny_MatchesHandEncodingAndTypeUrl()
    {
        var detail = new ErrorDetail { Address = "peer0:7051", MspId = "Org1MSP", Message = "boom" };
        var status = new RpcStatus { Code = 10, Message = "failed" };
        status.Details.Add(Any.Pack(detail));

        var detailBytes = Concat(StringField(1, "peer0:7051"), StringField(2, "Org1MSP"), StringField(3, "boom"));
        var anyBytes = Concat(StringField(1, "type.googleapis.com/gateway.ErrorDetail"), BytesField(2, detailBytes));
        var expected = Concat(VarintField(1, 10), StringField(2, "failed"), BytesField(3, anyBytes));
        status.ToByteArray().ShouldBe(expected);

        var parsed = RpcStatus.Parser.ParseFrom(expected);
        parsed.Details.Single().TypeUrl.ShouldBe("type.googleapis.com/gateway.ErrorDetail");
        parsed.Details.Single().Unpack<ErrorDetail>().ShouldBe(detail);
    }

    [Fact]
    public void CommitStatusResponse_EnumAndMultiByteVarint_MatchesHandEncoding()
    {
        var message = new CommitStatusResponse { Result = TxValidationCode.MvccReadConflict, BlockNumber = 300 };

        message.ToByteArray().ShouldBe(Concat(VarintField(1, 11), VarintField(2, 300)));
        Convert.ToHexStringLower(message.ToByteArray()).ShouldBe("080b10ac02");
    }

    [Fact]
    public void ChaincodeEventsRequest_NextCommitStart_EncodesEmptyOneofMember()
    {
        var request = new ChaincodeEventsRequest
        {
            ChannelId = "ch1",
            ChaincodeId = "titles",
            StartPosition = new SeekPosition { NextCommit = new SeekNextCommit() },
            AfterTransactionId = "tx1",
        };

        var expected = Concat(StringField(1, "ch1"), StringField(2, "titles"), BytesField(4, BytesField(4, [])), StringField(5, "tx1"));
        request.ToByteArray().ShouldBe(expected);
    }

    [Fact]
    public void Payload_Header_IsEmbeddedMessageNotBytes()
    {
        var payload = new Payload
        {
            Header = new Header { ChannelHeader = ByteString.CopyFrom(1), SignatureHeader = ByteString.CopyFrom(2) },
            Data = ByteString.CopyFrom(3),
        };

        var parsedHeader = Header.Parser.ParseFrom(Payload.Parser.ParseFrom(payload.ToByteArray()).Header.ToByteArray());
        payload.ToByteArray().ShouldBe(Concat(BytesField(1, Concat(BytesField(1, [1]), BytesField(2, [2]))), BytesField(2, [3])));
        parsedHeader.ChannelHeader.ToByteArray().ShouldBe([(byte)1]);
    }

    [Fact]
    public void ProposalResponse_HandEncodedFields4To6_ParseIntoTheRightProperties()
    {
        var bytes = Concat(
            VarintField(1, 1),
            BytesField(4, Concat(VarintField(1, 200), StringField(2, "OK"), BytesField(3, [9]))),
            BytesField(5, [7, 7]),
            BytesField(6, Concat(BytesField(1, [1]), BytesField(2, [2]))));

        var parsed = ProposalResponse.Parser.ParseFrom(bytes);

        parsed.Version.ShouldBe(1);
        parsed.Response.Status.ShouldBe(200);
        parsed.Response.Message.ShouldBe("OK");
        parsed.Payload.ToByteArray().ShouldBe([(byte)7, (byte)7]);
        parsed.Endorsement.Endorser.ToByteArray().ShouldBe([(byte)1]);
        parsed.Endorsement.Signature.ToByteArray().ShouldBe([(byte)2]);
    }
}
