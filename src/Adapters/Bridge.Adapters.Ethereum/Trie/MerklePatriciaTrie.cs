using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>
/// An in-memory modified Merkle-Patricia trie (Yellow Paper, Appendix D): insert and delete key/value pairs, read the
/// root hash, and build the proof for a key as <c>eth_getProof</c> returns it (EIP-1186: the RLP encodings of the nodes
/// on the key's path, root first; nodes under 32 bytes are embedded in their parent and not listed separately).
/// The trie is a function of its key/value set, so the structure is rebuilt from the sorted keys when the set has
/// changed. The secure variant (<see cref="CreateSecure"/>) keys every entry by keccak-256 of its key, as the state
/// and storage tries do (Appendix D, "secure trie"; EIP-1186).
/// </summary>
/// <remarks>Not thread-safe. Empty values are not stored: putting one deletes the key (Appendix D).</remarks>
public sealed class MerklePatriciaTrie
{
    private const int HashLength = Keccak256.HashSizeInBytes;

    private readonly SortedDictionary<byte[], byte[]> _entries = new(ByteOrder.Instance);
    private Node? _root;
    private bool _dirty = true;

    private MerklePatriciaTrie(bool isSecure) => IsSecure = isSecure;

    /// <summary>keccak-256(RLP("")) = 0x56e81f…b421, the root of the empty trie.</summary>
    public static ReadOnlySpan<byte> EmptyRootHash =>
    [
        0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
        0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
    ];

    /// <summary>True when keys are hashed with keccak-256 before they enter the trie.</summary>
    public bool IsSecure { get; }

    /// <summary>The number of keys held.</summary>
    public int Count => _entries.Count;

    /// <summary>A trie keyed by the keys themselves (receipts and transactions tries: key = RLP(index)).</summary>
    public static MerklePatriciaTrie Create() => new(isSecure: false);

