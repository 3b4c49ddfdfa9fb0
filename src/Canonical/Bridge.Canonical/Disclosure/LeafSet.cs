using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Disclosure;

/// <summary>One leaf of a committed document: its pointer, value, salt and leaf hash.</summary>
internal sealed record Leaf(string Pointer, JsonElement Value, string Salt, byte[] Hash);

/// <summary>
/// The leaves of a document under <c>bridge-salted-merkle-v1</c>, sorted by leaf hash (docs/selective-disclosure.md):
/// every primitive and every empty object/array, addressed by its RFC 6901 pointer.
/// </summary>
internal sealed class LeafSet
{
    /// <summary>Deepest pointer accepted (tokens); deeper documents are refused rather than recursed into.</summary>
    public const int MaxDepth = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private LeafSet(List<Leaf> sorted) => Sorted = sorted;

    /// <summary>The leaves in ascending bytewise order of their hashes, i.e. tree order.</summary>
    public List<Leaf> Sorted { get; }

    public static LeafSet Build(JsonElement content, ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SaltedMerkleCommitment.SecretLength)
        {
            throw new ArgumentException(
                $"the per-document secret must be {SaltedMerkleCommitment.SecretLength} bytes", nameof(secret));
        }

        var found = new List<(string Pointer, JsonElement Value)>();
        var pointers = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            Walk(content, string.Empty, 0, found, pointers);
        }
        catch (InvalidOperationException e)
        {
            // JsonProperty.Name throws this for a name with an escaped lone surrogate (input not parsed by SafeJson).
            throw new ArgumentException("the content has a member name that is not valid Unicode", nameof(content), e);
        }

        var leaves = new List<Leaf>(found.Count);
        foreach (var (pointer, value) in found)
        {
            var salt = SaltOf(secret, pointer);
            leaves.Add(new Leaf(pointer, value, salt, HashOf(pointer, salt, value)));
        }

        leaves.Sort(static (a, b) => a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        return new LeafSet(leaves);
    }

    public byte[] Root() => Rfc6962.Root(Sorted.ConvertAll(static l => l.Hash));

    /// <summary>salt = base64url(HMAC-SHA256(secret, utf8(pointer))), no padding.</summary>
    public static string SaltOf(ReadOnlySpan<byte> secret, string pointer)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, StrictUtf8.GetBytes(pointer), mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// SHA-256(0x00 || utf8(JCS([pointer, salt, value]))). The array is written piecewise: RFC 8785 §3.2.1 puts no
    /// whitespace between elements and §3.2.2.2 serialises strings exactly as ECMAScript JSON.stringify does.
    /// </summary>
    /// <exception cref="ArgumentException">The pointer has a lone surrogate or the value is not I-JSON.</exception>
    public static byte[] HashOf(string pointer, string salt, JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("\0["u8); // 0x00 domain separator, then the array
        EcmaScript.WriteString(buffer, pointer);
        buffer.Write(","u8);
        EcmaScript.WriteString(buffer, salt);
        buffer.Write(","u8);
        Jcs.Canonicalize(value, buffer);
        buffer.Write("]"u8);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    /// <summary><see cref="HashOf"/> for untrusted input: false instead of an exception.</summary>
    public static bool TryHashOf(string pointer, string salt, JsonElement value, out byte[] hash)
    {
        try
        {
            hash = HashOf(pointer, salt, value);
            return true;
        }
        catch (ArgumentException)
        {
            hash = [];
            return false;
        }
    }

    /// <summary>True for a value that is a leaf: a primitive, <c>{}</c> or <c>[]</c>.</summary>
    public static bool IsLeafValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
        _ => false,
    };

    private static void Walk(
        JsonElement node, string pointer, int depth, List<(string, JsonElement)> found, HashSet<string> pointers)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"the document is nested deeper than {MaxDepth} levels", nameof(node));
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                var members = 0;
                foreach (var member in node.EnumerateObject())
                {
                    members++;
                    Walk(member.Value, JsonPointer.Append(pointer, member.Name), depth + 1, found, pointers);
                }

                if (members == 0)
                {
                    Add(pointer, node, found, pointers);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, JsonPointer.Append(pointer, index), depth + 1, found, pointers);
                    index++;
                }

                if (index == 0)
                {
                    Add(pointer, node, found, pointers);
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                Add(pointer, node, found, pointers);
                break;
            default:
                throw new ArgumentException("the content is not a JSON value", nameof(node));
        }
    }

    private static void Add(string pointer, JsonElement value, List<(string, JsonElement)> found, HashSet<string> pointers)
    {
        if (!pointers.Add(pointer))
        {
            throw new ArgumentException($"the document has a duplicate member at '{pointer}'", nameof(value));
        }

        found.Add((pointer, value));
    }
}
