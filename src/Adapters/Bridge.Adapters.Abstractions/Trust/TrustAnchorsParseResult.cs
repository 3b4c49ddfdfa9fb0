using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>The outcome of <see cref="TrustAnchorsJson.Parse"/>: <see cref="Success"/> or <see cref="Failure"/>.</summary>
public abstract record TrustAnchorsParseResult
{
    private TrustAnchorsParseResult(ValidationResult validation) => Validation = validation;

    /// <summary>All findings; on success only warnings, if any.</summary>
    public ValidationResult Validation { get; }

    /// <summary>The anchors are valid.</summary>
    /// <param name="Anchors">The typed anchors (the subtype matches the requested kind).</param>
    /// <param name="Validation">Findings (warnings only).</param>
    public sealed record Success(TrustAnchors Anchors, ValidationResult Validation) : TrustAnchorsParseResult(Validation);

    /// <summary>The anchors are rejected; <see cref="TrustAnchorsParseResult.Validation"/> holds at least one error.</summary>
    /// <param name="Validation">The findings, each with a JSON pointer under the prefix given to the parser.</param>
    public sealed record Failure(ValidationResult Validation) : TrustAnchorsParseResult(Validation);
}
