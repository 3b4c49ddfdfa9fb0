using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// Proposal nonces derived from the idempotency key, so that a command's transaction id is fixed before it is sent and
/// survives restarts: Fabric's tx id is SHA-256(nonce ‖ creator) (fabric-wire.md §2.1) and the ledger refuses a second
/// transaction with the same id (<c>DUPLICATE_TXID</c>), so the same key can never apply twice.
/// <para>
/// nonce = the first 24 bytes of SHA-256(<c>"trade-chain-bridge/fabric-submission/v1"</c> ‖ 0 ‖ channel ‖ 0 ‖ chaincode ‖ 0 ‖
/// key ‖ 0 ‖ creator ‖ uint32be(attempt)), with UTF-8 text. <c>attempt</c> counts the ids of one key that were committed
/// with a read conflict (and so did not apply); it starts at 0.
/// </para>
/// </summary>
internal static class SubmissionNonces
{
    private static readonly byte[] Domain = "trade-chain-bridge/fabric-submission/v1"u8.ToArray();
    private static readonly byte[] BatchDomain = "trade-chain-bridge/fabric-batch/v1"u8.ToArray();

    /// <summary>The nonce of attempt <paramref name="attempt"/> of <paramref name="idempotencyKey"/> by <paramref name="creator"/>.</summary>
    public static byte[] Derive(string channel, string chaincode, string idempotencyKey, ReadOnlySpan<byte> creator, int attempt)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(chaincode);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        foreach (var part in (ReadOnlySpan<string>)[channel, chaincode, idempotencyKey])
        {
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(part));
        }

        hash.AppendData([0]);
        hash.AppendData(creator);
        Span<byte> counter = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, (uint)attempt);
        hash.AppendData(counter);
        return hash.GetHashAndReset()[..TransactionIds.NonceSize];
    }

    /// <summary>
    /// The key of a batch (<see cref="FabricAdapter.SubmitBatchAsync"/>): <c>batch/v1/</c> ‖ hex(SHA-256(<c>"trade-chain-bridge/fabric-batch/v1"</c> ‖
    /// for each key in order: uint32be(UTF-8 length) ‖ UTF-8 key)). The same keys in the same order give the same key, so
    /// a batch resubmitted after a crash gets the same transaction id; the length prefixes keep two different key lists
    /// from joining into the same bytes.
    /// </summary>
    public static string BatchKey(IEnumerable<string> idempotencyKeys)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKeys);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BatchDomain);
        Span<byte> length = stackalloc byte[4];
        foreach (var key in idempotencyKeys)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(idempotencyKeys));
            var bytes = Encoding.UTF8.GetBytes(key);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return "batch/v1/" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The transaction id that attempt <paramref name="attempt"/> of the key gets: SHA-256(nonce ‖ creator) in hex.</summary>
    public static string TransactionId(string channel, string chaincode, string idempotencyKey, ReadOnlySpan<byte> creator, int attempt) =>
        TransactionIds.Compute(Derive(channel, chaincode, idempotencyKey, creator, attempt), creator);
}
