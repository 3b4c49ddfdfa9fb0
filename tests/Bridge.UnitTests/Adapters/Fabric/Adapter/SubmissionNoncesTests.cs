using System.Text;
using Bridge.Adapters.Fabric.Adapter;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Adapter;

/// <summary>Idempotency keys fix the proposal nonce and so the transaction id (tx id = SHA-256(nonce ‖ creator)).</summary>
[Trait("Category", "Unit")]
public sealed class SubmissionNoncesTests
{
    // Golden values computed with Python's hashlib from the formula in SubmissionNonces' documentation:
    // sha256(b"trade-chain-bridge/fabric-submission/v1\0trade\0bridge\0anchor-1\0creator" + attempt.to_bytes(4, "big"))[:24].
    [Theory]
    [InlineData(0, "6309529d7f59e7916703dceb82023812fc7a71895118cb1c", "3bff3589274eb910b64c889d7a3e280a5c60e7a6e2d2ab430d353356a030ccb3")]
    [InlineData(1, "c3b8c0d170eb62cacc2211dd11e5522cad06bf3032742776", "f5b87f45fbde4a7933c6c542f9f39061fe6e71da7571b422cfdcbc921bfb59db")]
    public void Derive_GoldenVector_MatchesIndependentComputation(int attempt, string nonce, string txId)
    {
        var creator = Encoding.ASCII.GetBytes("creator");

        Convert.ToHexStringLower(SubmissionNonces.Derive("trade", "bridge", "anchor-1", creator, attempt)).ShouldBe(nonce);
        SubmissionNonces.TransactionId("trade", "bridge", "anchor-1", creator, attempt).ShouldBe(txId);
    }

    [Fact]
    public void Derive_AnyKeyAndCreator_IsStableAndChangesWithEveryInput()
    {
        var text = Gen.Elements("a", "b", "key", "ключ", "k\0", "k", "1").ArrayOf().Select(parts => string.Concat(parts) + "x");
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200),
            Prop.ForAll(Arb.From(text), Arb.From(text), Arb.From(bytes), (key, otherKey, creator) =>
            {
                var nonce = SubmissionNonces.Derive("trade", "bridge", key, creator, 0);
                nonce.Length.ShouldBe(24);
                SubmissionNonces.Derive("trade", "bridge", key, creator, 0).ShouldBe(nonce);
                SubmissionNonces.Derive("trade", "bridge", key, creator, 1).ShouldNotBe(nonce);
                SubmissionNonces.Derive("trade", "bridge", key, [.. creator, 1], 0).ShouldNotBe(nonce);
                SubmissionNonces.Derive("other", "bridge", key, creator, 0).ShouldNotBe(nonce);
                SubmissionNonces.Derive("trade", "bridge2", key, creator, 0).ShouldNotBe(nonce);
                (SubmissionNonces.Derive("trade", "bridge", otherKey, creator, 0).AsSpan().SequenceEqual(nonce) == (key == otherKey)).ShouldBeTrue();
            }));
    }

    [Fact]
    public void Derive_SeparatorsKeepFieldsApart_ShiftedBoundariesGiveOtherNonces()
    {
        var creator = new byte[] { 1, 2, 3 };

        SubmissionNonces.Derive("trade", "bridgex", "key", creator, 0).ShouldNotBe(SubmissionNonces.Derive("trade", "bridge", "xkey", creator, 0));
    }
}
