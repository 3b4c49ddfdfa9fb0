namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>What a Merkle-Patricia proof shows about a key.</summary>
public enum TrieProofOutcome
{
    /// <summary>The proof is not a valid proof for the key under the root (see <see cref="TrieProofError"/>).</summary>
    Invalid = 0,

    /// <summary>The key is in the trie with the proven value.</summary>
    Found = 1,

    /// <summary>The proof shows that the key is not in the trie (a valid proof of exclusion).</summary>
    Absent = 2,
}

/// <summary>Why a proof is invalid. Values are stable.</summary>
public enum TrieProofError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The path needs a node that the proof does not hold (the proof ends early or is empty).</summary>
    MissingNode = 1,

    /// <summary>keccak-256 of the node differs from the reference in its parent (or from the root for node 0).</summary>
    WrongNodeHash = 2,

    /// <summary>The node is a valid node of the trie, but for another branch: the proof follows a different key.</summary>
    PathMismatch = 3,

    /// <summary>The node (or an embedded node, or a null element) is not canonical RLP.</summary>
    BadRlp = 4,

    /// <summary>The node is not a branch (17 items), leaf or extension (2 items), or a branch with fewer than two entries.</summary>
    BadNodeShape = 5,

    /// <summary>A leaf or extension path is not valid hex-prefix encoding (Yellow Paper, Appendix C).</summary>
    BadHexPrefix = 6,

    /// <summary>A child reference is neither empty, a 32-byte hash, nor an embedded node.</summary>
    BadReference = 7,

    /// <summary>An embedded node's RLP is 32 bytes or longer; it must have been referenced by hash.</summary>
    InlineNodeTooLarge = 8,

    /// <summary>A leaf holds an empty value; the trie never stores one.</summary>
    EmptyLeafValue = 9,

    /// <summary>A branch on the path holds a value although the trie's keys are prefix-free.</summary>
    ValueInBranch = 10,

    /// <summary>An extension with an empty path, or an extension not followed by a branch.</summary>
    BadExtension = 11,

    /// <summary>Nodes remain after the proof reached its answer.</summary>
    ExtraNodes = 12,
}

/// <summary>Options for <see cref="TrieProofVerifier"/>.</summary>
[Flags]
public enum TrieProofOptions
{
    /// <summary>
    /// Keys are prefix-free, as in every trie a block commits to (state and storage keys are 32-byte hashes; receipt
    /// and transaction keys are RLP encodings): a branch with a value is invalid.
    /// </summary>
    None = 0,

    /// <summary>Keys may be prefixes of other keys, so branches may hold values (generic tries such as ethereum/tests').</summary>
    AllowBranchValues = 1,
}

/// <summary>
/// The verdict on one Merkle-Patricia proof: <see cref="TrieProofOutcome.Found"/> with the value,
/// <see cref="TrieProofOutcome.Absent"/>, or <see cref="TrieProofOutcome.Invalid"/> with the reason and the index of
/// the proof element where it was found.
/// </summary>
public readonly struct TrieProofResult : IEquatable<TrieProofResult>
{
    private TrieProofResult(TrieProofOutcome outcome, ReadOnlyMemory<byte> value, TrieProofError error, int nodeIndex)
    {
        Outcome = outcome;
        Value = value;
        Error = error;
        NodeIndex = nodeIndex;
    }

    /// <summary>Found, Absent or Invalid.</summary>
    public TrieProofOutcome Outcome { get; }

    /// <summary>The proven value when found (a slice of a proof element, not a copy); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Why the proof is invalid; <see cref="TrieProofError.None"/> otherwise.</summary>
    public TrieProofError Error { get; }

    /// <summary>The index of the proof element where the proof failed; -1 when it is valid.</summary>
    public int NodeIndex { get; }

    /// <summary>True when the key is proven present.</summary>
    public bool IsFound => Outcome == TrieProofOutcome.Found;

    /// <summary>True when the key is proven absent.</summary>
    public bool IsAbsent => Outcome == TrieProofOutcome.Absent;

    /// <summary>True when the proof is valid (found or absent).</summary>
    public bool IsValid => Outcome != TrieProofOutcome.Invalid;

    /// <summary>A readable explanation of an invalid proof.</summary>
    public string Reason => Error switch
    {
        TrieProofError.None => string.Empty,
        TrieProofError.MissingNode => $"the proof has no node {NodeIndex}, which the path needs",
        TrieProofError.WrongNodeHash when NodeIndex == 0 => "the hash of node 0 is not the root",
        TrieProofError.WrongNodeHash => $"the hash of node {NodeIndex} is not the reference in its parent",
        TrieProofError.PathMismatch => $"node {NodeIndex} belongs to another branch than the key's path",
        TrieProofError.BadRlp => $"node {NodeIndex} is not canonical RLP",
        TrieProofError.BadNodeShape => $"node {NodeIndex} is not a branch, extension or leaf",
        TrieProofError.BadHexPrefix => $"node {NodeIndex} has a path that is not hex-prefix encoded",
        TrieProofError.BadReference => $"node {NodeIndex} has a child reference that is neither empty, a hash nor a node",
        TrieProofError.InlineNodeTooLarge => $"node {NodeIndex} embeds a node of 32 bytes or more",
        TrieProofError.EmptyLeafValue => $"node {NodeIndex} is a leaf with an empty value",
        TrieProofError.ValueInBranch => $"node {NodeIndex} is a branch with a value",
        TrieProofError.BadExtension => $"node {NodeIndex} is an empty extension or an extension not followed by a branch",
        TrieProofError.ExtraNodes => $"the proof continues past its answer with node {NodeIndex}",
        _ => Error.ToString(),
    };

    /// <summary>A valid inclusion.</summary>
    public static TrieProofResult Found(ReadOnlyMemory<byte> value) => new(TrieProofOutcome.Found, value, TrieProofError.None, -1);

    /// <summary>A valid exclusion.</summary>
    public static TrieProofResult Absent() => new(TrieProofOutcome.Absent, default, TrieProofError.None, -1);

    /// <summary>An invalid proof.</summary>
    public static TrieProofResult Invalid(TrieProofError error, int nodeIndex) =>
        error == TrieProofError.None
            ? throw new ArgumentException("An invalid proof needs an error.", nameof(error))
            : new(TrieProofOutcome.Invalid, default, error, nodeIndex);

    /// <inheritdoc />
    public bool Equals(TrieProofResult other) =>
        Outcome == other.Outcome && Error == other.Error && NodeIndex == other.NodeIndex && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TrieProofResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Outcome, Error, NodeIndex, Value.Length);

    /// <inheritdoc />
    public override string ToString() => Outcome switch
    {
        TrieProofOutcome.Found => $"Found(0x{Convert.ToHexStringLower(Value.Span)})",
        TrieProofOutcome.Absent => "Absent",
        _ => $"Invalid({Error} at node {NodeIndex}: {Reason})",
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(TrieProofResult left, TrieProofResult right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TrieProofResult left, TrieProofResult right) => !left.Equals(right);
}
