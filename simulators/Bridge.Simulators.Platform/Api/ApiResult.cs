using System.Text.Json.Nodes;

namespace Bridge.Simulators.Platform.Api;

/// <summary>A field that failed validation (the <c>errors</c> of a 400 problem, docs/platform.md "The API contract").</summary>
internal readonly record struct FieldError(string Field, string Message);

/// <summary>
/// An answer of the API as a value: a JSON body with a status, or an RFC 9457 problem (<c>type</c>, <c>title</c>,
/// <c>status</c>, <c>detail</c>, and <c>errors</c> on a 400).
/// </summary>
internal sealed record ApiResult(int Status, JsonNode? Body, string? ProblemType = null, string? Title = null, string? Detail = null, IReadOnlyList<FieldError>? Errors = null)
{
    private const string TypePrefix = "urn:trade-chain-bridge:platform:";

    public bool IsProblem => ProblemType is not null;

    public static ApiResult Ok(JsonNode body) => new(200, body);

    public static ApiResult Validation(string field, string message) =>
        new(400, null, TypePrefix + "validation", "The request is not valid", $"{field}: {message}", [new FieldError(field, message)]);

    public static ApiResult Validation(IReadOnlyList<FieldError> errors) =>
        new(400, null, TypePrefix + "validation", "The request is not valid", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors);

    public static ApiResult Unauthorized(string detail) => new(401, null, TypePrefix + "unauthorized", "Not authenticated", detail);

    public static ApiResult Forbidden(string detail) => new(403, null, TypePrefix + "forbidden", "Not allowed", detail);

    public static ApiResult NotFound(string detail) => new(404, null, TypePrefix + "not-found", "Not found", detail);

    public static ApiResult Conflict(string detail) => new(409, null, TypePrefix + "conflict", "Contradicts the stored object", detail);

    /// <summary>The problem document (RFC 9457 §3).</summary>
    public JsonObject ProblemJson()
    {
        var problem = new JsonObject { ["type"] = ProblemType, ["title"] = Title, ["status"] = Status, ["detail"] = Detail };
        if (Errors is { Count: > 0 })
        {
            var errors = new JsonArray();
            foreach (var error in Errors)
            {
                errors.Add(new JsonObject { ["field"] = error.Field, ["message"] = error.Message });
            }

            problem["errors"] = errors;
        }

        return problem;
    }
}

/// <summary>The authenticated caller of an <c>/api</c> request (from its solution token).</summary>
internal sealed record Caller(SimulatedOrganization Organization)
{
    public string OrgId => Organization.Id;

    public IReadOnlyList<string> Roles => Organization.Roles;
}
