using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.UnitTests.Adapters.Trust;

[Trait("Category", "Unit")]
public sealed class EthereumTrustAnchorsTests
{
    private const string AnchorRegistry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string TitleEscrow = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

    private static JsonObject Sample() => new()
    {
        ["chainId"] = 1337,
        ["contracts"] = new JsonObject { ["anchorRegistry"] = AnchorRegistry, ["titleEscrow"] = TitleEscrow },
        ["finality"] = new JsonObject { ["confirmations"] = 12 },
    };

    private static TrustAnchorsParseResult Parse(JsonElement json) => TrustAnchorsJson.Parse(NetworkKind.Ethereum, json, "/trustAnchors");

    [Fact]
    public void Parse_ValidSample_ReturnsTypedAnchors()
    {
        var anchors = Parse(JsonEdit.Element(Sample())).ShouldSucceedAs<EthereumTrustAnchors>();

        anchors.Kind.ShouldBe(NetworkKind.Ethereum);
        anchors.ChainId.ShouldBe(1337L);
        anchors.Contracts[EthereumTrustAnchors.AnchorRegistryRole].ShouldBe(AnchorRegistry);
        anchors.Contracts[EthereumTrustAnchors.TitleEscrowRole].ShouldBe(TitleEscrow);
        anchors.Contracts.Count.ShouldBe(2);
        anchors.Finality.Confirmations.ShouldBe(12);
    }

