using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Registry;

[Trait("Category", "Unit")]
public sealed class NetworkValidatorTests
{
    private const string EthereumAnchors =
        """{"chainId":31337,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3"},"finality":{"confirmations":2}}""";

    private static NetworkInput Valid(
        string? name = "hardhat-local",
        string? displayName = null,
        string? kind = "ethereum",
        IReadOnlyList<NetworkEndpointInput>? endpoints = null,
        string? trustAnchors = EthereumAnchors) =>
        new(name, displayName, kind, endpoints ?? [new NetworkEndpointInput("rpc", "http://127.0.0.1:8545")], trustAnchors is null ? null : Json(trustAnchors));

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static (string Path, string Code)[] Findings(NetworkInput input)
    {
        var (draft, result) = NetworkValidator.Validate(input);
        if (!result.IsValid)
        {
            draft.ShouldBeNull();
        }

        return [.. result.Issues.Select(i => (i.Path, i.Code))];
    }

    [Fact]
    public void Validate_ValidEthereumNetwork_ReturnsDraftWithDisplayNameDefaultingToName()
    {
        var (draft, result) = NetworkValidator.Validate(Valid());

        result.IsValid.ShouldBeTrue();
        result.Issues.ShouldBeEmpty();
        draft.ShouldNotBeNull();
        draft.Name.ShouldBe("hardhat-local");
        draft.DisplayName.ShouldBe("hardhat-local");
        draft.Kind.ShouldBe(NetworkKind.Ethereum);
        draft.Endpoints.ShouldBe([new NetworkEndpoint("rpc", new Uri("http://127.0.0.1:8545"))]);
        var anchors = draft.TrustAnchors.ShouldBeOfType<EthereumTrustAnchors>();
        anchors.ChainId.ShouldBe(31337);
        anchors.Contracts["anchorRegistry"].ShouldBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        anchors.Finality.Confirmations.ShouldBe(2);
    }

    [Fact]
    public void Validate_DisplayNameGiven_KeepsIt()
    {
        var (draft, _) = NetworkValidator.Validate(Valid(displayName: "Hardhat (local dev)"));

        draft.ShouldNotBeNull().DisplayName.ShouldBe("Hardhat (local dev)");
    }

    [Fact]
    public void Validate_SeveralEndpoints_KeepsThemInOrder()
    {
        var (draft, _) = NetworkValidator.Validate(Valid(endpoints:
        [
            new NetworkEndpointInput("rpc", "https://rpc.example.com"),
            new NetworkEndpointInput("ws", "wss://rpc.example.com/ws"),
        ]));

        draft.ShouldNotBeNull().Endpoints.Select(e => (e.Name, e.Url.ToString()))
            .ShouldBe([("rpc", "https://rpc.example.com/"), ("ws", "wss://rpc.example.com/ws")]);
    }

