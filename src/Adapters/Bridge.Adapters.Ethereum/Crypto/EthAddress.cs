using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Crypto;

/// <summary>
/// A 20-byte Ethereum account address: the last 20 bytes of keccak256 of the 64-byte public key x || y (Yellow Paper,
/// Appendix F, "A(pr)"). Text form is EIP-55 mixed-case checksummed hex. <c>default</c> is <see cref="Zero"/>.
/// </summary>
public readonly struct EthAddress : IEquatable<EthAddress>
{
    /// <summary>Bytes in an address.</summary>
    public const int Size = 20;

    private const int HexDigits = Size * 2;
    private readonly Bytes20 _bytes;

    private EthAddress(ReadOnlySpan<byte> twenty)
    {
        twenty.CopyTo(_bytes);
    }

    /// <summary>The all-zero address (also <c>default</c>).</summary>
    public static EthAddress Zero => default;

    /// <summary>The address held in exactly 20 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes long.</exception>
    public static EthAddress FromBytes(ReadOnlySpan<byte> twenty) =>
        twenty.Length == Size
            ? new EthAddress(twenty)
            : throw new ArgumentException($"An address is {Size} bytes; got {twenty.Length}.", nameof(twenty));

    /// <summary>The address of an uncompressed public key given as 64 bytes x || y: keccak256(x || y)[12..32].</summary>
    /// <exception cref="ArgumentException">The span is not 64 bytes long.</exception>
    public static EthAddress FromPublicKey(ReadOnlySpan<byte> uncompressed64)
    {
        if (uncompressed64.Length != 64)
        {
            throw new ArgumentException($"A public key is 64 bytes (x || y); got {uncompressed64.Length}.", nameof(uncompressed64));
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(uncompressed64, hash);
        return new EthAddress(hash[(Keccak256.HashSizeInBytes - Size)..]);
    }

    /// <summary>
    /// Parses "0x" followed by 40 hex digits. All-lower-case and all-upper-case digits are accepted as they are;
    /// mixed case must be the EIP-55 checksum. False for anything else (no exception).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthAddress address) =>
        TryParseCore(text, out address) == ParseError.None;

    /// <summary>Parses like <see cref="TryParse"/>.</summary>
    /// <exception cref="FormatException">The text is not an address or its mixed-case checksum is wrong.</exception>
    public static EthAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, out var address) switch
        {
            ParseError.None => address,
            ParseError.Checksum => throw new FormatException(
                $"'{text}' mixes upper and lower case but is not the EIP-55 checksum of that address ({address})."),
            _ => throw new FormatException(
                $"The text is not an Ethereum address: expected \"0x\" followed by 40 hex digits, got {text.Length} characters."),
        };
    }

    /// <summary>The 20 bytes.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>A copy of the 20 bytes.</summary>
    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>Copies the 20 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => AsSpan().CopyTo(destination);

    /// <summary>
    /// EIP-55 checksummed text: hex digit i is upper-case when it is a letter and nibble i of keccak256 of the
    /// lower-case hex text (as ASCII) is 8 or more (ethereum/ERCs ERCS/erc-55.md).
    /// </summary>
    public override string ToString() =>
        string.Create(2 + HexDigits, this, static (chars, address) => WriteChecksummed(address.AsSpan(), chars));

    /// <summary>"0x" followed by 40 lower-case hex digits.</summary>
    public string ToLowerHex() => "0x" + Convert.ToHexStringLower(AsSpan());

    /// <inheritdoc />
    public bool Equals(EthAddress other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EthAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(EthAddress left, EthAddress right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(EthAddress left, EthAddress right) => !left.Equals(right);

    private static ParseError TryParseCore(string? text, out EthAddress address)
    {
        address = default;
        if (text is null || text.Length != 2 + HexDigits || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            return ParseError.Format;
        }

        var digits = text.AsSpan(2);
        Span<byte> bytes = stackalloc byte[Size];
        if (!Hex.TryDecode(digits, bytes))
        {
            return ParseError.Format;
        }

        address = new EthAddress(bytes);
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        if (!hasLower || !hasUpper)
        {
            return ParseError.None;
        }

        Span<char> expected = stackalloc char[2 + HexDigits];
        WriteChecksummed(bytes, expected);
        return digits.SequenceEqual(expected[2..]) ? ParseError.None : ParseError.Checksum;
    }

    private static void WriteChecksummed(ReadOnlySpan<byte> address, Span<char> destination)
    {
        Span<byte> lowerHex = stackalloc byte[HexDigits];
        for (var i = 0; i < Size; i++)
        {
            lowerHex[2 * i] = (byte)HexDigit(address[i] >> 4);
            lowerHex[(2 * i) + 1] = (byte)HexDigit(address[i] & 0xF);
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(lowerHex, hash);
        destination[0] = '0';
        destination[1] = 'x';
        for (var i = 0; i < HexDigits; i++)
        {
            var c = (char)lowerHex[i];
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            destination[2 + i] = c >= 'a' && nibble >= 8 ? (char)(c - ('a' - 'A')) : c;
        }
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private enum ParseError
    {
        None,
        Format,
        Checksum,
    }

    [InlineArray(Size)]
    private struct Bytes20
    {
        private byte _element;
    }
}
