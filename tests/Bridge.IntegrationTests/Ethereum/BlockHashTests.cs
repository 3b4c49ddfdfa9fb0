using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Ethereum.Transactions;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// Block headers and receipts as the real dev chain reports them: for every block from genesis to the head, the hash
/// we recompute from the header's JSON-RPC fields (keccak256 of the RLP header, Yellow Paper §4.3, with the fork
/// fields of EIP-1559, EIP-4895, EIP-4844, EIP-4788 and EIP-7685) is the node's, the header's RLP decodes back to the
/// same header, and the receipts rebuild the header's receiptsRoot (Yellow Paper §4.3.1 and Appendix D; typed receipts
/// per EIP-2718) and logsBloom (Yellow Paper §4.3.1, M3:2048). The blocks include every transaction type, a failed
/// transaction (status 0, EIP-658) and an empty block; one test mines 130 transactions into one block, so that the
/// receipts trie has branch nodes and keys of two bytes (RLP of an index from 128 up).
/// </summary>
[Trait("Category", "Integration")]
public sealed class BlockHashTests(SharedEthereumLane shared)
{
    private const ulong TransferGas = 100_000;
    private const ulong CallGas = 400_000;

    /// <summary>A milli-ether per transfer: a funded key (10 ether) pays for many.</summary>
    private static readonly BigInteger TransferValue = BigInteger.Pow(10, 15);

    private EthereumLane Lane => shared.Lane;

    [Fact]
    public async Task Hash_EveryBlockFromGenesisToHead_EqualsTheNodesHashAndRoundTripsThroughRlp()
    {
        var produced = await ProduceBlocksAsync(Lane);
        var head = await Lane.Rpc.GetBlockNumberAsync(Ct);
        head.ShouldBeGreaterThanOrEqualTo(produced.Max());

        byte[]? parentHash = null;
        for (var number = 0UL; number <= head; number++)
        {
            var block = await BlockAsync(Lane.Rpc, number);
            var header = ReadHeader(block);

            CheckHeader(block, header);
            header.Number.ShouldBe(number);
            if (parentHash is not null)
            {
                header.ParentHash.ToArray().ShouldBe(parentHash, $"parentHash of block {number}");
            }

            parentHash = header.Hash();
        }
    }

    [Fact]
    public async Task ReceiptsRoot_EveryBlockFromGenesisToHead_IsRebuiltFromTheNodesReceipts()
    {
        var produced = await ProduceBlocksAsync(Lane);
        var head = await Lane.Rpc.GetBlockNumberAsync(Ct);
        head.ShouldBeGreaterThanOrEqualTo(produced.Max());

        var seenTypes = new HashSet<byte>();
        var seenFailure = false;
        var seenEmpty = false;
        for (var number = 0UL; number <= head; number++)
        {
            var block = await BlockAsync(Lane.Rpc, number);
            var receipts = await CheckReceiptsAsync(Lane.Rpc, block);
            seenTypes.UnionWith(receipts.Select(r => r.Type));
            seenFailure |= receipts.Any(r => r.Succeeded == false);
            seenEmpty |= receipts.Count == 0;
        }

        seenTypes.Order().ShouldBe([Receipt.LegacyType, (byte)TransactionType.AccessList, (byte)TransactionType.DynamicFee]);
        seenFailure.ShouldBeTrue("a failed transaction was mined");
        seenEmpty.ShouldBeTrue("an empty block was mined");
    }

    [Fact]
    public async Task HashAndReceiptsRoot_BlockOf130MixedTransactions_MatchTheNode()
    {
        // Mining is paused on this lane, so it runs on its own chain.
        await using var lane = await EthereumLane.StartAsync(Ct);
        var keys = new List<EthPrivateKey>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add(await lane.FundedKeyAsync(Ct));
        }

