using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Identity;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Identity;

[Trait("Category", "Unit")]
public sealed class TransactionIdsTests
{
    [Fact]
    public void Compute_NonceAndCreator_IsLowercaseHexSha256OfConcatenation()
    {
        var nonce = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        var creator = "\n\aOrg1MSP"u8.ToArray();

        var expected = Convert.ToHexString(SHA256.HashData([.. nonce, .. creator])).ToLowerInvariant();

        TransactionIds.Compute(nonce, creator).ShouldBe(expected);
    }

    [Fact]
    public void Compute_RandomInputs_AgreesWithHashOfConcatenation()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200),
            Prop.ForAll(Arb.From(bytes), Arb.From(bytes), (nonce, creator) =>
                TransactionIds.Compute(nonce, creator) == Convert.ToHexString(SHA256.HashData([.. nonce, .. creator])).ToLowerInvariant()));
    }

    [Fact]
    public void NewNonce_Called_Returns24DistinctBytes()
    {
        var first = TransactionIds.NewNonce();
        var second = TransactionIds.NewNonce();

        first.Length.ShouldBe(24);
        first.ShouldNotBe(second);
    }

    [Fact]
    public void Matches_UppercaseOrOtherCreator_ReturnsFalse()
    {
        var nonce = TransactionIds.NewNonce();
        var id = TransactionIds.Compute(nonce, [1, 2, 3]);

        TransactionIds.Matches(id, nonce, [1, 2, 3]).ShouldBeTrue();
        TransactionIds.Matches(id.ToUpperInvariant(), nonce, [1, 2, 3]).ShouldBeFalse();
        TransactionIds.Matches(id, nonce, [1, 2, 4]).ShouldBeFalse();
    }
}
