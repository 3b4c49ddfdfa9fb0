using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Unicode;
using Bridge.Relay.Registry;

namespace Bridge.Relay.Messages;

/// <summary>
/// The stable id of a relay message: the lower-case hex SHA-256 (64 characters) of a length-prefixed encoding of the
/// source fact and the lane that carries it (see <see cref="Derive(string, string, string, ulong)"/>). The same fact on
/// the same lane always gives the same id, so a redelivered event, a restarted watcher or a second host finds the
/// message that already exists instead of creating another; the database's unique constraint on the id makes
/// duplicates impossible. The 32 bytes fit an EVM <c>bytes32</c>, so the id is also the destination's "consumed" key.
/// </summary>
public sealed record MessageId
{
    /// <summary>The length of an id in characters (SHA-256 in hex).</summary>
    public const int Length = 64;

    /// <summary>The longest source transaction id accepted (characters).</summary>
    public const int MaxTransactionIdLength = 512;

    /// <summary>The domain tag that starts every preimage; a new encoding would get a new tag.</summary>
    internal const string Domain = "trade-chain-bridge/message-id/v1";

    private MessageId(string value) => Value = value;

    /// <summary>The id: 64 lower-case hex characters.</summary>
    public string Value { get; }

    /// <summary>
    /// Derives the id of the message that carries the <paramref name="index"/>-th event of source transaction
    /// <paramref name="transactionId"/> on network <paramref name="network"/> over lane <paramref name="lane"/>.
    /// </summary>
    /// <param name="lane">The lane's registry name (a slug, see <see cref="Names.IsValid"/>).</param>
    /// <param name="network">The source network's registry name (a slug).</param>
    /// <param name="transactionId">
    /// The source transaction id exactly as the adapter reports it (<see cref="Bridge.Adapters.Abstractions.TxRef.Id"/>);
    /// it is not normalised, so adapters must report one canonical spelling (e.g. lower-case <c>0x</c> hex on Ethereum).
    /// </param>
    /// <param name="index">
    /// The event's position within its transaction (0 for the first event). Use the position inside the transaction,
    /// not a block-wide position such as Ethereum's <c>logIndex</c>, so that the id survives the transaction being
    /// re-included in another block after a reorganisation.
    /// </param>
    /// <exception cref="ArgumentException">A name is not a slug or the transaction id is not acceptable (a bug in the caller).</exception>
    public static MessageId Derive(string lane, string network, string transactionId, ulong index)
    {
        if (!Names.IsValid(lane))
        {
            throw new ArgumentException("A lane name must be a registry slug.", nameof(lane));
        }

        if (!Names.IsValid(network))
        {
            throw new ArgumentException("A network name must be a registry slug.", nameof(network));
        }

        if (!IsValidTransactionId(transactionId))
        {
            throw new ArgumentException(
                $"A transaction id must be 1-{MaxTransactionIdLength} characters of well-formed text without control characters or surrounding white space.",
                nameof(transactionId));
        }

        var preimage = Preimage(lane, network, transactionId, index);
        return new MessageId(Convert.ToHexStringLower(SHA256.HashData(preimage)));
    }

    /// <summary>Derives the id of the message that carries <paramref name="source"/> over lane <paramref name="lane"/>.</summary>
    /// <exception cref="ArgumentException">See <see cref="Derive(string, string, string, ulong)"/>.</exception>
    public static MessageId Derive(string lane, MessageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Derive(lane, source.Network, source.Tx.Id, source.Index);
    }

    /// <summary>
    /// Whether <paramref name="transactionId"/> may be part of an id: 1-512 characters, well-formed UTF-16 (no lone
    /// surrogate, which UTF-8 encoding would otherwise replace and so merge distinct ids), no control characters, and no
    /// white space at either end.
    /// </summary>
    public static bool IsValidTransactionId([NotNullWhen(true)] string? transactionId)
    {
        if (string.IsNullOrEmpty(transactionId) || transactionId.Length > MaxTransactionIdLength
            || char.IsWhiteSpace(transactionId[0]) || char.IsWhiteSpace(transactionId[^1]))
        {
            return false;
        }

        foreach (var c in transactionId)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        Span<byte> scratch = stackalloc byte[MaxTransactionIdLength * 3];
        return Utf8.FromUtf16(transactionId, scratch, out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
    }

    /// <summary>Parses an id: exactly 64 lower-case hex characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out MessageId? id)
    {
        id = null;
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        id = new MessageId(value);
        return true;
    }

    /// <summary>Parses an id.</summary>
    /// <exception cref="FormatException">The value is not 64 lower-case hex characters.</exception>
    public static MessageId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException("A message id is 64 lower-case hex characters.");

    /// <summary>The id's 32 bytes (for an EVM <c>bytes32</c> or a binary column).</summary>
    public byte[] ToBytes() => Convert.FromHexString(Value);

    /// <summary>The id's 64 hex characters.</summary>
    public override string ToString() => Value;

    /// <summary>
    /// The hashed encoding: each text field (domain tag, lane, network, transaction id) as a 4-byte big-endian byte
    /// count followed by its UTF-8 bytes, then the index as 8 bytes big-endian. The length prefixes make the encoding
    /// injective: two different facts never share a preimage, so ids collide only if SHA-256 does.
    /// </summary>
    internal static byte[] Preimage(string lane, string network, string transactionId, ulong index)
    {
        var fields = new[] { Domain, lane, network, transactionId };
        var encoded = fields.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[encoded.Sum(e => 4 + e.Length) + 8];
        var offset = 0;
        foreach (var bytes in encoded)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), (uint)bytes.Length);
            bytes.CopyTo(buffer.AsSpan(offset + 4));
            offset += 4 + bytes.Length;
        }

        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(offset), index);
        return buffer;
    }
}