    [Fact]
    public void Validate_NameOf63Characters_IsAccepted()
    {
        NetworkValidator.Validate(Valid(name: new string('n', 63))).Result.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("-hardhat", "invalid-format")]
    [InlineData("hardhat-", "invalid-format")]
    [InlineData("Hardhat", "invalid-format")]
    [InlineData("hard_hat", "invalid-format")]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "invalid-format")] // 64
    public void Validate_BadName_ReportsNamePointer(string? name, string code)
    {
        Findings(Valid(name: name)).ShouldBe([("/name", code)]);
    }

    [Fact]
    public void Validate_DisplayNameTooLong_ReportsTooLong()
    {
        Findings(Valid(displayName: new string('d', 201))).ShouldBe([("/displayName", "too-long")]);
    }

    [Theory]
    [InlineData("Hardhat\r\nlocal")]
    [InlineData("\u001b[31mred")]
    [InlineData(" ")]
    public void Validate_DisplayNameWithControlCharactersOrBlank_ReportsInvalidFormat(string displayName)
    {
        Findings(Valid(displayName: displayName)).ShouldBe([("/displayName", "invalid-format")]);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData(" ", "required")]
    [InlineData("bitcoin", "unknown-value")]
    [InlineData("Ethereum", "unknown-value")]
    [InlineData("1", "unknown-value")]
    public void Validate_BadKind_ReportsKindPointerOnly(string? kind, string code)
    {
        // Without a kind the trust anchors cannot be checked, so the kind is the only finding.
        Findings(Valid(kind: kind)).ShouldBe([("/kind", code)]);
    }

    [Fact]
    public void Validate_EndpointsMissing_ReportsRequired()
    {
        Findings(Valid() with { Endpoints = null }).ShouldBe([("/endpoints", "required")]);
        Findings(Valid() with { Endpoints = [] }).ShouldBe([("/endpoints", "required")]);
    }

    [Fact]
    public void Validate_SixteenEndpoints_IsAccepted()
    {
        var endpoints = Enumerable.Range(0, NetworkValidator.MaxEndpoints).Select(i => new NetworkEndpointInput($"rpc{i}", $"http://node{i}.example.com:8545")).ToList();

        NetworkValidator.MaxEndpoints.ShouldBe(16);
        NetworkValidator.Validate(Valid(endpoints: endpoints)).Draft.ShouldNotBeNull().Endpoints.Count.ShouldBe(16);
    }

    [Fact]
    public void Validate_SeventeenEndpoints_ReportsTooMany()
    {
        var endpoints = Enumerable.Range(0, 17).Select(i => new NetworkEndpointInput($"rpc{i}", $"http://node{i}.example.com:8545")).ToList();

        Findings(Valid(endpoints: endpoints)).ShouldBe([("/endpoints", "too-many")]);
    }

    [Fact]
    public void Validate_NullEndpointEntry_ReportsItsIndex()
    {
        Findings(Valid(endpoints: [new NetworkEndpointInput("rpc", "http://a:1"), null!])).ShouldBe([("/endpoints/1", "required")]);
    }

    [Fact]
    public void Validate_DuplicateEndpointNames_ReportsTheSecond()
    {
        Findings(Valid(endpoints:
        [
            new NetworkEndpointInput("rpc", "http://a.example.com"),
            new NetworkEndpointInput("ws", "ws://a.example.com"),
            new NetworkEndpointInput("rpc", "http://b.example.com"),
        ])).ShouldBe([("/endpoints/2/name", "duplicate")]);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("RPC", "invalid-format")]
    [InlineData("-rpc", "invalid-format")]
    public void Validate_BadEndpointName_ReportsNamePointer(string? endpointName, string code)
    {
        Findings(Valid(endpoints: [new NetworkEndpointInput(endpointName, "http://127.0.0.1:8545")])).ShouldBe([("/endpoints/0/name", code)]);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("/rpc", "invalid-format")]                    // relative
    [InlineData("127.0.0.1:8545", "invalid-format")]          // no scheme
    [InlineData("rpc.example.com", "invalid-format")]
    [InlineData("file:///var/run/geth.ipc", "invalid-format")] // no host
    [InlineData("http://user:secret@node.example.com:8545", "credentials-in-url")]
    [InlineData("https://token@node.example.com", "credentials-in-url")]
    [InlineData("grpcs://peer0.example.com:7051", "unknown-value")] // not an Ethereum scheme
    [InlineData("ftp://node.example.com", "unknown-value")]
    public void Validate_BadEndpointUrl_ReportsUrlPointer(string? url, string code)
    {
        Findings(Valid(endpoints: [new NetworkEndpointInput("rpc", url)])).ShouldBe([("/endpoints/0/url", code)]);
    }

    [Fact]
    public void Validate_CredentialsInUrl_MessageDoesNotEchoTheSecret()
    {
        var (_, result) = NetworkValidator.Validate(Valid(endpoints: [new NetworkEndpointInput("rpc", "http://user:hunter2@node.example.com")]));

        result.Issues.ShouldHaveSingleItem().Message.ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData("ethereum", "http://n.example.com", true)]
    [InlineData("ethereum", "https://n.example.com", true)]
    [InlineData("ethereum", "ws://n.example.com", true)]
    [InlineData("ethereum", "wss://n.example.com", true)]
    [InlineData("ethereum", "grpc://n.example.com", false)]
    [InlineData("fabric", "grpc://peer0.example.com:7051", true)]
    [InlineData("fabric", "grpcs://peer0.example.com:7051", true)]
    [InlineData("fabric", "https://peer0.example.com", true)]
    [InlineData("fabric", "wss://peer0.example.com", false)]
    [InlineData("platform", "https://api.example.com", true)]
    [InlineData("platform", "http://api.example.com", true)]
    [InlineData("platform", "wss://api.example.com", false)]
    [InlineData("platform", "grpcs://api.example.com", false)]
    public void Validate_EndpointScheme_DependsOnKind(string kind, string url, bool allowed)
    {
        // Only the URL's findings: the Ethereum anchors do not fit Fabric or platform networks.
        var (_, result) = NetworkValidator.Validate(Valid(kind: kind, endpoints: [new NetworkEndpointInput("gw", url)]));

        var urlFindings = result.Issues.Where(i => i.Path == "/endpoints/0/url").Select(i => i.Code).ToList();
        if (allowed)
        {
            urlFindings.ShouldBeEmpty();
        }
        else
        {
            urlFindings.ShouldBe(["unknown-value"]);
        }
    }

    [Theory]
    [InlineData(NetworkKind.Fabric, new[] { "grpc", "grpcs", "http", "https" })]
    [InlineData(NetworkKind.Ethereum, new[] { "http", "https", "ws", "wss" })]
    [InlineData(NetworkKind.Platform, new[] { "http", "https" })]
    public void AllowedSchemes_EachKind_IsExact(NetworkKind kind, string[] schemes)
    {
        NetworkValidator.AllowedSchemes(kind).Order(StringComparer.Ordinal).ShouldBe(schemes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void Validate_TrustAnchorsMissing_ReportsRequired(string? json)
    {
        Findings(Valid(trustAnchors: json)).ShouldBe([("/trustAnchors", "required")]);
    }

    [Theory]
    [InlineData("[]", "/trustAnchors", "invalid-format")]
    [InlineData("\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", "/trustAnchors", "invalid-format")]
    [InlineData("""{"chainId":0,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3"},"finality":{"confirmations":2}}""", "/trustAnchors/chainId", "out-of-range")]
    [InlineData("""{"chainId":31337,"contracts":{"anchorRegistry":"0x5FbDB"},"finality":{"confirmations":2}}""", "/trustAnchors/contracts/anchorRegistry", "invalid-format")]
    [InlineData("""{"chainId":31337,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3"},"finality":{"confirmations":-1}}""", "/trustAnchors/finality/confirmations", "out-of-range")]
    [InlineData("""{"chainId":31337,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}}""", "/trustAnchors/finality", "required")]
    public void Validate_EthereumTrustAnchorsWrongShape_ReportsPointerUnderTrustAnchors(string json, string path, string code)
    {
        Findings(Valid(trustAnchors: json)).ShouldBe([(path, code)]);
    }

    [Fact]
    public void Validate_MisspelledTrustAnchorMember_ReportsUnknownMemberAndMissingMember()
    {
        var findings = Findings(Valid(trustAnchors:
            """{"chainID":31337,"contracts":{"anchorRegistry":"0x5FbDB2315678afecb367f032d93F642f64180aa3"},"finality":{"confirmations":2}}"""));

        findings.ShouldBe([("/trustAnchors/chainID", "unknown-member"), ("/trustAnchors/chainId", "required")], ignoreOrder: true);
    }

    [Fact]
    public void Validate_EthereumAnchorsOnAFabricNetwork_AreCheckedAgainstTheFabricShape()
    {
        var findings = Findings(Valid(kind: "fabric", endpoints: [new NetworkEndpointInput("peer0", "grpcs://peer0.example.com:7051")]));

        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.Path.StartsWith("/trustAnchors/", StringComparison.Ordinal));
        findings.ShouldContain(("/trustAnchors/chainId", "unknown-member"));
        findings.ShouldContain(("/trustAnchors/channel", "required"));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryFindingAtOnce()
    {
        var findings = Findings(new NetworkInput("Bad Name", new string('d', 300), null, null, null));

        findings.ShouldBe(
        [
            ("/name", "invalid-format"),
            ("/displayName", "too-long"),
            ("/kind", "required"),
            ("/endpoints", "required"),
            ("/trustAnchors", "required"),
        ]);
    }

    [Fact]
    public void Validate_NullInput_Throws()
    {
        Should.Throw<ArgumentNullException>(() => NetworkValidator.Validate(null!));
    }
}
