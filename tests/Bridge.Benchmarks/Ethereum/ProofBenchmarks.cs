using BenchmarkDotNet.Attributes;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Trie;

namespace Bridge.Benchmarks.Ethereum;

/// <summary>
/// Receipt inclusion proofs and header hashing, one thread. The block has 200 receipts of mixed types with two logs
/// each (three topics, 64 bytes of data), like a block of token transfers; the proof is for receipt 100.
/// </summary>
[MemoryDiagnoser]
public class ProofBenchmarks
{
    private const int ReceiptCount = 200;
    private const int Index = 100;

    private byte[] _root = [];
    private IReadOnlyList<byte[]> _nodes = [];
    private byte[] _receipt = [];
    private string[] _nodesHex = [];
    private string _receiptHex = string.Empty;
    private BlockHeader _header = null!;
    private byte[] _stateRoot = [];
    private AccountProof _account = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var receipts = new List<Receipt>(ReceiptCount);
        var gas = 0UL;
        for (var i = 0; i < ReceiptCount; i++)
        {
            var logs = new List<ReceiptLog>();
            for (var j = 0; j < 2; j++)
            {
                logs.Add(new ReceiptLog(Bytes(random, 20), [Bytes(random, 32), Bytes(random, 32), Bytes(random, 32)], Bytes(random, 64)));
            }

            gas += 50_000 + (ulong)random.Next(100_000);
            receipts.Add(Receipt.Create((byte)(i % 3), i % 17 != 0, gas, logs));
        }

        var proof = ReceiptTrie.BuildProof(receipts, Index);
        _root = proof.ReceiptsRoot;
        _nodes = proof.Nodes;
        _receipt = proof.EncodedReceipt;
        _nodesHex = [.. _nodes.Select(node => "0x" + Convert.ToHexStringLower(node))];
        _receiptHex = "0x" + Convert.ToHexStringLower(_receipt);
        if (!VerifyReceiptProof() || !VerifyReceiptProofFromHex())
        {
            throw new InvalidOperationException("the benchmark proof does not verify");
        }

        _header = new BlockHeader
        {
            ParentHash = Bytes(random, 32),
            UncleHash = Bytes(random, 32),
            Miner = Bytes(random, 20),
            StateRoot = Bytes(random, 32),
            TransactionsRoot = Bytes(random, 32),
            ReceiptsRoot = _root,
            LogsBloom = Bytes(random, 256),
            Difficulty = 0,
            Number = 21_000_000,
            GasLimit = 36_000_000,
            GasUsed = gas,
            Timestamp = 1_750_000_000,
            ExtraData = Bytes(random, 12),
            MixHash = Bytes(random, 32),
            Nonce = new byte[8],
            BaseFeePerGas = 7_000_000_000,
            WithdrawalsRoot = Bytes(random, 32),
            BlobGasUsed = 393_216,
            ExcessBlobGas = 0,
            ParentBeaconBlockRoot = Bytes(random, 32),
            RequestsHash = Bytes(random, 32),
        };

        // A state of 2,000 accounts and one account proof with two storage slots.
        var state = MerklePatriciaTrie.CreateSecure();
        var storage = MerklePatriciaTrie.CreateSecure();
        for (var s = 0; s < 500; s++)
        {
            storage.Put(Slot(s), Bridge.Adapters.Ethereum.Rlp.RlpEncoder.EncodeUInt64((ulong)s + 1));
        }

        var address = Bytes(random, 20);
        var account = Bridge.Adapters.Ethereum.Rlp.RlpEncoder.Encode(Bridge.Adapters.Ethereum.Rlp.RlpItem.List(
            Bridge.Adapters.Ethereum.Rlp.RlpItem.FromUInt64(1),
            Bridge.Adapters.Ethereum.Rlp.RlpItem.FromUInt64(1_000_000),
            Bridge.Adapters.Ethereum.Rlp.RlpItem.FromBytes(storage.RootHash()),
            Bridge.Adapters.Ethereum.Rlp.RlpItem.FromBytes(AccountProof.EmptyCodeHash)));
        state.Put(address, account);
        for (var a = 0; a < 2_000; a++)
        {
            state.Put(Bytes(random, 20), account);
        }

        _stateRoot = state.RootHash();
        _account = new AccountProof(
            address, state.GetProof(address), 1_000_000, AccountProof.EmptyCodeHash, 1, storage.RootHash(),
            [new StorageSlotProof(Slot(7), 8, storage.GetProof(Slot(7))), new StorageSlotProof(Slot(9), 10, storage.GetProof(Slot(9)))]);
        if (!VerifyAccountProof())
        {
            throw new InvalidOperationException("the benchmark account proof does not verify");
        }
    }

    /// <summary>Merkle-Patricia verification of the proof nodes, the proven value equal to the claimed receipt, strict decode.</summary>
    [Benchmark]
    public bool VerifyReceiptProof() => ReceiptTrie.Verify(_root, Index, _nodes, _receipt).IsValid;

    /// <summary>As <see cref="VerifyReceiptProof"/>, starting from the hex strings of a proof document.</summary>
    [Benchmark]
    public bool VerifyReceiptProofFromHex()
    {
        var nodes = new byte[_nodesHex.Length][];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Convert.FromHexString(_nodesHex[i].AsSpan(2));
        }

        return ReceiptTrie.Verify(_root, Index, nodes, Convert.FromHexString(_receiptHex.AsSpan(2))).IsValid;
    }

    /// <summary>RLP of a 21-field (Prague) header and its keccak-256.</summary>
    [Benchmark]
    public byte[] HeaderHash() => _header.Hash();

    /// <summary>An EIP-1186 account proof (2,000 accounts) with two storage slots (500 slots).</summary>
    [Benchmark]
    public bool VerifyAccountProof() => _account.Verify(_stateRoot).IsValid;

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Slot(int index)
    {
        var slot = new byte[32];
        slot[31] = (byte)index;
        slot[30] = (byte)(index >> 8);
        return slot;
    }
}
