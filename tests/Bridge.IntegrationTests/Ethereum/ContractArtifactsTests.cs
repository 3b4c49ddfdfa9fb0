using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Hashing;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// The committed compiler artifacts are exactly what the pinned solc makes from the committed sources
/// (<c>simulators/ethereum/scripts/compile.mjs --check</c>), carry the pinned settings, and expose the bridge's interface.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ContractArtifactsTests
{
    public static TheoryData<string> ContractNames => new("DocumentRegistry", "TitleRegistry");

    [Fact]
    public async Task Check_CommittedArtifacts_MatchAFreshCompilation()
    {
        var (exitCode, stdout, stderr) = await RunNodeAsync([Installation.CompileScript, "--check"], Ct);

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain("2 artifact(s) match their sources");
    }

    [Theory]
    [InlineData("TitleRegistry.sol", "A title is live on exactly one network", "a title is live on exactly one network")] // a comment
    [InlineData("TitleRegistry.sol", "5D576E7357A4501DDFE92F46681B20A0;", "5D576E7357A4501DDFE92F46681B20A1;")] // a constant
    [InlineData("DocumentRegistry.sol", "entry.revoked = true;", "entry.revoked = !true;")] // code
    public async Task Check_OneSourceEditedInACopy_Fails(string file, string original, string edited)
    {
        var copy = CopyContracts();
        try
        {
            var path = Path.Combine(copy, file);
            var source = await File.ReadAllTextAsync(path, Ct);
            source.ShouldContain(original);
            await File.WriteAllTextAsync(path, source.Replace(original, edited, StringComparison.Ordinal), Ct);

            var (exitCode, _, stderr) = await RunNodeAsync([Installation.CompileScript, "--check", "--contracts", copy], Ct);

            exitCode.ShouldBe(1);
            stderr.ShouldContain($"differs from a fresh compilation: {Path.Combine(copy, "Artifacts", Path.ChangeExtension(file, ".json"))}");
        }
        finally
        {
            TryDeleteFolder(copy);
        }
    }

    [Fact]
    public async Task Check_UnchangedCopy_Passes()
    {
        var copy = CopyContracts();
        try
        {
            var (exitCode, _, stderr) = await RunNodeAsync([Installation.CompileScript, "--check", "--contracts", copy], Ct);

            exitCode.ShouldBe(0, stderr);
        }
        finally
        {
            TryDeleteFolder(copy);
        }
    }

    [Theory]
    [MemberData(nameof(ContractNames))]
    public async Task Artifact_Settings_ArePinnedAndNameTheSourceDigest(string name)
    {
        using var artifact = await ReadArtifactAsync(name);
        var root = artifact.RootElement;
        var source = await File.ReadAllBytesAsync(Path.Combine(ContractsDirectory, $"{name}.sol"), Ct);

        root.GetProperty("contractName").GetString().ShouldBe(name);
        root.GetProperty("sourceSha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(source)));
        root.GetProperty("compiler").GetProperty("version").GetString().ShouldStartWith("0.8.37+commit.");
        var settings = root.GetProperty("settings");
        settings.GetProperty("evmVersion").GetString().ShouldBe("cancun");
        settings.GetProperty("optimizer").GetProperty("enabled").GetBoolean().ShouldBeTrue();
        settings.GetProperty("optimizer").GetProperty("runs").GetInt32().ShouldBe(200);
        settings.GetProperty("metadata").GetProperty("bytecodeHash").GetString().ShouldBe("none");

        // With bytecodeHash "none" the CBOR trailer holds only {"solc": 0.8.37}: a1 64 "solc" 43 00 08 25, then its
        // length 0x000a (Solidity docs, "Encoding of the Metadata Hash in the Bytecode"). No source-dependent hash.
        root.GetProperty("deployedBytecode").GetString()!.ShouldEndWith("a164736f6c6343000825000a");
        root.GetProperty("bytecode").GetString()!.ShouldStartWith("0x");
    }

    [Theory]
    [MemberData(nameof(ContractNames))]
    public async Task Artifact_MethodIdentifiers_AreKeccakSelectorsOfTheAbi(string name)
    {
        using var artifact = await ReadArtifactAsync(name);
        var identifiers = artifact.RootElement.GetProperty("methodIdentifiers").EnumerateObject().ToList();

        identifiers.ShouldNotBeEmpty();
        foreach (var identifier in identifiers)
        {
            identifier.Value.GetString().ShouldBe(Selector(identifier.Name), identifier.Name);
        }

        var abiFunctions = Signatures(artifact.RootElement, "function");
        abiFunctions.ShouldBe(identifiers.Select(i => i.Name), ignoreOrder: true);
    }

    [Fact]
    public async Task DocumentRegistry_Abi_HasTheAnchorInterface()
    {
        using var artifact = await ReadArtifactAsync("DocumentRegistry");

        Signatures(artifact.RootElement, "function").ShouldBe(
            ["anchor(bytes32,bytes32,bytes32,bytes32)", "revoke(bytes32,bytes32)", "getAnchor(bytes32)"], ignoreOrder: true);
        Signatures(artifact.RootElement, "event").ShouldBe(
            ["DocumentAnchored(bytes32,address,bytes32,bytes32,bytes32)", "DocumentRevoked(bytes32,address,bytes32)"], ignoreOrder: true);
        Signatures(artifact.RootElement, "error").ShouldContain("AlreadyAnchored(bytes32)");
        Outputs(artifact.RootElement, "getAnchor").ShouldBe(["address", "bytes32", "bytes32", "bytes32", "uint256", "bool"]);
    }

    [Fact]
    public async Task TitleRegistry_Abi_HasTheBridgeInterface()
    {
        using var artifact = await ReadArtifactAsync("TitleRegistry");
        var functions = Signatures(artifact.RootElement, "function");

        ShouldContainAll(functions,
        [
            "issue(bytes32,address,address)",
            "transferHolder(bytes32,address)",
            "transferBeneficiary(bytes32,address)",
            "lockForExport(bytes32,bytes32,bytes32,bytes32)",
            "burnForExport(bytes32,bytes32,bytes32,bytes32)",
            "importTitle(bytes32,bytes32,bytes32,address,address,uint64,bytes[])",
            "releaseTitle(bytes32,bytes32,bytes32,address,address,uint64,bytes[])",
            "acknowledgeMessage(bytes32,bytes32,bytes[])",
            "refundTitle(bytes32,bytes[])",
            "outboundMessage(bytes32)",
            "acknowledgementDigest(bytes32,bytes32)",
            "refundDigest(bytes32)",
            "setRelaySigners(address[],uint8)",
            "pause()",
            "unpause()",
            "transferOwnership(address)",
            "acceptOwnership()",
            "getTitle(bytes32)",
            "relaySigners()",
            "threshold()",
            "isConsumed(bytes32)",
            "outboundNonce(bytes32)",
            "domainSeparator()",
            "attestationDigest(bytes32,bytes32,bytes32,uint64)",
        ]);
        ShouldContainAll(Signatures(artifact.RootElement, "event"),
        [
            "CrossChainMessage(bytes32,bytes32,uint256,bytes32,bytes32,bytes32)",
            "RelaySignersChanged(uint256,address[],uint8)",
            "MessageConsumed(bytes32)",
            "TitleLocked(bytes32,bytes32,bytes32,address,address)",
            "TitleBurned(bytes32,bytes32,bytes32,address,address)",
            "TitleImported(bytes32,bytes32,bytes32,address,address)",
            "TitleReleased(bytes32,bytes32,bytes32,address,address)",
            "MessageAcknowledged(bytes32,bytes32)",
            "TitleRefunded(bytes32,bytes32,address)",
        ]);
        ShouldContainAll(Signatures(artifact.RootElement, "error"),
        [
            "MessageAlreadyConsumed(bytes32)",
            "ThresholdNotMet(uint256,uint256)",
            "EnforcedPause()",
            "UnknownSigner(uint256,address)",
            "SignersNotAscending(uint256)",
            "InvalidSignatureS(uint256)",
            "AttestationExpired(uint64,uint256)",
            "UnknownMessage(bytes32)",
            "MessageAlreadySettled(bytes32,uint8)",
        ]);
        var constructor = Abi(artifact.RootElement).Single(e => e.GetProperty("type").GetString() == "constructor");
        constructor.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString())
            .ShouldBe(["address", "address[]", "uint8"]);
    }

    internal static async Task<JsonDocument> ReadArtifactAsync(string name) =>
        JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(ContractsDirectory, "Artifacts", $"{name}.json"), Ct));

    /// <summary>The first 4 bytes of Keccak-256 of the canonical signature (Solidity ABI specification, "Function Selector").</summary>
    internal static string Selector(string signature) =>
        Convert.ToHexStringLower(Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).AsSpan(0, 4));

    /// <summary>Canonical signatures "name(type,...)" of the ABI entries of one kind (tuples do not occur in these ABIs).</summary>
    private static List<string> Signatures(JsonElement artifact, string kind) =>
        [.. Abi(artifact)
            .Where(e => e.GetProperty("type").GetString() == kind)
            .Select(e => $"{e.GetProperty("name").GetString()}({string.Join(',', e.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()))})")];

    private static List<string?> Outputs(JsonElement artifact, string function) =>
        [.. Abi(artifact).Single(e => e.GetProperty("type").GetString() == "function" && e.GetProperty("name").GetString() == function)
            .GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("type").GetString())];

    private static void ShouldContainAll(List<string> actual, string[] expected)
    {
        foreach (var signature in expected)
        {
            actual.ShouldContain(signature);
        }
    }

    private static JsonElement.ArrayEnumerator Abi(JsonElement artifact) => artifact.GetProperty("abi").EnumerateArray();

    private static string CopyContracts()
    {
        var copy = NewTempFolder("contracts");
        foreach (var file in Directory.EnumerateFiles(ContractsDirectory, "*.sol"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(copy, "Artifacts"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ContractsDirectory, "Artifacts"), "*.json"))
        {
            File.Copy(file, Path.Combine(copy, "Artifacts", Path.GetFileName(file)));
        }

        return copy;
    }
}
