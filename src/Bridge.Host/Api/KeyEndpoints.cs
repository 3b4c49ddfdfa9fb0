using Bridge.Canonical.Validation;
using Bridge.Host.Security;
using Bridge.Relay.Access;

namespace Bridge.Host.Api;

/// <summary>REST resources for API keys: <c>/api/v1/keys</c>. The first operator key comes from <c>bridge keys create</c>.</summary>
internal static class KeyEndpoints
{
    public const int MaxLabelLength = 200;

    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").WithTags("API keys");
        keys.MapPost("/", CreateAsync).RequireAuthorization(Policies.Operator).WithName("CreateApiKey")
            .WithSummary("Create an API key. The response holds the key itself; it is stored hashed and never shown again.");
        keys.MapGet("/", ListAsync).RequireAuthorization(Policies.Auditor).WithName("ListApiKeys");
        keys.MapDelete("/{keyId}", RevokeAsync).RequireAuthorization(Policies.Operator).WithName("RevokeApiKey");
    }

    /// <summary>Shared by the REST endpoint and <c>bridge keys create</c>: checks the request and creates the key.</summary>
    public static async Task<(CreatedApiKey? Key, ValidationResult Result)> CreateKeyAsync(IApiKeyStore store, ApiKeyCreateRequest request, CancellationToken cancellationToken)
    {
        var issues = new ValidationCollector();
        AccessRole role = default;
        if (issues.Required("/role", request.Role) && !AccessRoles.TryParse(request.Role, out role))
        {
            issues.Error("/role", ValidationCodes.UnknownValue, "must be one of operator, participant, auditor");
        }

        if (role == AccessRole.Participant && request.Participant is null && !issues.HasErrors)
        {
            issues.Error("/participant", ValidationCodes.Required, "a participant key must name its participant");
        }
        else if (request.Participant is not null && role != AccessRole.Participant && !issues.HasErrors)
        {
            issues.Error("/participant", ValidationCodes.Mismatch, "only participant keys belong to a participant");
        }

        var label = request.Label ?? string.Empty;
        if (label.Length > MaxLabelLength || label.Any(char.IsControl))
        {
            issues.Error("/label", ValidationCodes.InvalidFormat, $"must be at most {MaxLabelLength} characters without control characters");
        }

        if (issues.HasErrors)
        {
            return (null, issues.ToResult());
        }

        var created = await store.CreateAsync(role, request.Participant, label, cancellationToken);
        if (created is null)
        {
            issues.Error("/participant", ValidationCodes.UnknownValue, $"no participant named '{request.Participant}'");
        }

        return (created, issues.ToResult());
    }

    private static async Task<IResult> CreateAsync(ApiKeyCreateRequest request, IApiKeyStore store, CancellationToken cancellationToken)
    {
        var (key, result) = await CreateKeyAsync(store, request, cancellationToken);
        if (key is null)
        {
            return Problems.Validation(result);
        }

        var i = key.Info;
        return TypedResults.Created($"/api/v1/keys/{i.KeyId}", new ApiKeyCreatedResponse(i.KeyId, key.PlainText, i.Role.ToWireName(), i.ParticipantName, i.Label, i.CreatedAt));
    }

    private static async Task<IResult> ListAsync(IApiKeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(ApiKeyResponse.From).ToList());

    private static async Task<IResult> RevokeAsync(string keyId, IApiKeyStore store, CancellationToken cancellationToken) =>
        await store.RevokeAsync(keyId, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("API key", keyId);
}
