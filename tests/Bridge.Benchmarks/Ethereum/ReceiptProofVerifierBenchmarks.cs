using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Proofs;

namespace Bridge.Benchmarks.Ethereum;

/// <summary>
/// The whole <c>ethereum-receipt</c> verifier on one envelope, one thread: read the JSON data (hex decoding), hash and
/// link the headers (the including block plus <see cref="Confirmations"/> on top, 21 fields each), find the trusted
/// block, verify the Merkle-Patricia path of receipt 100 of 200 against receiptsRoot, decode the receipt and check
/// the log's contract and digest. This is what the relay runs per message before it submits anything.
/// </summary>
[MemoryDiagnoser]
public class ReceiptProofVerifierBenchmarks
{
    private const int ReceiptCount = 200;
    private const int Index = 100;

    private readonly EthereumReceiptVerifier _verifier = new();
    private ProofEnvelope _proof = null!;
    private EthereumTrustAnchors _anchors = null!;

    /// <summary>Blocks on top of the including block in the proof (the anchors require as many).</summary>
    [Params(0, 2, 12)]
    public int Confirmations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var contract = Bytes(random, 20);
        var receipts = new List<Receipt>(ReceiptCount);
        var gas = 0UL;
        for (var i = 0; i < ReceiptCount; i++)
        {
            var logs = new List<ReceiptLog>();
            for (var j = 0; j < 2; j++)
            {
                logs.Add(new ReceiptLog(i == Index ? contract : Bytes(random, 20), [Bytes(random, 32), Bytes(random, 32), Bytes(random, 32)], Bytes(random, 96)));
            }

            gas += 60_000;
            receipts.Add(Receipt.Create(2, true, gas, logs));
        }

        var inclusion = ReceiptTrie.BuildProof(receipts, Index);
        var headers = new List<byte[]>();
        byte[] parent = Bytes(random, 32);
        for (var n = 0; n <= Confirmations; n++)
        {
            var header = new BlockHeader
            {
                ParentHash = parent,
                UncleHash = Bytes(random, 32),
                Miner = Bytes(random, 20),
                StateRoot = Bytes(random, 32),
                TransactionsRoot = Bytes(random, 32),
                ReceiptsRoot = n == 0 ? inclusion.ReceiptsRoot : Bytes(random, 32),
                LogsBloom = Bytes(random, 256),
                Difficulty = 0,
                Number = 1_000 + (ulong)n,
                GasLimit = 36_000_000,
                GasUsed = gas,
                Timestamp = 1_750_000_000 + (ulong)n,
                ExtraData = Array.Empty<byte>(),
                MixHash = Bytes(random, 32),
                Nonce = new byte[8],
                BaseFeePerGas = 7,
                WithdrawalsRoot = Bytes(random, 32),
                BlobGasUsed = 0,
                ExcessBlobGas = 0,
                ParentBeaconBlockRoot = Bytes(random, 32),
                RequestsHash = Bytes(random, 32),
            };
            headers.Add(header.Encode());
            parent = header.Hash();
        }

        var firstHash = Canonical.Hashing.Keccak256.Hash(headers[0]);
        var logIndex = (ulong)(Index * 2);
        var transactionHash = "0x" + Convert.ToHexStringLower(Bytes(random, 32));
        var data = new JsonObject
        {
            ["chainId"] = 31337,
            ["blockNumber"] = 1_000,
            ["blockHash"] = "0x" + Convert.ToHexStringLower(firstHash),
            ["transactionHash"] = transactionHash,
            ["transactionIndex"] = Index,
            ["logIndex"] = logIndex,
            ["logPosition"] = 0,
            ["receipt"] = "0x" + Convert.ToHexStringLower(inclusion.EncodedReceipt),
            ["receiptProof"] = new JsonArray([.. inclusion.Nodes.Select(n => (JsonNode)("0x" + Convert.ToHexStringLower(n)))]),
            ["headers"] = new JsonArray([.. headers.Select(h => (JsonNode)("0x" + Convert.ToHexStringLower(h)))]),
        };
        _proof = new ProofEnvelope(
            1,
            "eth-bench",
            ProofKind.EthereumReceipt,
            new ProofSubject(ProofSubjectType.Event, $"{transactionHash}:{logIndex}", EthereumReceiptVerifier.LogDigest(receipts[Index].Logs[0])),
            JsonSerializer.SerializeToElement(data));
        _anchors = new EthereumTrustAnchors(
            31337,
            new Dictionary<string, string> { ["anchorRegistry"] = "0x" + Convert.ToHexStringLower(contract) },
            new EthereumFinality(Confirmations),
            [new EthereumTrustedBlock(1_000 + Confirmations, "0x" + Convert.ToHexStringLower(parent))]);
        if (!Verify())
        {
            throw new InvalidOperationException($"the benchmark proof does not verify: {_verifier.Verify(_proof, _anchors)}");
        }
    }

    /// <summary>One complete verification of the envelope.</summary>
    [Benchmark]
    public bool Verify() => _verifier.Verify(_proof, _anchors).IsValid;

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
