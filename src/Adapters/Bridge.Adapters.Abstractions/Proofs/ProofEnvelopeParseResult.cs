using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// The outcome of <see cref="ProofEnvelopeJson.Parse"/>: <see cref="Success"/> or <see cref="Failure"/>.
/// </summary>
public abstract record ProofEnvelopeParseResult
{
    private ProofEnvelopeParseResult(ValidationResult validation) => Validation = validation;

    /// <summary>All findings; on success only warnings, if any.</summary>
    public ValidationResult Validation { get; }

    /// <summary>The input is a valid envelope.</summary>
    /// <param name="Envelope">The parsed envelope; its <see cref="ProofEnvelope.Data"/> outlives the input buffer.</param>
    /// <param name="Validation">Findings (warnings only).</param>
    public sealed record Success(ProofEnvelope Envelope, ValidationResult Validation) : ProofEnvelopeParseResult(Validation);

    /// <summary>The input is rejected; <see cref="ProofEnvelopeParseResult.Validation"/> holds at least one error.</summary>
    /// <param name="Validation">The findings, each with a JSON pointer into the input.</param>
    public sealed record Failure(ValidationResult Validation) : ProofEnvelopeParseResult(Validation);
}