    [Theory]
    [InlineData("/chainId", "1")]
    [InlineData("/chainId", "9223372036854775807")]
    [InlineData("/finality/confirmations", "0")]
    [InlineData("/finality/confirmations", "1000")]
    [InlineData("/contracts/titleEscrow", null)]
    [InlineData("/contracts/bankRegistry2", "\"0xABCDEF0123456789012345678901234567ABCDEF\"")]
    [InlineData("/contracts/bankRegistry2", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"")] // EIP-55's own examples
    [InlineData("/contracts/bankRegistry2", "\"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\"")]
    [InlineData("/contracts/bankRegistry2", "\"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB\"")]
    [InlineData("/trustedBlocks", "[{\"number\":0,\"hash\":\"0x0000000000000000000000000000000000000000000000000000000000000000\"}]")]
    public void Parse_EdgeValidValue_Succeeds(string pointer, string? json)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldSucceedAs<EthereumTrustAnchors>();
    }

    [Theory]
    [InlineData("/chainID", "1337", "/trustAnchors/chainID unknown-member")]
    [InlineData("/confirmations", "12", "/trustAnchors/confirmations unknown-member")]
    [InlineData("/chainId", null, "/trustAnchors/chainId required")]
    [InlineData("/chainId", "0", "/trustAnchors/chainId out-of-range")]
    [InlineData("/chainId", "-5", "/trustAnchors/chainId out-of-range")]
    [InlineData("/chainId", "\"0x539\"", "/trustAnchors/chainId invalid-format")]
    [InlineData("/chainId", "1.5", "/trustAnchors/chainId invalid-format")]
    [InlineData("/chainId", "99999999999999999999", "/trustAnchors/chainId invalid-format")]
    [InlineData("/contracts", null, "/trustAnchors/contracts required")]
    [InlineData("/contracts", "{}", "/trustAnchors/contracts required")]
    [InlineData("/contracts", "[]", "/trustAnchors/contracts invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"0x123\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"5FbDB2315678afecb367f032d93F642f64180aa3\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"0xZZbDB2315678afecb367f032d93F642f64180aa3\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"0x5FbDB2315678afecb367f032d93F642f64180aa3 \"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"0x0000000000000000000000000000000000000000\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "7", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"\"", "/trustAnchors/contracts/anchorRegistry required")]
    [InlineData("/contracts/AnchorRegistry", "\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", "/trustAnchors/contracts/AnchorRegistry invalid-format")]
    [InlineData("/contracts/title~1escrow", "\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", "/trustAnchors/contracts/title~1escrow invalid-format")]
    [InlineData("/finality", null, "/trustAnchors/finality required")]
    [InlineData("/finality", "12", "/trustAnchors/finality invalid-format")]
    [InlineData("/finality/confirmations", null, "/trustAnchors/finality/confirmations required")]
    [InlineData("/finality/confirmations", "-1", "/trustAnchors/finality/confirmations out-of-range")]
    [InlineData("/finality/confirmations", "1001", "/trustAnchors/finality/confirmations out-of-range")]
    [InlineData("/finality/confirmations", "\"12\"", "/trustAnchors/finality/confirmations invalid-format")]
    [InlineData("/finality/blocks", "12", "/trustAnchors/finality/blocks unknown-member")]
    [InlineData("/contracts/anchorRegistry", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/contracts/anchorRegistry", "\"0xFb6916095ca1df60bB79Ce92cE3Ea74c37c5d359\"", "/trustAnchors/contracts/anchorRegistry invalid-format")]
    [InlineData("/trustedBlocks", "[]", "/trustAnchors/trustedBlocks required")]
    [InlineData("/trustedBlocks", "{}", "/trustAnchors/trustedBlocks invalid-format")]
    [InlineData("/trustedBlocks", "[{\"number\":-1,\"hash\":\"0x0000000000000000000000000000000000000000000000000000000000000000\"}]", "/trustAnchors/trustedBlocks/0/number out-of-range")]
    [InlineData("/trustedBlocks", "[{\"number\":5,\"hash\":\"0xAB00000000000000000000000000000000000000000000000000000000000000\"}]", "/trustAnchors/trustedBlocks/0/hash invalid-format")]
    [InlineData("/trustedBlocks", "[{\"number\":5,\"hash\":\"0x00\"}]", "/trustAnchors/trustedBlocks/0/hash invalid-format")]
    [InlineData("/trustedBlocks", "[{\"number\":5}]", "/trustAnchors/trustedBlocks/0/hash required")]
    [InlineData("/trustedBlocks", "[{\"number\":5,\"hash\":\"0x0000000000000000000000000000000000000000000000000000000000000000\",\"parent\":1}]", "/trustAnchors/trustedBlocks/0/parent unknown-member")]
    public void Parse_InvalidValue_ReportsPointerAndCode(string pointer, string? json, params string[] expected)
    {
        Parse(JsonEdit.With(Sample(), pointer, json)).ShouldFailWith(expected);
    }

    [Fact]
    public void Parse_UnknownMember_MessageNamesTheExpectedMembers()
    {
        var result = Parse(JsonEdit.With(Sample(), "/chainID", "1337"));

        var issue = result.Validation.Errors.Single();
        issue.Code.ShouldBe(TrustAnchorCodes.UnknownMember);
        issue.Message.ShouldContain("'chainID'");
        issue.Message.ShouldContain("chainId, contracts, finality, trustedBlocks");
    }

    [Fact]
    public void ToJson_ParsedAnchors_RoundTripsIdenticallyKeepingContractOrder()
    {
        var input = JsonEdit.Element(Sample());
        var anchors = Parse(input).ShouldSucceedAs<EthereumTrustAnchors>();

        var written = TrustAnchorsJson.ToJson(anchors);

        written.GetRawText().ShouldBe(
            """{"chainId":1337,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3","titleEscrow":"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"},"finality":{"confirmations":12}}""");
        var reread = Parse(written).ShouldSucceedAs<EthereumTrustAnchors>();
        TrustAnchorsJson.ToJson(reread).GetRawText().ShouldBe(written.GetRawText());
    }

    [Fact]
    public void ToJson_ConstructedAnchors_ParseBackToEqualValues()
    {
        var anchors = new EthereumTrustAnchors(
            11155111,
            new Dictionary<string, string> { ["titleEscrow"] = TitleEscrow },
            new EthereumFinality(64));

        var reread = Parse(TrustAnchorsJson.ToJson(anchors)).ShouldSucceedAs<EthereumTrustAnchors>();

        reread.ChainId.ShouldBe(11155111L);
        reread.Contracts.ShouldBe(anchors.Contracts);
        reread.Finality.ShouldBe(new EthereumFinality(64));
        reread.TrustedBlocks.ShouldBeNull();
    }

    [Fact]
    public void ToJson_AnchorsWithTrustedBlocks_RoundTrip()
    {
        const string hash = "0x0a3e0d0b58ba8b1e5d4fa9c6c9d4b8c9e0a6f1b2c3d4e5f60718293a4b5c6d7e";
        var anchors = new EthereumTrustAnchors(
            31337,
            new Dictionary<string, string> { ["titleEscrow"] = TitleEscrow },
            new EthereumFinality(2),
            [new EthereumTrustedBlock(42, hash)]);

        var written = TrustAnchorsJson.ToJson(anchors);
        var reread = Parse(written).ShouldSucceedAs<EthereumTrustAnchors>();

        written.GetProperty("trustedBlocks")[0].GetProperty("hash").GetString().ShouldBe(hash);
        reread.TrustedBlocks.ShouldNotBeNull().Single().ShouldBe(new EthereumTrustedBlock(42, hash));
    }
}
