using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Security;
using Bridge.Simulators.Platform.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// ASP0016 mistakes the inner handlers (which return the ApiResult the wrapper writes) for request delegates.
#pragma warning disable ASP0016

namespace Bridge.Simulators.Platform.Api;

/// <summary>What the endpoints serve; set once the host knows its address (the issuer).</summary>
internal sealed class PlatformRuntime
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PlatformState State { get; private set; } = null!;

    public TokenService Tokens { get; private set; } = null!;

    public PlatformSigner Signer { get; private set; } = null!;

    public Task Ready => _ready.Task;

    public void Initialize(PlatformState state, TokenService tokens, PlatformSigner signer)
    {
        State = state;
        Tokens = tokens;
        Signer = signer;
        _ready.TrySetResult();
    }
}

/// <summary>The HTTP surface of docs/platform.md, mapped onto <see cref="PlatformState"/> and <see cref="TokenService"/>.</summary>
internal static class PlatformEndpoints
{
    private const int MaxJsonBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app, PlatformRuntime runtime)
    {
        // Well-known documents (unauthenticated).
        app.MapGet("/.well-known/jwks.json", ctx => Serve(ctx, runtime, r => Task.FromResult(ApiResult.Ok(r.Signer.Jwks()))));
        app.MapGet("/.well-known/platform", ctx => Serve(ctx, runtime, r => Task.FromResult(ApiResult.Ok(new JsonObject
        {
            ["issuer"] = r.Signer.Issuer,
            ["jwks_uri"] = r.Signer.Issuer + "/.well-known/jwks.json",
        }))));

        // Authentication.
        app.MapPost("/identity/token", ctx => Serve(ctx, runtime, async r =>
        {
            if (!ctx.Request.HasFormContentType)
            {
                return ApiResult.Validation("grant_type", "the body must be application/x-www-form-urlencoded");
            }

            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            return r.Tokens.IssueIamToken(form["grant_type"].FirstOrDefault(), form["apikey"].FirstOrDefault());
        }));
        app.MapPost("/sa/api/v1/auth/exchange_token/organizations/{orgId}", ctx => Serve(ctx, runtime, async r =>
        {
            var (body, _) = await ReadJsonAsync(ctx);
            return r.Tokens.ExchangeToken(body, (string)ctx.Request.RouteValues["orgId"]!);
        }));

        // Publishing.
        MapApiPost(app, runtime, "/api/v1/consignments", (r, c, b, _) => r.State.UpsertConsignment(c, b));
        MapApiPost(app, runtime, "/api/v1/consignments/partyAdded", (r, c, b, _) => r.State.AddParty(c, b));
        MapApiPost(app, runtime, "/api/v1/transportEquipment", (r, c, b, _) => r.State.UpsertEquipment(c, b));
        MapApiPost(app, runtime, "/api/v1/transportEvents/{eventType}", (r, c, b, ctx) =>
            EventCatalog.TransportEvents.TryGetValue(Route(ctx, "eventType"), out var kind)
                ? r.State.PublishEvent(c, kind, b)
                : ApiResult.NotFound($"Unknown transport event type '{Route(ctx, "eventType")}'."));
        MapApiPost(app, runtime, "/api/v1/genericEvents/{eventType}", (r, c, b, ctx) =>
            EventCatalog.GenericEvents.TryGetValue(Route(ctx, "eventType"), out var kind)
                ? r.State.PublishEvent(c, kind, b)
                : ApiResult.NotFound($"Unknown generic event type '{Route(ctx, "eventType")}'."));
        MapApiPost(app, runtime, "/api/v1/subscriptions/{type}", (r, c, b, ctx) =>
            PlatformState.IsSubscriptionType(Route(ctx, "type"))
                ? r.State.Subscribe(c, Route(ctx, "type"), b)
                : ApiResult.NotFound($"Unknown subscription type '{Route(ctx, "type")}'."));

        // Reading.
        MapApiGet(app, runtime, "/api/v2/consignments", (r, c, ctx) =>
        {
            if (Paging(ctx, out var size, out var from) is { } problem)
            {
                return problem;
            }

            var query = ctx.Request.Query;
            return r.State.QueryConsignments(c, Text(query["carrierBookingNumber"]), Text(query["billOfLadingNumber"]), Text(query["equipmentNumber"]), size, from);
        });
        MapApiGet(app, runtime, "/api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teid}", (r, c, ctx) =>
            r.State.CurrentProgress(c, Route(ctx, "cid"), Route(ctx, "teid")));
        MapApiGet(app, runtime, "/api/v1/events/unassociated", (r, c, ctx) =>
            Paging(ctx, out var size, out var from) ?? r.State.Unassociated(c, size, from));
        MapApiGet(app, runtime, "/api/v1/events", (r, c, ctx) =>
        {
            if (Paging(ctx, out var size, out _) is { } problem)
            {
                return problem;
            }

            var after = 0L;
            if (Text(ctx.Request.Query["afterSequence"]) is { } text && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            {
                return ApiResult.Validation("afterSequence", "must be a non-negative integer");
            }

            return r.State.EventFeed(c, after, size);
        });
        MapApiGet(app, runtime, "/api/v1/documentTypes", (_, _, _) => ApiResult.Ok(PlatformJson.Strings(EventCatalog.DocumentTypes)));
        MapApiGet(app, runtime, "/api/v1/subscriptions/{id}", (r, c, ctx) => r.State.GetSubscription(c, Route(ctx, "id")));
        app.MapDelete("/api/v1/subscriptions/{id}", ctx => ServeApi(ctx, runtime, (r, c) => Task.FromResult<ApiResult?>(r.State.DeleteSubscription(c, Route(ctx, "id")))));

        // Documents.
        app.MapPost("/api/v1/documents", ctx => ServeApi(ctx, runtime, (r, c) => UploadAsync(ctx, r, c)));
        MapApiGet(app, runtime, "/api/v1/documents/{documentId}/metadata", (r, c, ctx) => r.State.DocumentMetadata(c, Route(ctx, "documentId")));
        app.MapGet("/api/v1/documents/{documentId}/content", ctx => ServeApi(ctx, runtime, async (r, c) =>
        {
            var result = r.State.DocumentContentOf(c, Route(ctx, "documentId"), out var content);
            if (result.IsProblem || content is null)
            {
                return result;
            }

            ctx.Response.StatusCode = StatusCodes.Status200OK;
            ctx.Response.ContentType = content.ContentType;
            ctx.Response.Headers["X-Platform-Attestation"] = content.Attestation;
            ctx.Response.ContentLength = content.Content.Length;
            await ctx.Response.Body.WriteAsync(content.Content, ctx.RequestAborted);
            return null;
        }));

        // Anything else under /api: 404 as a problem (after authentication, like the rest of /api).
        app.Map("/api/{**rest}", ctx => ServeApi(ctx, runtime, (_, _) => Task.FromResult<ApiResult?>(ApiResult.NotFound($"No resource at {ctx.Request.Path}."))));
    }

    private static void MapApiPost(IEndpointRouteBuilder app, PlatformRuntime runtime, string pattern, Func<PlatformRuntime, Caller, JsonObject, HttpContext, ApiResult> handler) =>
        app.MapPost(pattern, ctx => ServeApi(ctx, runtime, async (r, c) =>
        {
            var (body, problem) = await ReadJsonAsync(ctx);
            return problem ?? handler(r, c, body!, ctx);
        }));

    private static void MapApiGet(IEndpointRouteBuilder app, PlatformRuntime runtime, string pattern, Func<PlatformRuntime, Caller, HttpContext, ApiResult> handler) =>
        app.MapGet(pattern, ctx => ServeApi(ctx, runtime, (r, c) => Task.FromResult<ApiResult?>(handler(r, c, ctx))));

    private static async Task Serve(HttpContext ctx, PlatformRuntime runtime, Func<PlatformRuntime, Task<ApiResult>> handler)
    {
        await runtime.Ready.WaitAsync(ctx.RequestAborted);
        await WriteAsync(ctx, await handler(runtime), challenge: false);
    }

    // /api/**: a solution token first (401 with WWW-Authenticate), then the handler; a null result means the
    // handler wrote the response itself.
    private static async Task ServeApi(HttpContext ctx, PlatformRuntime runtime, Func<PlatformRuntime, Caller, Task<ApiResult?>> handler)
    {
        await runtime.Ready.WaitAsync(ctx.RequestAborted);
        var caller = runtime.Tokens.Authenticate(ctx.Request.Headers.Authorization.FirstOrDefault());
        if (caller is null)
        {
            await WriteAsync(ctx, ApiResult.Unauthorized("The bearer token is missing, malformed, expired or badly signed."), challenge: true);
            return;
        }

        if (await handler(runtime, caller) is { } result)
        {
            await WriteAsync(ctx, result, challenge: false);
        }
    }

    private static async Task WriteAsync(HttpContext ctx, ApiResult result, bool challenge)
    {
        ctx.Response.StatusCode = result.Status;
        if (result.IsProblem)
        {
            if (challenge)
            {
                ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            }

            ctx.Response.ContentType = "application/problem+json";
            await ctx.Response.Body.WriteAsync(PlatformJson.Utf8(result.ProblemJson()), ctx.RequestAborted);
            return;
        }

        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.Body.WriteAsync(PlatformJson.Utf8(result.Body ?? new JsonObject()), ctx.RequestAborted);
    }

    private static async Task<(JsonObject? Body, ApiResult? Problem)> ReadJsonAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, ApiResult.Validation("body", $"must be at most {MaxJsonBytes} bytes"));
            }

            buffer.Write(chunk, 0, read);
        }

        var body = PlatformState.ParseObject(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return body is null ? (null, ApiResult.Validation("body", "must be a JSON object")) : (body, null);
    }

    private static async Task<ApiResult?> UploadAsync(HttpContext ctx, PlatformRuntime runtime, Caller caller)
    {
        if (!ctx.Request.HasFormContentType)
        {
            return ApiResult.Validation("body", "must be multipart/form-data with a metadata part and a file part");
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        JsonObject? metadata = null;
        if (form.Files.GetFile("metadata") is { } metadataFile)
        {
            using var stream = new MemoryStream();
            await metadataFile.CopyToAsync(stream, ctx.RequestAborted);
            metadata = PlatformState.ParseObject(stream.ToArray());
        }
        else if (form["metadata"].FirstOrDefault() is { } metadataText)
        {
            metadata = PlatformState.ParseObject(System.Text.Encoding.UTF8.GetBytes(metadataText));
        }

        if (metadata is null)
        {
            return ApiResult.Validation("metadata", "is required: a JSON object part");
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return ApiResult.Validation("file", "is required");
        }

        if (file.Length > PlatformState.MaxDocumentBytes)
        {
            return ApiResult.Validation("file", $"must be at most {PlatformState.MaxDocumentBytes} bytes");
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content, ctx.RequestAborted);
        return runtime.State.UploadDocument(caller, metadata, Path.GetFileName(file.FileName), file.ContentType ?? "", content.ToArray());
    }

    private static ApiResult? Paging(HttpContext ctx, out int size, out int from)
    {
        size = 100;
        from = 0;
        var query = ctx.Request.Query;
        if (Text(query["size"]) is { } sizeText && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > PlatformState.MaxPageSize))
        {
            return ApiResult.Validation("size", $"must be an integer from 1 to {PlatformState.MaxPageSize}");
        }

        if (Text(query["from"]) is { } fromText && !int.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            return ApiResult.Validation("from", "must be a non-negative integer");
        }

        return null;
    }

    private static string Route(HttpContext ctx, string name) => (string)ctx.Request.RouteValues[name]!;

    private static string? Text(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
}
