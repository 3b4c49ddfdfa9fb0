using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Host.Cli;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary><c>bridge eth deploy</c> and <c>bridge verify</c> against the dev chain, run in-process as a user would type them.</summary>
[Trait("Category", "Integration")]
public sealed class EthereumCommandTests(SharedEthereumLane shared) : IDisposable
{
    private readonly string _folder = EthereumTestSupport.NewTempFolder("eth-cli");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EthereumLane Lane => shared.Lane;

    public void Dispose() => EthereumTestSupport.TryDeleteFolder(_folder);

    [Fact]
    public async Task EthDeploy_WithAKeyFile_PrintsTheContractsItDeployed()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var key = Adapters.Ethereum.Crypto.EthPrivateKey.FromBytes(secret);
        await Lane.FundAsync(key.Address, Ct);
        var keyFile = Path.Combine(_folder, "deployer.key");
        await File.WriteAllTextAsync(keyFile, "0x" + Convert.ToHexStringLower(secret) + "\n", Ct);

        var (exit, stdout, stderr) = await RunAsync(
            "eth", "deploy", "--rpc", Lane.Chain.RpcUri.ToString(), "--key-file", keyFile,
            "--relay-signer", Lane.Relays[0].Address.ToString(), "--relay-signer", Lane.Relays[1].Address.ToString(), "--threshold", "2");

        exit.ShouldBe(0, stderr);
        var output = JsonNode.Parse(stdout)!;
        output["chainId"]!.GetValue<ulong>().ShouldBe(Lane.ChainId);
        output["owner"]!.GetValue<string>().ShouldBe(key.Address.ToString());
        var titles = output["contracts"]!["titleEscrow"]!.GetValue<string>();
        (await Lane.Rpc.GetCodeAsync(titles, BlockSelector.Latest, Ct)).ShouldBe(BridgeContracts.TitleRegistry.DeployedBytecode.ToArray());
        var threshold = BridgeContracts.TitleRegistry.Function("threshold");
        var answer = await Lane.Rpc.CallAsync(new EthCallRequest { To = titles, Data = threshold.EncodeCall().Value }, BlockSelector.Latest, Ct);
        threshold.DecodeOutput(answer).Value[0].AsInteger().ShouldBe(2);
        stderr.ShouldNotContain(Convert.ToHexStringLower(secret));
        stdout.ShouldNotContain(Convert.ToHexStringLower(secret));
    }

    [Fact]
    public async Task EthDeploy_BadInputs_FailWithOneLineAndTheRightExitCode()
    {
        var missing = await RunAsync("eth", "deploy", "--rpc", Lane.Chain.RpcUri.ToString(), "--key-file", Path.Combine(_folder, "none.key"));
        missing.Exit.ShouldBe(1);
        missing.StdErr.ShouldContain("does not exist");

        var garbage = Path.Combine(_folder, "garbage.key");
        await File.WriteAllTextAsync(garbage, "not a key", Ct);
        var bad = await RunAsync("eth", "deploy", "--rpc", Lane.Chain.RpcUri.ToString(), "--key-file", garbage);
        bad.Exit.ShouldBe(1);
        bad.StdErr.ShouldNotContain("not a key");

        var keyFile = Path.Combine(_folder, "ok.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(31)) + "01", Ct);
        var unreachable = await RunAsync("eth", "deploy", "--rpc", "http://127.0.0.1:1", "--key-file", keyFile);
        unreachable.Exit.ShouldBe(3);
        unreachable.StdErr.ShouldStartWith("error: cannot use the Ethereum node at http://127.0.0.1:1");
    }

    [Fact]
    public async Task Verify_SavedReceiptProof_IsValidAndATamperedOneExplainsWhy()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations: 1);
        var accepted = (await adapter.SubmitAsync(EthereumAdapterTests.Anchor(out _), "cli", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        await Lane.Rpc.MineAsync(Ct);
        var receipt = await Lane.Rpc.GetTransactionReceiptAsync(accepted.Tx.Id, Ct);
        var logIndex = Convert.ToUInt64(receipt!.Value.GetProperty("logs")[0].GetProperty("logIndex").GetString(), 16);
        var proof = await adapter.GetProofAsync(new ProofRequest(ProofKind.EthereumReceipt, EthereumProofBuilder.EventSubject(accepted.Tx.Id, logIndex), accepted.Tx), Ct);
        var headers = proof.Data.GetProperty("headers");
        var last = Convert.FromHexString(headers[headers.GetArrayLength() - 1].GetString()!.AsSpan(2));
        var anchors = (await Lane.AnchorsAsync(1, Ct)) with
        {
            TrustedBlocks = [new EthereumTrustedBlock(accepted.Tx.BlockNumber!.Value + 1, HexData.Encode(Canonical.Hashing.Keccak256.Hash(last)))],
        };
        var proofFile = Path.Combine(_folder, "proof.json");
        var trustFile = Path.Combine(_folder, "trust.json");
        await File.WriteAllBytesAsync(proofFile, ProofEnvelopeJson.Serialize(proof, indented: true), Ct);
        await File.WriteAllTextAsync(trustFile, TrustAnchorsJson.ToJson(anchors).GetRawText(), Ct);

        var valid = await RunAsync("verify", proofFile, "--trust", trustFile);
        valid.Exit.ShouldBe(0, valid.StdOut + valid.StdErr);
        valid.StdOut.ShouldStartWith($"valid: ethereum-receipt proof of event {accepted.Tx.Id}:{logIndex} from eth-dev in block {accepted.Tx.BlockNumber}");

        var tampered = JsonNode.Parse(File.ReadAllText(proofFile))!;
        var receiptHex = tampered["data"]!["receipt"]!.GetValue<string>();
        tampered["data"]!["receipt"] = receiptHex[..^2] + (receiptHex[^2..] == "00" ? "01" : "00");
        await File.WriteAllTextAsync(proofFile, tampered.ToJsonString(), Ct);
        var invalid = await RunAsync("verify", proofFile, "--trust", trustFile);
        invalid.Exit.ShouldBe(1);
        invalid.StdOut.ShouldStartWith($"invalid ({EthereumProofCodes.BadInclusionProof}):");

        await File.WriteAllTextAsync(trustFile, "{\"chainId\":1}", Ct);
        var badTrust = await RunAsync("verify", proofFile, "--trust", trustFile);
        badTrust.Exit.ShouldBe(1);
        badTrust.StdErr.ShouldContain("/contracts");
    }

    private static async Task<(int Exit, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BridgeCommandLine.RunAsync(args, stdout, stderr, Ct);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
