using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Canonical.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Bindings;

[Trait("Category", "Unit")]
public sealed class IdentityBindingStatementTests
{
    private const string Valid = """
        {
          "participant": "Maersk Line",
          "identities": [
            {"kind": "ethereum", "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "chainId": 31337},
            {"kind": "platform", "issuer": "http://127.0.0.1:5000", "organizationId": "org-1"}
          ],
          "issuedAt": "2025-01-31T00:00:00Z",
          "expiresAt": "2025-05-01T12:30:00Z",
          "nonce": "n0nce-0123456789abcdef"
        }
        """;

    [Fact]
    public void Parse_ValidStatement_GivesTaggedJcsBytesAndTheirSha256()
    {
        var statement = Success(Valid);

        // RFC 8785 by hand: members sorted by name, no whitespace; the address lower-cased by the parser.
        const string Jcs = """{"expiresAt":"2025-05-01T12:30:00Z","identities":[{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","chainId":31337,"kind":"ethereum"},{"issuer":"http://127.0.0.1:5000","kind":"platform","organizationId":"org-1"}],"issuedAt":"2025-01-31T00:00:00Z","nonce":"n0nce-0123456789abcdef","participant":"Maersk Line"}""";
        var expected = Encoding.UTF8.GetBytes("trade-chain-bridge/identity-binding/v1\n" + Jcs);
        statement.CanonicalBytes.ToArray().ShouldBe(expected);
        statement.Digest.ToArray().ShouldBe(SHA256.HashData(expected));
        statement.DigestHex.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(expected)));
        statement.IssuedAt.ShouldBe(new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero));
        statement.Identities[0].ShouldBe(new EthereumBoundIdentity("0x5fbdb2315678afecb367f032d93f642f64180aa3", 31337));
    }

    [Fact]
    public void Parse_MemberOrderAndAddressCase_DoNotChangeTheDigest()
    {
        const string Reordered = """
            {"nonce": "n0nce-0123456789abcdef", "expiresAt": "2025-05-01T12:30:00Z", "issuedAt": "2025-01-31T00:00:00Z",
             "identities": [
               {"chainId": 31337, "address": "0x5fbdb2315678afecb367f032d93f642f64180aa3", "kind": "ethereum"},
               {"organizationId": "org-1", "kind": "platform", "issuer": "http://127.0.0.1:5000"}],
             "participant": "Maersk Line"}
            """;

        Success(Reordered).DigestHex.ShouldBe(Success(Valid).DigestHex);
        Success(Valid.Replace("org-1", "org-2", StringComparison.Ordinal)).DigestHex.ShouldNotBe(Success(Valid).DigestHex);
    }

    [Theory]
    [InlineData("\"participant\": \"Maersk Line\",", "", "/participant", ValidationCodes.Required)]
    [InlineData("\"nonce\": \"n0nce-0123456789abcdef\"", "\"nonce\": \"short\"", "/nonce", ValidationCodes.InvalidFormat)]
    [InlineData("\"nonce\": \"n0nce-0123456789abcdef\"", "\"nonce\": \"n0nce-0123456789abcdef\", \"extra\": 1", "/extra", ValidationCodes.UnknownMember)]
    [InlineData("2025-01-31T00:00:00Z", "2025-01-31T00:00:00.5Z", "/issuedAt", ValidationCodes.InvalidFormat)]
    [InlineData("2025-01-31T00:00:00Z", "2025-01-31T00:00:00+01:00", "/issuedAt", ValidationCodes.InvalidFormat)]
    [InlineData("2025-05-01T12:30:00Z", "2025-01-31T00:00:00Z", "/expiresAt", ValidationCodes.OutOfRange)]
    [InlineData("\"kind\": \"ethereum\"", "\"kind\": \"bitcoin\"", "/identities/0/kind", ValidationCodes.UnknownValue)]
    [InlineData("0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x5fbDB2315678afecb367f032d93F642f64180aa3", "/identities/0/address", ValidationCodes.InvalidFormat)]
    [InlineData("\"chainId\": 31337", "\"chainId\": 0", "/identities/0/chainId", ValidationCodes.OutOfRange)]
    [InlineData("\"chainId\": 31337", "\"chainId\": 1, \"mspId\": \"X\"", "/identities/0/mspId", ValidationCodes.UnknownMember)]
    [InlineData("http://127.0.0.1:5000", "ftp://platform", "/identities/1/issuer", ValidationCodes.InvalidFormat)]
    [InlineData("\"organizationId\": \"org-1\"", "\"organizationId\": \" \"", "/identities/1/organizationId", ValidationCodes.Required)]
    public void Parse_InvalidMember_ReportsItsPointerAndCode(string find, string replace, string pointer, string code)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        json.ShouldNotBe(Valid);

        var result = IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(json));

        var failure = result.ShouldBeOfType<IdentityBindingParseResult.Failure>();
        failure.Validation.Errors.ShouldContain(e => e.Path == pointer && e.Code == code, Describe(failure));
    }

    [Fact]
    public void Parse_DuplicateIdentityAndNoIdentities_AreErrors()
    {
        var duplicate = Valid.Replace(
            "{\"kind\": \"platform\"",
            "{\"kind\": \"ethereum\", \"address\": \"0x5fbdb2315678afecb367f032d93f642f64180aa3\", \"chainId\": 31337}, {\"kind\": \"platform\"",
            StringComparison.Ordinal);
        var failure = IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(duplicate)).ShouldBeOfType<IdentityBindingParseResult.Failure>();
        failure.Validation.Errors.ShouldContain(e => e.Path == "/identities/1" && e.Code == ValidationCodes.Duplicate, Describe(failure));

        var none = """{"participant": "P", "identities": [], "issuedAt": "2025-01-31T00:00:00Z", "expiresAt": "2025-05-01T00:00:00Z", "nonce": "n0nce-0123456789abcdef"}""";
        IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(none)).ShouldBeOfType<IdentityBindingParseResult.Failure>()
            .Validation.Errors.ShouldContain(e => e.Path == "/identities" && e.Code == ValidationCodes.Required);
    }

    [Fact]
    public void Parse_FabricIdentityWithoutACertificate_IsAnError()
    {
        var json = Valid.Replace(
            "{\"kind\": \"platform\"",
            "{\"kind\": \"fabric\", \"mspId\": \"CarrierMSP\", \"certificate\": \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"}, {\"kind\": \"platform\"",
            StringComparison.Ordinal);

        var failure = IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(json)).ShouldBeOfType<IdentityBindingParseResult.Failure>();

        failure.Validation.Errors.ShouldContain(e => e.Path == "/identities/1/certificate" && e.Code == ValidationCodes.InvalidFormat, Describe(failure));
    }

    [Fact]
    public void Parse_NotJsonOrDuplicateMember_IsAnErrorNotAnException()
    {
        IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes("{\"participant\": ")).ShouldBeOfType<IdentityBindingParseResult.Failure>()
            .Validation.Errors.ShouldContain(e => e.Code == ValidationCodes.InvalidJson);
        var twice = Valid.Replace("\"participant\": \"Maersk Line\",", "\"participant\": \"A\", \"participant\": \"B\",", StringComparison.Ordinal);
        IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(twice)).ShouldBeOfType<IdentityBindingParseResult.Failure>();
    }

    [Fact]
    public void Constructor_InvalidValues_Throw()
    {
        BoundIdentity[] one = [new PlatformBoundIdentity("http://p.test", "org-1")];

        Should.Throw<ArgumentException>(() => new IdentityBindingStatement("P", one, BindingTestData.IssuedAt, BindingTestData.IssuedAt, BindingTestData.Nonce));
        Should.Throw<ArgumentException>(() => new IdentityBindingStatement("P", [], BindingTestData.IssuedAt, BindingTestData.IssuedAt.AddDays(1), BindingTestData.Nonce));
        Should.Throw<ArgumentException>(() => new IdentityBindingStatement("P", one, BindingTestData.IssuedAt.AddMilliseconds(5), BindingTestData.IssuedAt.AddDays(1), BindingTestData.Nonce));
        Should.Throw<ArgumentException>(() => new IdentityBindingStatement("P", [.. one, .. one], BindingTestData.IssuedAt, BindingTestData.IssuedAt.AddDays(1), BindingTestData.Nonce));
        Should.Throw<ArgumentException>(() => new IdentityBindingStatement("P", [new EthereumBoundIdentity("0x5FbDB2315678afecb367f032d93F642f64180aa3")], BindingTestData.IssuedAt, BindingTestData.IssuedAt.AddDays(1), BindingTestData.Nonce));
    }

    [Fact]
    public void ToJson_ThenParse_KeepsTheDigest_ForAnyValidStatement()
    {
        var participants = Gen.Elements("Maersk", "Bank of Ørsted", "税関", "A \"quoted\" name", "x");
        var gen =
            from participant in participants
            from seconds in Gen.Choose(0, int.MaxValue)
            from days in Gen.Choose(1, 3650)
            from nonceLength in Gen.Choose(16, 128)
            from org in Gen.Elements("org-1", "ORG_2", "ä")
            from chain in Gen.Elements<long?>(null, 1, 31337)
            select (participant, seconds, days, nonceLength, org, chain);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(Arb.From(gen), input =>
        {
            var issued = DateTimeOffset.FromUnixTimeSeconds(input.seconds);
            var statement = new IdentityBindingStatement(
                input.participant,
                [new PlatformBoundIdentity("https://platform.example", input.org), new EthereumBoundIdentity("0x00000000000000000000000000000000000000a1", input.chain)],
                issued,
                issued.AddDays(input.days),
                new string('n', input.nonceLength));

            var reparsed = IdentityBindingStatementJson.Parse(IdentityBindingStatementJson.ToJson(statement), "/statement")
                .ShouldBeOfType<IdentityBindingParseResult.Success>().Statement;

            reparsed.DigestHex.ShouldBe(statement.DigestHex);
            reparsed.Identities.ShouldBe(statement.Identities);
        }));
    }

    private static IdentityBindingStatement Success(string json)
    {
        var result = IdentityBindingStatementJson.Parse(Encoding.UTF8.GetBytes(json));
        return result.ShouldBeOfType<IdentityBindingParseResult.Success>(Describe(result)).Statement;
    }

    private static string Describe(IdentityBindingParseResult result) =>
        string.Join("; ", result.Validation.Issues.Select(i => $"{i.Path} {i.Code} {i.Message}"));
}
