using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Ethereum.Transactions;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// Our signed transactions on the real dev chain: legacy with EIP-155 (https://eips.ethereum.org/EIPS/eip-155),
/// EIP-2930 (https://eips.ethereum.org/EIPS/eip-2930) with a non-empty access list and EIP-1559
/// (https://eips.ethereum.org/EIPS/eip-1559), each as a value transfer and as a contract call. The node must accept
/// the raw bytes, report our sender, hash and signature fields in eth_getTransactionByHash (field names from
/// ethereum/execution-apis src/schemas/transaction.yaml) and mine them successfully. The typed transactions carry a
/// non-empty access list. Each test signs with a fresh
/// funded key and takes its nonce from eth_getTransactionCount, so tests never contend for a nonce.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransactionAcceptanceTests(SharedEthereumLane shared)
{
    internal static readonly BigInteger OneEther = BigInteger.Pow(10, 18);

    private EthereumLane Lane => shared.Lane;

    [Theory]
    [InlineData(TransactionType.Legacy, false)]
    [InlineData(TransactionType.Legacy, true)]
    [InlineData(TransactionType.AccessList, false)]
    [InlineData(TransactionType.AccessList, true)]
    [InlineData(TransactionType.DynamicFee, false)]
    [InlineData(TransactionType.DynamicFee, true)]
    public async Task SendRawTransaction_OurSignedTransaction_NodeAcceptsAndReportsOurSenderHashAndSignature(TransactionType type, bool contractCall)
    {
        using var key = await Lane.FundedKeyAsync(Ct);
        var recipient = RandomAddress();
        var transaction = await BuildAsync(Lane, type, Lane.ChainId, key, contractCall ? null : recipient, Ct);
        var signed = transaction.Sign(key);

        var hash = await Lane.Rpc.SendRawTransactionAsync(signed.RawBytes, Ct);

        hash.ShouldBe(signed.HashHex);
        var receipt = await Lane.Sender.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), Ct);
        receipt.GetProperty("status").GetString().ShouldBe("0x1");
        receipt.GetProperty("transactionHash").GetString().ShouldBe(hash);
        EthAddress.Parse(receipt.GetProperty("from").GetString()!).ShouldBe(key.Address);

        var reported = (await Lane.Rpc.GetTransactionByHashAsync(hash, Ct)).ShouldNotBeNull();
        EthAddress.Parse(reported.GetProperty("from").GetString()!).ShouldBe(key.Address);
        reported.GetProperty("hash").GetString().ShouldBe(hash);
        QuantityOf(reported, "type").ShouldBe((int)type);
        QuantityOf(reported, "nonce").ShouldBe(transaction.Nonce);
        QuantityOf(reported, "gas").ShouldBe(transaction.GasLimit);
        QuantityOf(reported, "value").ShouldBe(transaction.Value);
        EthAddress.Parse(reported.GetProperty("to").GetString()!).ShouldBe(transaction.To!.Value);
        reported.GetProperty("input").GetString().ShouldBe(HexData.Encode(transaction.Data.Span));
        QuantityOf(reported, "v").ShouldBe(signed.V);
        QuantityOf(reported, "r").ShouldBe(Unsigned(signed.Signature.R));
        QuantityOf(reported, "s").ShouldBe(Unsigned(signed.Signature.S));

        // EIP-155: v = chainId * 2 + 35 + recovery id. Hardhat omits the optional chainId of a legacy transaction
        // (execution-apis transaction.yaml), so the node's v is the chain id it accepted.
        // Typed transactions carry the y parity alone (EIP-2930, EIP-1559); Hardhat reports it as v (yParity omitted).
        if (type == TransactionType.Legacy)
        {
            signed.V.ShouldBe((Lane.ChainId * 2) + 35 + signed.Signature.RecoveryId);
            ((QuantityOf(reported, "v") - 35) / 2).ShouldBe(Lane.ChainId);
            if (reported.TryGetProperty("chainId", out _))
            {
                QuantityOf(reported, "chainId").ShouldBe(Lane.ChainId);
            }
        }
        else
        {
            QuantityOf(reported, "chainId").ShouldBe(Lane.ChainId);
            signed.V.ShouldBe(signed.Signature.RecoveryId);
            if (reported.TryGetProperty("yParity", out _))
            {
                QuantityOf(reported, "yParity").ShouldBe(signed.Signature.RecoveryId);
            }

            var accessList = ((TypedTransaction)transaction).AccessList;
            accessList.ShouldNotBeEmpty();
            ReportedAccessList(reported).ShouldBe(AccessListText(accessList));
        }

        if (!contractCall)
        {
            (await Lane.Rpc.GetBalanceAsync(recipient.ToLowerHex(), BlockSelector.Latest, Ct)).ShouldBe(transaction.Value);
        }
        else
        {
            receipt.GetProperty("logs").GetArrayLength().ShouldBe(1); // DocumentAnchored
        }

        var decoded = TransactionDecoder.Decode(signed.RawBytes.Span);
        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.Sender.ShouldBe(key.Address);
        decoded.Value.HashHex.ShouldBe(hash);
        decoded.Value.Transaction.Type.ShouldBe(type);
    }

    [Theory]
    [InlineData(TransactionType.Legacy)]
    [InlineData(TransactionType.AccessList)]
    [InlineData(TransactionType.DynamicFee)]
    public async Task SendRawTransaction_SignedForAnotherChainId_NodeRejectsWithTypedError(TransactionType type)
    {
        using var key = await Lane.FundedKeyAsync(Ct);
        var transaction = await BuildAsync(Lane, type, Lane.ChainId + 1, key, RandomAddress(), Ct);
        var signed = transaction.Sign(key);

        var error = await Should.ThrowAsync<EthRpcException>(() => Lane.Rpc.SendRawTransactionAsync(signed.RawBytes, Ct));

        error.IsJsonRpcError.ShouldBeTrue();
        error.IsTransient.ShouldBeFalse();
        // Hardhat answers -32602 "Trying to send a raw transaction with an invalid chainId" (InvalidParams); other nodes
        // use a generic -32000 (JsonRpc).
        error.Kind.ShouldBeOneOf(EthRpcErrorKind.InvalidParams, EthRpcErrorKind.JsonRpc);
        error.Method.ShouldBe(EthRpcMethods.SendRawTransaction);
        (await Lane.Rpc.GetTransactionByHashAsync(signed.HashHex, Ct)).ShouldBeNull();
        (await Lane.Rpc.GetTransactionCountAsync(key.Address.ToLowerHex(), BlockSelector.Pending, Ct)).ShouldBe(transaction.Nonce);

        // The bytes are a well-formed transaction for the other chain: our decoder still recovers our sender from them.
        var decoded = TransactionDecoder.Decode(signed.RawBytes.Span);
        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        decoded.Value.Sender.ShouldBe(key.Address);
    }

    /// <summary>
    /// A transaction of <paramref name="type"/> for <paramref name="chainId"/>: a 1-ether transfer to
    /// <paramref name="transferTo"/>, or (when null) a DocumentRegistry.anchor call with fresh arguments.
    /// Prices are twice the node's gas price, so the transaction is mined at once.
    /// </summary>
    internal static async Task<EthTransaction> BuildAsync(
        EthereumLane lane, TransactionType type, ulong chainId, EthPrivateKey key, EthAddress? transferTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(key);
        var rpc = lane.Rpc;
        var documentRegistry = lane.Contracts.DocumentRegistry;
        var nonce = await rpc.GetTransactionCountAsync(key.Address.ToLowerHex(), BlockSelector.Pending, cancellationToken);
        var gasPrice = await rpc.GetGasPriceAsync(cancellationToken) * 2;
        EthAddress to;
        ReadOnlyMemory<byte> data;
        BigInteger value;
        ulong gasLimit;
        IReadOnlyList<AccessListEntry> accessList;
        if (transferTo is { } recipient)
        {
            to = recipient;
            data = ReadOnlyMemory<byte>.Empty;
            value = OneEther;
            gasLimit = 100_000;
            accessList = [new AccessListEntry(recipient), new AccessListEntry(documentRegistry, [RandomNumberGenerator.GetBytes(32)])];
        }
        else
        {
            to = documentRegistry;
            data = AnchorCall();
            value = BigInteger.Zero;
            var estimate = await rpc.EstimateGasAsync(
                new EthCallRequest { From = key.Address.ToLowerHex(), To = to.ToLowerHex(), Data = data }, null, cancellationToken);
            gasLimit = (estimate * 2) + 50_000;
            accessList = [new AccessListEntry(documentRegistry, [new byte[32], RandomNumberGenerator.GetBytes(32)])];
        }

        return Create(type, chainId, nonce, gasPrice, gasLimit, to, value, data, accessList);
    }

    /// <summary>
    /// An unsigned transaction of <paramref name="type"/>. <paramref name="gasPrice"/> is the legacy/EIP-2930 gas price
    /// and the EIP-1559 max fee (with a tip of at most 1 gwei); the access list is dropped for a legacy transaction.
    /// </summary>
    internal static EthTransaction Create(
        TransactionType type,
        ulong chainId,
        ulong nonce,
        BigInteger gasPrice,
        ulong gasLimit,
        EthAddress to,
        BigInteger value,
        ReadOnlyMemory<byte> data,
        IReadOnlyList<AccessListEntry> accessList) => type switch
        {
            TransactionType.Legacy => new LegacyTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                GasPrice = gasPrice,
                GasLimit = gasLimit,
                To = to,
                Value = value,
                Data = data,
            },
            TransactionType.AccessList => new AccessListTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                GasPrice = gasPrice,
                GasLimit = gasLimit,
                To = to,
                Value = value,
                Data = data,
                AccessList = accessList,
            },
            TransactionType.DynamicFee => new DynamicFeeTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                MaxFeePerGas = gasPrice,
                MaxPriorityFeePerGas = BigInteger.Min(gasPrice, new BigInteger(1_000_000_000)),
                GasLimit = gasLimit,
                To = to,
                Value = value,
                Data = data,
                AccessList = accessList,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a transaction type these tests build."),
        };

    /// <summary>DocumentRegistry.anchor(documentId, contentDigest, commitmentRoot, documentType) with fresh non-zero words.</summary>
    internal static byte[] AnchorCall() =>
        BridgeContracts.DocumentRegistry.Function("anchor").EncodeCall(
            RandomNumberGenerator.GetBytes(32),
            RandomNumberGenerator.GetBytes(32),
            RandomNumberGenerator.GetBytes(32),
            RandomNumberGenerator.GetBytes(32)).Value;

    internal static EthAddress RandomAddress() => EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size));

    private static BigInteger Unsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static BigInteger QuantityOf(JsonElement json, string name)
    {
        json.TryGetProperty(name, out var member).ShouldBeTrue($"the node's answer has no '{name}': {json.GetRawText()}");
        HexQuantity.TryParseUInt256(member.GetString(), out var value).ShouldBeTrue($"'{name}' is not a quantity: {member}");
        return value;
    }

    /// <summary>The node's accessList as "address:key,key;…" with lower-case hex, for comparison.</summary>
    private static string ReportedAccessList(JsonElement transaction) =>
        string.Join(
            ';',
            transaction.GetProperty("accessList").EnumerateArray().Select(entry =>
                entry.GetProperty("address").GetString()!.ToLowerInvariant() + ":" +
                string.Join(',', entry.GetProperty("storageKeys").EnumerateArray().Select(k => k.GetString()!.ToLowerInvariant()))));

    private static string AccessListText(IReadOnlyList<AccessListEntry> accessList) =>
        string.Join(
            ';',
            accessList.Select(entry =>
                entry.Address.ToLowerHex() + ":" + string.Join(',', entry.StorageKeys.Select(k => HexData.Encode(k.Span)))));
}
