using System.Text.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>Which OpenAttestation document format a wrapped document is.</summary>
public enum OaVersion
{
    /// <summary>OpenAttestation v2 (<c>https://schema.openattestation.com/2.0/schema.json</c>): salted <c>data</c> + <c>signature</c>.</summary>
    V2,

    /// <summary>OpenAttestation v3 (<c>https://schema.openattestation.com/3.0/schema.json</c>): plain credential + <c>proof.salts</c>.</summary>
    V3,
}

/// <summary>The outcome of wrapping, obfuscating or unsalting: expected failures are values, not exceptions.</summary>
public abstract record OaResult<T>
{
    private OaResult()
    {
    }

    /// <summary>Whether this is <see cref="Ok"/>.</summary>
    public bool IsOk => this is Ok;

    /// <summary>Done.</summary>
    public sealed record Ok(T Value) : OaResult<T>;

    /// <summary>Not done; nothing was changed.</summary>
    /// <param name="Code">One of <see cref="OaCodes"/>.</param>
    /// <param name="Path">Where: a dotted OpenAttestation path (or an RFC 6901 pointer for document members).</param>
    /// <param name="Message">What is wrong, for people.</param>
    public sealed record Failed(string Code, string Path, string Message) : OaResult<T>;
}

/// <summary>The plain values of a wrapped v2 document, for mapping into the canonical model.</summary>
/// <param name="Data">The <c>data</c> object with every salted string turned back into its string, number, boolean or null.</param>
/// <param name="ObfuscatedCount">How many fields the holder removed (<c>privacy.obfuscatedData</c> entries).</param>
public sealed record OaUnsalted(JsonElement Data, int ObfuscatedCount);

/// <summary>
/// The typed outcome of OpenAttestation's DOCUMENT_INTEGRITY check (oa-verify's OpenAttestationHash): the target
/// hash recomputed from the visible data and the obfuscated hashes, then the Merkle proof folded into the root.
/// Document status (issued/revoked on a ledger) and issuer identity (DNS-TXT) need network I/O and are checked
/// elsewhere.
/// </summary>
public abstract record IntegrityVerdict
{
    private IntegrityVerdict()
    {
    }

    /// <summary>Whether this is a <see cref="Valid"/> verdict.</summary>
    public bool IsValid => this is Valid;

    /// <summary>The visible data is exactly what was wrapped, and the proof leads to the stated root.</summary>
    /// <param name="TargetHash">The document's own hash (lowercase hex).</param>
    /// <param name="MerkleRoot">The batch root to look up on the ledger (lowercase hex).</param>
    /// <param name="Version">The document format.</param>
    public sealed record Valid(string TargetHash, string MerkleRoot, OaVersion Version) : IntegrityVerdict;

    /// <summary>The document was altered, or cannot be checked.</summary>
    /// <param name="Code">One of <see cref="OaCodes"/>.</param>
    /// <param name="Message">What is wrong, for people.</param>
    public sealed record Invalid(string Code, string Message) : IntegrityVerdict;
}

/// <summary>Stable codes of <see cref="IntegrityVerdict.Invalid"/> and <see cref="OaResult{T}.Failed"/>.</summary>
public static class OaCodes
{
    /// <summary>A required member is missing or has the wrong type or format.</summary>
    public const string Malformed = "malformed";

    /// <summary>Neither a v2 nor a v3 OpenAttestation document.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>The data does not hash to <c>targetHash</c>: a visible value, a salt or an obfuscated hash was changed.</summary>
    public const string TargetHashMismatch = "target-hash-mismatch";

    /// <summary>The target hash and the proof do not lead to <c>merkleRoot</c>.</summary>
    public const string MerkleRootMismatch = "merkle-root-mismatch";

    /// <summary>v3: the salts do not cover exactly the visible fields (a field was added, or a salt is missing or repeated).</summary>
    public const string SaltsMismatch = "salts-mismatch";

    /// <summary>A key contains a character OpenAttestation forbids ('.' in v2; '.', '[' or ']' in v3).</summary>
    public const string IllegalKey = "illegal-key";

    /// <summary>Two members flatten to the same OpenAttestation path.</summary>
    public const string DuplicatePath = "duplicate-path";

    /// <summary>A path to obfuscate names nothing in the data.</summary>
    public const string UnknownPath = "unknown-path";

    /// <summary>
    /// A path to obfuscate is an array element. OpenAttestation's obfuscation leaves a hole that serialises as
    /// null and then no longer verifies, so it is refused; obfuscate the whole array or a member inside the element.
    /// </summary>
    public const string ArrayElement = "array-element";

    /// <summary>A salted value is not "&lt;uuid&gt;:&lt;type&gt;:&lt;value&gt;" with a known type and a value of that type.</summary>
    public const string InvalidSaltedValue = "invalid-salted-value";
}
