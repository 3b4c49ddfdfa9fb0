using System.Text;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>
/// How the bridge's names and ids become the contracts' <c>bytes32</c> arguments. One rule per kind of value, so that
/// the relay, the adapter and anyone reading the chain derive the same word:
/// <list type="bullet">
/// <item>a word written as <c>0x</c> + 64 hex digits is taken as it is;</item>
/// <item>a UUID (document ids) is its 16 bytes (RFC 9562 order) right-aligned, so it reads back as the UUID;</item>
/// <item>any other name (lane, network, title id, a recipient on a non-Ethereum network) is keccak256 of its UTF-8 bytes;</item>
/// <item>an Ethereum address as a recipient is right-aligned, as <c>abi.encode(address)</c> would place it.</item>
/// </list>
/// Document types are short ASCII codes (e.g. <c>BILL_OF_LADING</c>) written left-aligned like Solidity's string
/// literals in <c>bytes32</c>, so that they stay readable on chain.
/// </summary>
public static class Bytes32Names
{
    /// <summary>The word of a name or id under the rules above (document types excepted).</summary>
    public static byte[] Of(string value) => Bytes32Words.Of(value);

    /// <summary>The word of a recipient: an Ethereum address right-aligned, anything else by <see cref="Of"/>.</summary>
    public static byte[] OfRecipient(string recipient) => Bytes32Words.OfRecipient(recipient);

    /// <summary>A document type code, left-aligned ASCII; longer than 32 bytes or non-ASCII is refused.</summary>
    public static byte[] OfDocumentType(string? documentType)
    {
        var word = new byte[32];
        if (string.IsNullOrEmpty(documentType))
        {
            return word;
        }

        if (documentType.Length > 32 || !Ascii.IsValid(documentType))
        {
            throw new ArgumentException("A document type must be at most 32 ASCII characters.", nameof(documentType));
        }

        Encoding.ASCII.GetBytes(documentType, word);
        return word;
    }

    /// <summary>The text of a word: the UUID when it has the UUID form (16 leading zero bytes), otherwise 0x-hex.</summary>
    public static string Describe(ReadOnlySpan<byte> word)
    {
        if (word.Length == 32 && !word[..16].ContainsAnyExcept((byte)0) && word[16..].ContainsAnyExcept((byte)0))
        {
            return new Guid(word[16..], bigEndian: true).ToString("D");
        }

        return HexData.Encode(word);
    }

    /// <summary>A left-aligned ASCII document type back as text (trailing zero bytes removed), or null when it is not one.</summary>
    public static string? DescribeDocumentType(ReadOnlySpan<byte> word)
    {
        var end = word.IndexOf((byte)0);
        var text = end < 0 ? word : word[..end];
        if (text.IsEmpty || word[text.Length..].ContainsAnyExcept((byte)0) || !Ascii.IsValid(text))
        {
            return null;
        }

        foreach (var b in text)
        {
            if (b < 0x20 || b > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(text);
    }
}
