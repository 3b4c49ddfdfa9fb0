namespace Bridge.Canonical.Disclosure;

/// <summary>The root of a document's <c>bridge-salted-merkle-v1</c> commitment.</summary>
/// <param name="Root">The RFC 6962 Merkle Tree Hash over the sorted leaf hashes, lowercase hex.</param>
/// <param name="LeafCount">How many leaves the document has (primitives plus empty objects/arrays).</param>
public sealed record Commitment(string Root, int LeafCount);

/// <summary>The outcome of building a disclosure or a field proof: expected failures are values, not exceptions.</summary>
public abstract record DisclosureResult<T>
{
    private DisclosureResult()
    {
    }

    /// <summary>Built.</summary>
    public sealed record Ok(T Value) : DisclosureResult<T>;

    /// <summary>Not built.</summary>
    /// <param name="Code">One of <see cref="CommitmentCodes"/>.</param>
    /// <param name="Pointer">The pointer the caller asked for that caused it.</param>
    /// <param name="Message">What is wrong, for people.</param>
    public sealed record Failed(string Code, string Pointer, string Message) : DisclosureResult<T>;
}

/// <summary>The outcome of reading a disclosure or a field proof from untrusted JSON.</summary>
public abstract record DisclosureParseResult<T>
{
    private DisclosureParseResult()
    {
    }

    /// <summary>The input is well-formed. That says nothing yet about whether it verifies.</summary>
    public sealed record Success(T Value) : DisclosureParseResult<T>;

    /// <summary>The input is rejected; every finding carries a JSON pointer into the input.</summary>
    public sealed record Failure(Validation.ValidationResult Validation) : DisclosureParseResult<T>;
}

/// <summary>
/// The typed outcome of checking a disclosure or a field proof against its commitment root. An invalid one is a
/// value, never an exception.
/// </summary>
public abstract record CommitmentVerdict
{
    private CommitmentVerdict()
    {
    }

    /// <summary>Whether this is a <see cref="Valid"/> verdict.</summary>
    public bool IsValid => this is Valid;

    /// <summary>The revealed values are exactly the ones committed to under <paramref name="Root"/>.</summary>
    /// <param name="Root">The commitment root (lowercase hex); compare it with the root you trust, e.g. the anchored one.</param>
    /// <param name="LeafCount">Leaves in the committed document.</param>
    /// <param name="HiddenCount">Leaves not revealed (0 for a single-field proof means "not applicable").</param>
    public sealed record Valid(string Root, int LeafCount, int HiddenCount) : CommitmentVerdict;

    /// <summary>The disclosure does not match its root, or cannot be checked.</summary>
    /// <param name="Code">One of <see cref="CommitmentCodes"/>.</param>
    /// <param name="Message">What is wrong, for people.</param>
    public sealed record Invalid(string Code, string Message) : CommitmentVerdict;
}

/// <summary>Stable codes of <see cref="CommitmentVerdict.Invalid"/> and <see cref="DisclosureResult{T}.Failed"/>.</summary>
public static class CommitmentCodes
{
    /// <summary>The scheme is not <c>bridge-salted-merkle-v1</c>.</summary>
    public const string UnsupportedScheme = "unsupported-scheme";

    /// <summary>A member is missing, mistyped or out of range (bad hex, bad salt, a value that is not a leaf, ...).</summary>
    public const string Malformed = "malformed";

    /// <summary>The revealed and hidden leaves do not hash to the stated root.</summary>
    public const string RootMismatch = "root-mismatch";

    /// <summary>The stated root is not the root the caller trusts.</summary>
    public const string UnexpectedRoot = "unexpected-root";

    /// <summary>The same leaf hash occurs twice (a revealed leaf repeated among the hidden ones, or a hidden one twice).</summary>
    public const string DuplicateLeaf = "duplicate-leaf";

    /// <summary>A requested pointer is not valid RFC 6901 syntax.</summary>
    public const string InvalidPointer = "invalid-pointer";

    /// <summary>A requested pointer names nothing in the document.</summary>
    public const string UnknownPointer = "unknown-pointer";

    /// <summary>A field proof was requested for a non-empty object or array.</summary>
    public const string NotALeaf = "not-a-leaf";
}
