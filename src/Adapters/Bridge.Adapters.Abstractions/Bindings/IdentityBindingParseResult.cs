using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>The outcome of <see cref="IdentityBindingStatementJson.Parse(System.Text.Json.JsonElement, string)"/>.</summary>
public abstract record IdentityBindingParseResult
{
    private IdentityBindingParseResult(ValidationResult validation) => Validation = validation;

    /// <summary>All findings; on success none with error severity.</summary>
    public ValidationResult Validation { get; }

    /// <summary>The statement is valid.</summary>
    /// <param name="Statement">The statement.</param>
    /// <param name="Validation">Findings (warnings only).</param>
    public sealed record Success(IdentityBindingStatement Statement, ValidationResult Validation) : IdentityBindingParseResult(Validation);

    /// <summary>The statement is rejected; <see cref="IdentityBindingParseResult.Validation"/> holds at least one error.</summary>
    /// <param name="Validation">The findings, each with an RFC 6901 pointer.</param>
    public sealed record Failure(ValidationResult Validation) : IdentityBindingParseResult(Validation);
}
