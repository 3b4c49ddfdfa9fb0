using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Hashing;
using Bridge.Simulators.Ethereum;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// The committed artifacts deployed on the dev chain: the chain runs exactly the artifact's runtime code, and a
/// few calls behave as specified. Transactions are sent from Hardhat's unlocked dev accounts (eth_sendTransaction),
/// so these tests need no signing code; the adapter's own tests cover signed transactions and attestations.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ContractDeploymentTests : IAsyncLifetime
{
    private DevChain? _chain;

    private DevChain Chain => _chain ?? throw new InvalidOperationException("not started");

    private string Deployer => Chain.Accounts[0].Address;

    public async ValueTask InitializeAsync() => _chain = await DevChain.StartAsync(new DevChainOptions(), null, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }

    [Fact]
    public async Task DocumentRegistry_Deployed_RunsTheArtifactsRuntimeCode()
    {
        var (bytecode, deployedBytecode) = await ReadCodeAsync("DocumentRegistry");

        var address = await DeployAsync(bytecode);

        (await Chain.RequestAsync("eth_getCode", [address, "latest"], Ct)).GetString().ShouldBe(deployedBytecode);
    }

    [Fact]
    public async Task TitleRegistry_Deployed_RunsTheArtifactsRuntimeCodeWithItsSigners()
    {
        var (bytecode, deployedBytecode) = await ReadCodeAsync("TitleRegistry");
        var signers = new[] { Chain.Accounts[1].Address, Chain.Accounts[2].Address, Chain.Accounts[3].Address };

        var address = await DeployAsync(bytecode + TitleRegistryConstructor(Deployer, signers, 2));

        (await Chain.RequestAsync("eth_getCode", [address, "latest"], Ct)).GetString().ShouldBe(deployedBytecode);
        (await CallAsync(address, "threshold()")).ShouldBe(Word(2));
        (await CallAsync(address, "owner()")).ShouldBe(Word(Deployer));
        (await CallAsync(address, "relaySigners()")).ShouldBe(Word(0x20) + Word(3) + string.Concat(signers.Select(Word)));
    }

    [Fact]
    public async Task TitleRegistry_DomainSeparatorAndAttestationDigest_AreTheEip712Values()
    {
        var (bytecode, _) = await ReadCodeAsync("TitleRegistry");
        var address = await DeployAsync(bytecode + TitleRegistryConstructor(Deployer, [Chain.Accounts[1].Address], 1));
        var lane = KeccakHex("lane");
        var messageId = KeccakHex("message");
        var payloadHash = KeccakHex("payload");
        var validUntil = Word(1_795_000_000L);

        // EIP-712: domainSeparator = hashStruct(EIP712Domain{name, version, chainId, verifyingContract});
        // digest = keccak256(0x1901 || domainSeparator || hashStruct(message)).
        var domain = KeccakHex(
            KeccakHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)") +
            KeccakHex("TradeChainBridge.TitleRegistry") + KeccakHex("1") + Word(Chain.ChainId) + Word(address), hex: true);
        var structHash = KeccakHex(
            KeccakHex("RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)") +
            lane + messageId + payloadHash + Word(Chain.ChainId) + Word(address) + validUntil, hex: true);
        var digest = KeccakHex("1901" + domain + structHash, hex: true);
        var acknowledgement = KeccakHex(
            "1901" + domain + KeccakHex(
                KeccakHex("Acknowledgement(bytes32 messageId,bytes32 destinationTx,uint256 chainId,address verifyingContract)") +
                messageId + payloadHash + Word(Chain.ChainId) + Word(address), hex: true),
            hex: true);
        var refund = KeccakHex(
            "1901" + domain + KeccakHex(KeccakHex("Refund(bytes32 messageId,uint256 chainId,address verifyingContract)") + messageId + Word(Chain.ChainId) + Word(address), hex: true),
            hex: true);

        (await CallAsync(address, "domainSeparator()")).ShouldBe(domain);
        (await CallAsync(address, "attestationDigest(bytes32,bytes32,bytes32,uint64)", lane + messageId + payloadHash + validUntil)).ShouldBe(digest);
        (await CallAsync(address, "acknowledgementDigest(bytes32,bytes32)", messageId + payloadHash)).ShouldBe(acknowledgement);
        (await CallAsync(address, "refundDigest(bytes32)", messageId)).ShouldBe(refund);
    }

    [Fact]
    public async Task DocumentRegistry_AnchorTwice_EmitsTheEventThenRevertsAlreadyAnchored()
    {
        var (bytecode, _) = await ReadCodeAsync("DocumentRegistry");
        var address = await DeployAsync(bytecode);
        var issuer = Chain.Accounts[4].Address;
        var documentId = KeccakHex("MEDUTT912077");
        var arguments = documentId + KeccakHex("content") + KeccakHex("root") + KeccakHex("BILL_OF_LADING");

        var receipt = await SendAsync(issuer, address, Calldata("anchor(bytes32,bytes32,bytes32,bytes32)", arguments));

        var log = receipt.GetProperty("logs")[0];
        log.GetProperty("topics")[0].GetString().ShouldBe("0x" + KeccakHex("DocumentAnchored(bytes32,address,bytes32,bytes32,bytes32)"));
        log.GetProperty("topics")[1].GetString().ShouldBe("0x" + documentId);
        log.GetProperty("topics")[2].GetString().ShouldBe("0x" + Word(issuer));
        log.GetProperty("data").GetString().ShouldBe("0x" + arguments[64..]);

        var error = await Should.ThrowAsync<DevChainRpcException>(() => Chain.RequestAsync(
            "eth_call", [new JsonObject { ["from"] = issuer, ["to"] = address, ["data"] = Calldata("anchor(bytes32,bytes32,bytes32,bytes32)", arguments) }, "latest"], Ct));
        RevertData(error).ShouldBe("0x" + ContractArtifactsTests.Selector("AlreadyAnchored(bytes32)") + documentId);
    }

    private static async Task<(string Bytecode, string DeployedBytecode)> ReadCodeAsync(string name)
    {
        using var artifact = await ContractArtifactsTests.ReadArtifactAsync(name);
        return (artifact.RootElement.GetProperty("bytecode").GetString()!, artifact.RootElement.GetProperty("deployedBytecode").GetString()!);
    }

    private async Task<string> DeployAsync(string data)
    {
        var receipt = await SendAsync(Deployer, null, data);
        return receipt.GetProperty("contractAddress").GetString()!;
    }

    private async Task<JsonElement> SendAsync(string from, string? to, string data)
    {
        // 10M gas: Osaka caps a transaction at 2^24 gas (EIP-7825).
        var transaction = new JsonObject { ["from"] = from, ["data"] = data, ["gas"] = "0x989680" };
        if (to is not null)
        {
            transaction["to"] = to;
        }

        var hash = (await Chain.RequestAsync("eth_sendTransaction", [transaction], Ct)).GetString();
        var receipt = await Chain.RequestAsync("eth_getTransactionReceipt", [hash], Ct);
        receipt.GetProperty("status").GetString().ShouldBe("0x1");
        return receipt;
    }

    private async Task<string> CallAsync(string to, string signature, string arguments = "")
    {
        var result = await Chain.RequestAsync("eth_call", [new JsonObject { ["to"] = to, ["data"] = Calldata(signature, arguments) }, "latest"], Ct);
        return result.GetString()![2..];
    }

    /// <summary>Constructor arguments (address owner, address[] signers, uint8 threshold) in the ABI's head/tail layout.</summary>
    private static string TitleRegistryConstructor(string owner, string[] signers, int threshold) =>
        Word(owner) + Word(0x60) + Word(threshold) + Word(signers.Length) + string.Concat(signers.Select(Word));

    private static string Calldata(string signature, string arguments) => "0x" + ContractArtifactsTests.Selector(signature) + arguments;

    private static string Word(long value) => value.ToString("x64", CultureInfo.InvariantCulture);

    private static string Word(string address) => address[2..].ToLowerInvariant().PadLeft(64, '0');

    private static string KeccakHex(string text, bool hex = false) =>
        Convert.ToHexStringLower(Keccak256.Hash(hex ? Convert.FromHexString(text) : Encoding.UTF8.GetBytes(text)));

    /// <summary>The revert data Hardhat puts in the error's data member (a hex string, or an object holding one).</summary>
    private static string? RevertData(DevChainRpcException error)
    {
        using var data = JsonDocument.Parse(error.ErrorData!);
        return data.RootElement.ValueKind == JsonValueKind.String
            ? data.RootElement.GetString()
            : data.RootElement.GetProperty("data").GetString();
    }
}