    /// <summary>A trie keyed by keccak-256 of each key (state trie: keccak(address); storage trie: keccak(slot)).</summary>
    public static MerklePatriciaTrie CreateSecure() => new(isSecure: true);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; an empty value deletes the key.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            Remove(key);
            return;
        }

        _entries[TrieKey(key)] = value.ToArray();
        _dirty = true;
    }

    /// <summary>Deletes <paramref name="key"/>; false when it was absent.</summary>
    public bool Remove(ReadOnlySpan<byte> key)
    {
        var removed = _entries.Remove(TrieKey(key));
        _dirty |= removed;
        return removed;
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key) =>
        _entries.TryGetValue(TrieKey(key), out var value) ? (byte[])value.Clone() : null;

    /// <summary>The 32-byte root hash: keccak-256 of the root node's RLP (always hashed, even when short).</summary>
    public byte[] RootHash()
    {
        var root = Build();
        return root is null ? EmptyRootHash.ToArray() : Keccak256.Hash(root.Encoded);
    }

    /// <summary>
    /// The proof for <paramref name="key"/>: the RLP encodings of the hashed nodes on its path, root first (the root
    /// always, even when it is under 32 bytes). For an absent key the nodes up to where the path leaves the trie,
    /// which prove the exclusion. The empty trie has an empty proof.
    /// </summary>
    public IReadOnlyList<byte[]> GetProof(ReadOnlySpan<byte> key)
    {
        var node = Build();
        var proof = new List<byte[]>();
        if (node is null)
        {
            return proof;
        }

        var path = TrieKey(key);
        var position = 0;
        var nibbleCount = path.Length * 2;
        proof.Add((byte[])node.Encoded.Clone());
        while (true)
        {
            Node? next;
            switch (node.Kind)
            {
                case NodeKind.Leaf:
                    return proof;
                case NodeKind.Extension:
                    if (!StartsWith(path, position, node.Path))
                    {
                        return proof;
                    }

                    position += node.Path.Length;
                    next = node.Child;
                    break;
                default:
                    if (position == nibbleCount)
                    {
                        return proof;
                    }

                    next = node.Children![HexPrefix.Nibble(path, position)];
                    position++;
                    break;
            }

            if (next is null)
            {
                return proof;
            }

            if (next.Encoded.Length >= HashLength)
            {
                proof.Add((byte[])next.Encoded.Clone());
            }

            node = next;
        }
    }

    private byte[] TrieKey(ReadOnlySpan<byte> key) => IsSecure ? Keccak256.Hash(key) : key.ToArray();

    private static bool StartsWith(byte[] key, int position, byte[] nibbles)
    {
        if ((key.Length * 2) - position < nibbles.Length)
        {
            return false;
        }

        for (var i = 0; i < nibbles.Length; i++)
        {
            if (HexPrefix.Nibble(key, position + i) != nibbles[i])
            {
                return false;
            }
        }

        return true;
    }

    private Node? Build()
    {
        if (!_dirty)
        {
            return _root;
        }

        var keys = new byte[_entries.Count][];
        var values = new byte[_entries.Count][];
        var i = 0;
        foreach (var (key, value) in _entries)
        {
            keys[i] = HexPrefix.ToNibbles(key);
            values[i] = value;
            i++;
        }

        _root = keys.Length == 0 ? null : BuildNode(keys, values, 0, keys.Length, 0);
        _dirty = false;
        return _root;
    }

    // Keys [from, to) are sorted and share their first `depth` nibbles (Appendix D, the function c: a single key is a
    // leaf; keys sharing a further prefix hang under an extension; otherwise a branch splits them by next nibble).
    private static Node BuildNode(byte[][] keys, byte[][] values, int from, int to, int depth)
    {
        if (to - from == 1)
        {
            return Node.Leaf(keys[from][depth..], values[from]);
        }

        // Sorted, so the prefix shared by all keys is the one shared by the first and the last.
        var first = keys[from];
        var last = keys[to - 1];
        var shared = 0;
        while (depth + shared < first.Length && depth + shared < last.Length && first[depth + shared] == last[depth + shared])
        {
            shared++;
        }

        if (shared > 0)
        {
            return Node.Extension(first[depth..(depth + shared)], BuildBranch(keys, values, from, to, depth + shared));
        }

        return BuildBranch(keys, values, from, to, depth);
    }

    private static Node BuildBranch(byte[][] keys, byte[][] values, int from, int to, int depth)
    {
        byte[]? value = null;
        if (keys[from].Length == depth)
        {
            value = values[from]; // a key that ends here sorts first and sits in the branch's value slot
            from++;
        }

        var children = new Node?[16];
        while (from < to)
        {
            var nibble = keys[from][depth];
            var end = from + 1;
            while (end < to && keys[end][depth] == nibble)
            {
                end++;
            }

            children[nibble] = BuildNode(keys, values, from, end, depth + 1);
            from = end;
        }

        return Node.Branch(children, value);
    }

    private enum NodeKind
    {
        Leaf,
        Extension,
        Branch,
    }

    private sealed class Node
    {
        private Node(NodeKind kind, byte[] path, Node? child, Node?[]? children, byte[] encoded)
        {
            Kind = kind;
            Path = path;
            Child = child;
            Children = children;
            Encoded = encoded;
        }

        public NodeKind Kind { get; }

        public byte[] Path { get; }

        public Node? Child { get; }

        public Node?[]? Children { get; }

        // RLP of the node (Appendix D, the function c).
        public byte[] Encoded { get; }

        // How a parent refers to the node: the node itself when its RLP is under 32 bytes, else RLP(keccak(RLP))
        // (Appendix D, the function n).
        public int ReferenceLength => Encoded.Length < HashLength ? Encoded.Length : 1 + HashLength;

        public static Node Leaf(byte[] path, byte[] value)
        {
            Span<byte> hp = stackalloc byte[HexPrefix.EncodedLength(path.Length)];
            HexPrefix.Encode(path, isLeaf: true, hp);
            var payload = RlpEncoder.GetStringEncodedLength(hp) + RlpEncoder.GetStringEncodedLength(value);
            var encoded = new byte[RlpEncoder.GetPrefixedLength(payload)];
            var position = RlpEncoder.WriteListHeader(encoded, payload);
            position += RlpEncoder.WriteString(encoded.AsSpan(position), hp);
            RlpEncoder.WriteString(encoded.AsSpan(position), value);
            return new Node(NodeKind.Leaf, path, null, null, encoded);
        }

        public static Node Extension(byte[] path, Node child)
        {
            Span<byte> hp = stackalloc byte[HexPrefix.EncodedLength(path.Length)];
            HexPrefix.Encode(path, isLeaf: false, hp);
            var payload = RlpEncoder.GetStringEncodedLength(hp) + child.ReferenceLength;
            var encoded = new byte[RlpEncoder.GetPrefixedLength(payload)];
            var position = RlpEncoder.WriteListHeader(encoded, payload);
            position += RlpEncoder.WriteString(encoded.AsSpan(position), hp);
            WriteReference(child, encoded.AsSpan(position));
            return new Node(NodeKind.Extension, path, child, null, encoded);
        }

        public static Node Branch(Node?[] children, byte[]? value)
        {
            var payload = RlpEncoder.GetStringEncodedLength(value);
            foreach (var child in children)
            {
                payload += child?.ReferenceLength ?? 1;
            }

            var encoded = new byte[RlpEncoder.GetPrefixedLength(payload)];
            var position = RlpEncoder.WriteListHeader(encoded, payload);
            foreach (var child in children)
            {
                if (child is null)
                {
                    encoded[position++] = 0x80; // the empty string marks an empty slot
                }
                else
                {
                    position += WriteReference(child, encoded.AsSpan(position));
                }
            }

            RlpEncoder.WriteString(encoded.AsSpan(position), value);
            return new Node(NodeKind.Branch, [], null, children, encoded);
        }

        private static int WriteReference(Node child, Span<byte> destination)
        {
            if (child.Encoded.Length < HashLength)
            {
                child.Encoded.CopyTo(destination);
                return child.Encoded.Length;
            }

            Span<byte> hash = stackalloc byte[HashLength];
            Keccak256.Hash(child.Encoded, hash);
            return RlpEncoder.WriteString(destination, hash);
        }
    }

    // Unsigned lexicographic order: the order of nibble paths, a prefix before its extensions.
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
