namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// The typed outcome of checking a proof: <see cref="Valid"/>, <see cref="Invalid"/> or
/// <see cref="NotApplicable"/>. An invalid proof is a value, never an exception.
/// </summary>
public abstract record ProofVerdict
{
    private ProofVerdict()
    {
    }

    /// <summary>Whether this is a <see cref="Valid"/> verdict.</summary>
    public bool IsValid => this is Valid;

    /// <summary>The proof holds under the trust anchors.</summary>
    /// <param name="Signers">Who vouched for the fact: MSP ids, signer addresses or key ids, as the kind defines.</param>
    /// <param name="BlockNumber">The block the fact is in, when the kind has blocks.</param>
    /// <param name="Details">Further kind-specific facts for display and audit (e.g. <c>txId</c>, <c>blockHash</c>).</param>
    public sealed record Valid(
        IReadOnlyList<string> Signers,
        long? BlockNumber = null,
        IReadOnlyDictionary<string, string>? Details = null) : ProofVerdict;

    /// <summary>The proof does not hold.</summary>
    /// <param name="Code">A stable code, e.g. one of <see cref="ProofVerdictCodes"/>.</param>
    /// <param name="Reason">What is wrong, for people.</param>
    public sealed record Invalid(string Code, string Reason) : ProofVerdict;

    /// <summary>The verifier cannot judge the proof with the anchors it was given (they are for another network kind).</summary>
    /// <param name="Reason">Why not, for people.</param>
    public sealed record NotApplicable(string Reason) : ProofVerdict;
}

/// <summary>Stable codes for <see cref="ProofVerdict.Invalid"/>; verifiers may add their own.</summary>
public static class ProofVerdictCodes
{
    /// <summary>No verifier is registered for the proof's kind.</summary>
    public const string NoVerifier = "no-verifier";

    /// <summary>The trust anchors are of a network kind that cannot check this proof kind.</summary>
    public const string KindMismatch = "kind-mismatch";

    /// <summary>The envelope's version is not one the verifiers understand.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>The proof's data is missing something or cannot be decoded.</summary>
    public const string MalformedProof = "malformed-proof";

    /// <summary>A signature does not verify.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>A signer does not chain to the trust anchors.</summary>
    public const string UntrustedSigner = "untrusted-signer";

    /// <summary>The valid signatures do not satisfy the required policy (e.g. too few organisations).</summary>
    public const string PolicyNotSatisfied = "policy-not-satisfied";

    /// <summary>The evidence is about a different payload than the subject's digest.</summary>
    public const string DigestMismatch = "digest-mismatch";
}
