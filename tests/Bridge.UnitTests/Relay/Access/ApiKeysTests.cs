using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Bridge.Relay.Access;

namespace Bridge.UnitTests.Relay.Access;

[Trait("Category", "Unit")]
public sealed class ApiKeysTests
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    // A fixed, well-formed key: id from the alphabet, secret = base64url of the bytes 0..31 (43 characters).
    private const string KeyId = "abcdefghijkm";
    private const string Secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    private const string Key = "tcb_" + KeyId + "_" + Secret;

    [Fact]
    public void TryParse_FixedWellFormedKey_ReturnsIdAndSecret()
    {
        Base64Url.EncodeToString([.. Enumerable.Range(0, 32).Select(i => (byte)i)]).ShouldBe(Secret);

        ApiKeyFormat.TryParse(Key, out var keyId, out var secret).ShouldBeTrue();

        keyId.ShouldBe(KeyId);
        secret.ShouldBe(Secret);
    }

    [Fact]
    public void Generate_Key_HasTheDocumentedShapeAndParsesBack()
    {
        var (keyId, secret, plainText) = ApiKeyFormat.Generate();

        plainText.ShouldBe($"tcb_{keyId}_{secret}");
        plainText.Length.ShouldBe(60);
        ApiKeyFormat.Prefix.ShouldBe("tcb_");
        keyId.Length.ShouldBe(12);
        keyId.ShouldAllBe(c => Alphabet.Contains(c));
        Base64Url.DecodeFromChars(secret).Length.ShouldBe(32);
        ApiKeyFormat.TryParse(plainText, out var parsedId, out var parsedSecret).ShouldBeTrue();
        parsedId.ShouldBe(keyId);
        parsedSecret.ShouldBe(secret);
    }

    [Fact]
    public void Generate_ThousandKeys_AreAllDistinctAndParse()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyFormat.Generate()).ToList();

        keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count().ShouldBe(1000);
        keys.Select(k => k.Secret).Distinct(StringComparer.Ordinal).Count().ShouldBe(1000);
        foreach (var key in keys)
        {
            ApiKeyFormat.TryParse(key.PlainText, out var keyId, out _).ShouldBeTrue(key.PlainText);
            keyId.ShouldBe(key.KeyId);
        }
    }

    public static TheoryData<string?, string> Malformed => new()
    {
        { null, "null" },
        { string.Empty, "empty" },
        { "tcx_" + KeyId + "_" + Secret, "wrong prefix" },
        { "TCB_" + KeyId + "_" + Secret, "prefix is case-sensitive" },
        { "tcb" + KeyId + "_" + Secret + "A", "prefix without underscore" },
        { Key + "A", "one character too long" },
        { Key[..^1], "one character too short" },
        { "tcb_" + KeyId + "x" + Secret, "separator replaced" },
        { "tcb_" + KeyId + Secret + "A", "separator missing" },
        { "tcb_abcdefghijkl_" + Secret, "'l' is not in the id alphabet" },
        { "tcb_abcdefghijk0_" + Secret, "'0' is not in the id alphabet" },
        { "tcb_abcdefghijk1_" + Secret, "'1' is not in the id alphabet" },
        { "tcb_abcdefghijko_" + Secret, "'o' is not in the id alphabet" },
        { "tcb_ABCDEFGHIJKM_" + Secret, "upper case id" },
        { "tcb_abcdefghijk-_" + Secret, "'-' in the id" },
        { "tcb_" + KeyId + "_" + "+" + Secret[1..], "'+' is base64, not base64url" },
        { "tcb_" + KeyId + "_" + "/" + Secret[1..], "'/' is base64, not base64url" },
        { "tcb_" + KeyId + "_" + "!" + Secret[1..], "not base64 at all" },
        { "tcb_" + KeyId + "_" + Secret[..^2] + "==", "padding instead of data" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_ReturnsFalseWithEmptyOutputs(string? presented, string why)
    {
        ApiKeyFormat.TryParse(presented, out var keyId, out var secret).ShouldBeFalse(why);
        keyId.ShouldBeEmpty();
        secret.ShouldBeEmpty();
    }

    [Fact]
    public void HashSecret_IsSha256OfTheUtf8Secret()
    {
        // FIPS 180-2 test vector: SHA-256("abc").
        Convert.ToHexStringLower(ApiKeyFormat.HashSecret("abc")).ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ApiKeyFormat.HashSecret(Secret).ShouldBe(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));
    }

    [Fact]
    public void SecretMatches_SameSecret_ReturnsTrue()
    {
        ApiKeyFormat.SecretMatches(Secret, ApiKeyFormat.HashSecret(Secret)).ShouldBeTrue();
    }

    [Fact]
    public void SecretMatches_OtherSecretOrBadHash_ReturnsFalse()
    {
        var stored = ApiKeyFormat.HashSecret(Secret);

        ApiKeyFormat.SecretMatches(Secret[..^1] + "B", stored).ShouldBeFalse();
        ApiKeyFormat.SecretMatches(Secret, stored.AsSpan(0, 31)).ShouldBeFalse();
        ApiKeyFormat.SecretMatches(Secret, ReadOnlySpan<byte>.Empty).ShouldBeFalse();
        ApiKeyFormat.SecretMatches(string.Empty, stored).ShouldBeFalse();
    }

    [Theory]
    [InlineData(AccessRole.Operator, "operator")]
    [InlineData(AccessRole.Participant, "participant")]
    [InlineData(AccessRole.Auditor, "auditor")]
    public void AccessRoles_WireName_RoundTrips(AccessRole role, string wireName)
    {
        role.ToWireName().ShouldBe(wireName);
        AccessRoles.TryParse(wireName, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Operator")]
    [InlineData("admin")]
    [InlineData("0")]
    [InlineData(" auditor")]
    public void AccessRoles_TryParse_NotAWireName_ReturnsFalse(string? value)
    {
        AccessRoles.TryParse(value, out _).ShouldBeFalse();
    }

    [Fact]
    public void AccessRoles_ToWireName_UndefinedRole_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ((AccessRole)42).ToWireName());
    }
}
