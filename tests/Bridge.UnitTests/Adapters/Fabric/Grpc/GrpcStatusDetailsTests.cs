using Bridge.Adapters.Fabric.Grpc;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using WellKnownAny = Google.Protobuf.WellKnownTypes.Any;

namespace Bridge.UnitTests.Adapters.Fabric.Grpc;

/// <summary>
/// The <c>google.rpc.Status</c> codec (<c>1:int32 code, 2:string message, 3:repeated Any details</c>; fabric-wire.md
/// §1.2) and <see cref="GrpcException"/>. The byte vector is worked out by hand from the protobuf encoding rules; the
/// Any part is also checked against Google.Protobuf's own well-known <c>Any</c> type.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GrpcStatusDetailsTests
{
    // code=3 -> 08 03; message="x" -> 12 01 78; details[0] = Any{type_url="t", value=[01]} -> 1A 06 (0A 01 74 12 01 01).
    private static readonly byte[] Vector = [0x08, 0x03, 0x12, 0x01, 0x78, 0x1A, 0x06, 0x0A, 0x01, 0x74, 0x12, 0x01, 0x01];

    [Fact]
    public void ToByteArray_KnownStatus_MatchesHandEncodedBytes() =>
        new GrpcStatusDetails(3, "x", [new GrpcAny("t", new byte[] { 1 })]).ToByteArray().ShouldBe(Vector);

    [Fact]
    public void TryParse_KnownBytes_DecodesEveryField()
    {
        GrpcStatusDetails.TryParse(Vector, out var status).ShouldBeTrue();

        status!.Code.ShouldBe(3);
        status.Message.ShouldBe("x");
        status.Details.Count.ShouldBe(1);
        status.Details[0].TypeUrl.ShouldBe("t");
        status.Details[0].Value.ToArray().ShouldBe(new byte[] { 1 });
    }

    [Fact]
    public void TryParse_UnknownFieldPresent_Skipped()
    {
        byte[] withUnknown = [.. Vector, 0x20, 0x05]; // field 4, varint 5

        GrpcStatusDetails.TryParse(withUnknown, out var status).ShouldBeTrue();
        status!.Details.Count.ShouldBe(1);
    }

    [Fact]
    public void TryParse_Truncated_False() =>
        GrpcStatusDetails.TryParse(Vector.AsSpan(0, Vector.Length - 1), out _).ShouldBeFalse();

    [Fact]
    public void ToByteArray_FabricErrorDetail_AnyBytesEqualGoogleProtobufAny()
    {
        var value = new byte[] { 0x0A, 0x03, 0x70, 0x31, 0x3A }; // arbitrary payload bytes
        const string TypeUrl = "type.googleapis.com/gateway.ErrorDetail";
        var reference = new WellKnownAny { TypeUrl = TypeUrl, Value = ByteString.CopyFrom(value) }.ToByteArray();

        var encoded = new GrpcStatusDetails(10, "failed to endorse transaction", [new GrpcAny(TypeUrl, value)]).ToByteArray();

        encoded.AsSpan(encoded.Length - reference.Length).ToArray().ShouldBe(reference);
    }

    [Fact]
    public void TryParseOfToByteArray_AnyStatus_RoundTrips()
    {
        var bytes = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        var text = Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x20, 0x2FF).Select(c => (char)c), n)).Select(c => new string(c));
        var any = text.SelectMany(url => bytes.Select(value => new GrpcAny(url, value)));
        var status = Gen.Choose(-5, 20).SelectMany(code => text.SelectMany(message =>
            Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(any, n)).Select(details => new GrpcStatusDetails(code, message, details))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(status), original =>
            GrpcStatusDetails.TryParse(original.ToByteArray(), out var back)
            && back!.Code == original.Code
            && back.Message == original.Message
            && back.Details.Count == original.Details.Count
            && back.Details.Zip(original.Details).All(p => p.First.TypeUrl == p.Second.TypeUrl && p.First.Value.Span.SequenceEqual(p.Second.Value.Span))));
    }

    [Fact]
    public void GrpcException_WithDetails_CarriesStatusBytesWithSameCodeAndMessage()
    {
        var ex = new GrpcException(GrpcStatusCode.Aborted, "failed", [new GrpcAny("t", new byte[] { 7 })]);

        GrpcStatusDetails.TryParse(ex.StatusDetailsBinary.Span, out var status).ShouldBeTrue();
        status!.Code.ShouldBe(10);
        status.Message.ShouldBe("failed");
        ex.Details.Single().Value.ToArray().ShouldBe(new byte[] { 7 });
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void GrpcException_WithoutDetails_NoStatusBytes()
    {
        var ex = new GrpcException(GrpcStatusCode.Unavailable, "down");

        ex.StatusDetailsBinary.IsEmpty.ShouldBeTrue();
        ex.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public void GrpcException_StatusOk_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new GrpcException(GrpcStatusCode.OK, "fine"));
}
