using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bridge.Canonical.Disclosure;

/// <summary>
/// A redacted view of a committed document (<c>bridge-salted-merkle-v1</c>): the revealed leaves with their salts,
/// and the leaf hashes of the hidden ones. Built by <see cref="SaltedMerkleCommitment.Disclose"/> or read by
/// <see cref="DisclosureJson.Parse"/>; check it with <see cref="CommitmentVerifier.Verify(SaltedDisclosure)"/>.
/// Instances are always well-formed (valid pointers, 32-byte salts, sorted lowercase hex, no nested leaves).
/// </summary>
public sealed class SaltedDisclosure
{
    internal SaltedDisclosure(
        string root,
        SortedDictionary<string, JsonElement> fields,
        SortedDictionary<string, string> salts,
        IReadOnlyList<string> hidden)
    {
        Root = root;
        Fields = fields;
        Salts = salts;
        Hidden = hidden;
    }

    /// <summary>Always <see cref="SaltedMerkleCommitment.Scheme"/>.</summary>
    public string Scheme => SaltedMerkleCommitment.Scheme;

    /// <summary>The commitment root the disclosure claims (lowercase hex).</summary>
    public string Root { get; }

    /// <summary>Revealed leaves by RFC 6901 pointer (ordinal order); values are primitives, <c>{}</c> or <c>[]</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields { get; }

    /// <summary>The salt of each revealed leaf (base64url, no padding), same keys as <see cref="Fields"/>.</summary>
    public IReadOnlyDictionary<string, string> Salts { get; }

    /// <summary>Leaf hashes (lowercase hex, ascending) of the hidden leaves. Their count is all they reveal.</summary>
    public IReadOnlyList<string> Hidden { get; }

    /// <summary>Leaves in the committed document: revealed plus hidden.</summary>
    public int LeafCount => Fields.Count + Hidden.Count;

    /// <summary>
    /// Rebuilds the revealed fields as a partial document. Hidden object members are omitted; hidden array elements
    /// before the last revealed element become <c>null</c> and hidden trailing elements are dropped (the array's
    /// length is not committed separately). Pointers alone do not say whether a container was an object or an array:
    /// a container whose member names are all array indices ("0", "1", ... without leading zeros) is rebuilt as an
    /// array, so an object such as <c>{"0": ...}</c> comes back as an array (docs/selective-disclosure.md). With
    /// nothing revealed the result is <c>{}</c>. Only trust the values after <see cref="CommitmentVerifier.Verify(SaltedDisclosure)"/>
    /// said <see cref="CommitmentVerdict.Valid"/>.
    /// </summary>
    public JsonElement Reconstruct()
    {
        if (Fields.TryGetValue(string.Empty, out var whole))
        {
            return whole.Clone();
        }

        var root = new Node();
        var depth = 0;
        foreach (var (pointer, value) in Fields)
        {
            var node = root;
            var tokens = Pointers.Tokens(pointer);
            depth = Math.Max(depth, tokens.Length);
            foreach (var token in tokens)
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(token, out var child))
                {
                    child = new Node();
                    node.Children.Add(token, child);
                }

                node = child;
            }

            node.Value = value;
        }

        // Each hidden array element hides at least one leaf, so a verified disclosure never needs more padding
        // nulls than it has hidden leaves; the budget also bounds the work an unverified one can cause.
        var paddingBudget = Hidden.Count;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = depth + 2 }))
        {
            Write(writer, root, ref paddingBudget);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = depth + 2 });
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, Node node, ref int paddingBudget)
    {
        if (node.Children is null)
        {
            if (node.Value is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            return;
        }

        var indices = ArrayIndices(node.Children, paddingBudget);
        if (indices is null)
        {
            writer.WriteStartObject();
            foreach (var (name, child) in node.Children.OrderBy(static c => c.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                Write(writer, child, ref paddingBudget);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray();
        var next = 0;
        foreach (var (index, child) in indices)
        {
            for (; next < index; next++)
            {
                writer.WriteNullValue();
                paddingBudget--;
            }

            Write(writer, child, ref paddingBudget);
            next = index + 1;
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The children as (index, node) in index order when every name is a canonical array index and the gaps fit in
    /// the padding budget; otherwise null (rebuild as an object).
    /// </summary>
    private static List<(int Index, Node Child)>? ArrayIndices(Dictionary<string, Node> children, int paddingBudget)
    {
        var result = new List<(int, Node)>(children.Count);
        foreach (var (name, child) in children)
        {
            if (!IsCanonicalIndex(name) ||
                !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return null;
            }

            result.Add((index, child));
        }

        result.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        var gaps = (long)result[^1].Item1 + 1 - result.Count;
        return gaps <= paddingBudget ? result : null;
    }

    /// <summary>RFC 6901 §4 array index: "0" or a digit sequence without a leading zero.</summary>
    private static bool IsCanonicalIndex(string token) =>
        token.Length is > 0 and <= 9 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0');

    private sealed class Node
    {
        public Dictionary<string, Node>? Children { get; set; }

        public JsonElement? Value { get; set; }
    }
}
