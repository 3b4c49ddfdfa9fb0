using System.Security.Cryptography;
using System.Text;
using Bridge.Simulators.Platform;
using Bridge.Simulators.Platform.Security;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Simulators.Platform;

[Trait("Category", "Unit")]
public sealed class SeedDerivationTests
{
    [Fact]
    public void Uuid_SameSeed_SameIds_OtherSeedDiffers()
    {
        new SeedDerivation("s").Uuid("event/1").ShouldBe(new SeedDerivation("s").Uuid("event/1"));
        new SeedDerivation("s").Uuid("event/1").ShouldNotBe(new SeedDerivation("t").Uuid("event/1"));
        new SeedDerivation("s").Uuid("event/1").ShouldNotBe(new SeedDerivation("s").Uuid("event/2"));
    }

    [Fact]
    public void Uuid_Bytes_AreHmacSha256WithVersionAndVariantBits()
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes("seed"), Encoding.UTF8.GetBytes("label"));
        mac[6] = (byte)((mac[6] & 0x0F) | 0x40);
        mac[8] = (byte)((mac[8] & 0x3F) | 0x80);
        new SeedDerivation("seed").Uuid("label").ShouldBe(new Guid(mac.AsSpan(0, 16), bigEndian: true).ToString());
    }

    [Fact]
    public void Uuid_AnyLabel_IsVersion4Variant10()
    {
        var derive = new SeedDerivation("prop");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)), label =>
        {
            var text = derive.Uuid(label);
            return text.Length == 36 && text[14] == '4' && "89ab".Contains(text[19], StringComparison.Ordinal) && Guid.TryParse(text, out _);
        }));
    }

    [Fact]
    public void SigningKey_SameSeed_SamePublicKey()
    {
        using var a = new SeedDerivation("k").SigningKey("platform");
        using var b = new SeedDerivation("k").SigningKey("platform");
        a.ExportParameters(false).Q.X.ShouldBe(b.ExportParameters(false).Q.X);
        SeedDerivation.IsValidScalar(new byte[32]).ShouldBeFalse();
        SeedDerivation.IsValidScalar(Enumerable.Repeat((byte)0xFF, 32).ToArray()).ShouldBeFalse();
    }

    [Fact]
    public void CreateOrganizations_SameSeed_SameIdsAndKeysInOrder()
    {
        var first = PlatformSimulator.CreateOrganizations(new SeedDerivation("trade-chain-bridge"));
        var second = PlatformSimulator.CreateOrganizations(new SeedDerivation("trade-chain-bridge"));
        first.Select(o => (o.Id, o.ApiKey, o.UserId)).ShouldBe(second.Select(o => (o.Id, o.ApiKey, o.UserId)));
        first.Select(o => o.Roles.Single()).ShouldBe(["carrier", "terminal", "port", "customs", "shipper", "forwarder"]);
        first[0].Scac.ShouldBe("MAEU");
        first.Select(o => o.ApiKey).Distinct().Count().ShouldBe(6);
    }
}