        await lane.Rpc.SetAutomineAsync(false, Ct);
        var gasPrice = await lane.Rpc.GetGasPriceAsync(Ct) * 2;
        var hashes = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            var key = keys[i % keys.Count];
            var type = (TransactionType)(i % 3);
            var nonce = (ulong)(i / keys.Count);
            var transaction = (i % 10) switch
            {
                3 => Call(lane, type, nonce, gasPrice, BridgeContracts.DocumentRegistry.Function("anchor"), lane.Contracts.DocumentRegistry),
                7 when i < 40 => Call(lane, type, nonce, gasPrice, BridgeContracts.TitleRegistry.Function("pause"), lane.Contracts.TitleRegistry),
                _ => Transfer(lane, type, nonce, gasPrice, TransactionAcceptanceTests.RandomAddress()),
            };
            hashes.Add(await lane.Rpc.SendRawTransactionAsync(transaction.Sign(key).RawBytes, Ct));
        }

        await lane.Rpc.MineAsync(Ct);

        var block = await BlockAsync(lane.Rpc, await lane.Rpc.GetBlockNumberAsync(Ct));
        block.GetProperty("transactions").EnumerateArray().Select(h => h.GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(hashes.Order(StringComparer.Ordinal));
        CheckHeader(block, ReadHeader(block));
        var receipts = await CheckReceiptsAsync(lane.Rpc, block);
        receipts.Count(r => r.Succeeded == false).ShouldBe(4); // the pause() calls by a non-owner
        receipts.Select(r => r.Type).Distinct().Count().ShouldBe(3);
    }

    /// <summary>
    /// Mines, from a fresh key, a transfer and a contract call of each transaction type, a transaction that reverts
    /// (TitleRegistry.pause() by a non-owner, status 0) and an empty block (evm_mine); returns their block numbers.
    /// </summary>
    private static async Task<List<ulong>> ProduceBlocksAsync(EthereumLane lane)
    {
        using var key = await lane.FundedKeyAsync(Ct);
        var gasPrice = await lane.Rpc.GetGasPriceAsync(Ct) * 2;
        var blocks = new List<ulong>();
        ulong nonce = 0;
        foreach (var type in new[] { TransactionType.Legacy, TransactionType.AccessList, TransactionType.DynamicFee })
        {
            var transfer = Transfer(lane, type, nonce++, gasPrice, TransactionAcceptanceTests.RandomAddress());
            blocks.Add(await MineAsync(lane, transfer.Sign(key), "0x1"));
            var call = Call(lane, type, nonce++, gasPrice, BridgeContracts.DocumentRegistry.Function("anchor"), lane.Contracts.DocumentRegistry);
            blocks.Add(await MineAsync(lane, call.Sign(key), "0x1"));
        }

        var reverting = Call(lane, TransactionType.DynamicFee, nonce, gasPrice, BridgeContracts.TitleRegistry.Function("pause"), lane.Contracts.TitleRegistry);
        blocks.Add(await MineAsync(lane, reverting.Sign(key), "0x0"));

        await lane.Rpc.MineAsync(Ct);
        blocks.Add(await lane.Rpc.GetBlockNumberAsync(Ct));
        return blocks;
    }

    /// <summary>Sends <paramref name="signed"/> (automining), checks its receipt's status and returns its block number.</summary>
    private static async Task<ulong> MineAsync(EthereumLane lane, SignedTransaction signed, string status)
    {
        try
        {
            await lane.Rpc.SendRawTransactionAsync(signed.RawBytes, Ct);
        }
        catch (EthRpcException e) when (e.Kind == EthRpcErrorKind.ExecutionReverted && status == "0x0")
        {
            // A node may answer a transaction that it mined but that reverted with the revert as an error.
        }

        var receipt = await lane.Sender.WaitForReceiptAsync(signed.HashHex, TimeSpan.FromSeconds(30), Ct);
        receipt.GetProperty("status").GetString().ShouldBe(status);
        return ParseQuantity(receipt.GetProperty("blockNumber"));
    }

    private static EthTransaction Transfer(EthereumLane lane, TransactionType type, ulong nonce, BigInteger gasPrice, EthAddress to) =>
        TransactionAcceptanceTests.Create(
            type, lane.ChainId, nonce, gasPrice, TransferGas, to, TransferValue, ReadOnlyMemory<byte>.Empty,
            [new AccessListEntry(to, [RandomNumberGenerator.GetBytes(32)])]);

    /// <summary>A call of <paramref name="function"/> with fresh bytes32 arguments, at a fixed gas limit (no estimate: it may revert).</summary>
    private static EthTransaction Call(EthereumLane lane, TransactionType type, ulong nonce, BigInteger gasPrice, AbiFunction function, EthAddress to)
    {
        var arguments = function.Inputs.Select(_ => AbiValue.Bytes(RandomNumberGenerator.GetBytes(32))).ToArray();
        return TransactionAcceptanceTests.Create(
            type, lane.ChainId, nonce, gasPrice, CallGas, to, BigInteger.Zero, function.EncodeCall(arguments).Value, [new AccessListEntry(to)]);
    }

    private static async Task<JsonElement> BlockAsync(EthRpcClient rpc, ulong number) =>
        (await rpc.GetBlockByNumberAsync(BlockSelector.Number(number), fullTransactions: false, Ct)).ShouldNotBeNull($"block {number}");

    private static BlockHeader ReadHeader(JsonElement block)
    {
        var header = BlockHeader.FromJson(block);
        header.IsSuccess.ShouldBeTrue(header.ToString());
        return header.Value;
    }

    /// <summary>The recomputed hash is the node's; the RLP decodes back to an equal header and re-encodes identically.</summary>
    private static void CheckHeader(JsonElement block, BlockHeader header)
    {
        var number = ParseQuantity(block.GetProperty("number"));
        HexData.Encode(header.Hash()).ShouldBe(block.GetProperty("hash").GetString(), $"hash of block {number}");

        var encoded = header.Encode();
        var decoded = BlockHeader.Decode(encoded);
        decoded.IsSuccess.ShouldBeTrue($"block {number}: {decoded}");
        decoded.Value.ShouldBe(header, $"block {number} after an RLP round trip");
        decoded.Value.Encode().ShouldBe(encoded);
        decoded.Value.FieldCount.ShouldBe(header.FieldCount);
    }

    /// <summary>
    /// Reads every receipt of <paramref name="block"/> (eth_getTransactionReceipt, in transaction order), checks that
    /// they rebuild its receiptsRoot and that the OR of their blooms is its logsBloom, and returns them.
    /// </summary>
    private static async Task<List<Receipt>> CheckReceiptsAsync(EthRpcClient rpc, JsonElement block)
    {
        var number = ParseQuantity(block.GetProperty("number"));
        var blockHash = block.GetProperty("hash").GetString();
        var receipts = new List<Receipt>();
        var bloom = new byte[Bloom.ByteLength];
        var index = 0UL;
        foreach (var transactionHash in block.GetProperty("transactions").EnumerateArray())
        {
            var json = (await rpc.GetTransactionReceiptAsync(transactionHash.GetString()!, Ct)).ShouldNotBeNull();
            json.GetProperty("blockHash").GetString().ShouldBe(blockHash);
            ParseQuantity(json.GetProperty("transactionIndex")).ShouldBe(index++);
            var receipt = Receipt.FromJson(json);
            receipt.IsSuccess.ShouldBeTrue($"block {number}: {receipt}");
            receipts.Add(receipt.Value);
            for (var i = 0; i < bloom.Length; i++)
            {
                bloom[i] |= receipt.Value.LogsBloom.Span[i];
            }
        }

        HexData.Encode(ReceiptTrie.ComputeRoot(receipts)).ShouldBe(block.GetProperty("receiptsRoot").GetString(), $"receiptsRoot of block {number}");
        HexData.Encode(bloom).ShouldBe(block.GetProperty("logsBloom").GetString(), $"logsBloom of block {number}");
        return receipts;
    }

    private static ulong ParseQuantity(JsonElement element)
    {
        HexQuantity.TryParseUInt64(element.GetString(), out var value).ShouldBeTrue(element.ToString());
        return value;
    }
}
