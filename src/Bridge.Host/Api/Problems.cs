using Bridge.Canonical.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bridge.Host.Api;

/// <summary>One entry of a problem's <c>errors</c> list.</summary>
internal sealed record ProblemError(string Field, string Code, string Detail);

/// <summary>Builds RFC 9457 problem responses from the catalogue in <see cref="ProblemTypes"/>.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(ProblemType type, string detail, string? field = null, IReadOnlyList<ProblemError>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = type.Uri,
            Title = type.Title,
            Status = type.Status,
            Detail = detail,
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(ValidationResult result)
    {
        var errors = result.Errors.Select(e => new ProblemError(e.Path, e.Code, e.Message)).ToList();
        var first = errors[0];
        var detail = errors.Count == 1
            ? $"{first.Field}: {first.Detail}"
            : $"{first.Field}: {first.Detail} (and {errors.Count - 1} more)";
        return Create(ProblemTypes.Validation, detail, first.Field, errors);
    }

    public static ProblemHttpResult Validation(string field, string code, string detail) =>
        Create(ProblemTypes.Validation, $"{field}: {detail}", field, [new ProblemError(field, code, detail)]);

    public static ProblemHttpResult NotFound(string what, string name) =>
        Create(ProblemTypes.NotFound, $"No {what} named '{name}'.");

    public static ProblemHttpResult Conflict(string field, string message) =>
        Create(ProblemTypes.Conflict, message, field);
}
