using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Proofs;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bridge.Adapters.Platform.Client;

/// <summary>
/// A client of a TradeLens-style platform (docs/platform.md) over a caller-supplied <see cref="HttpClient"/>. Tokens: the
/// two-step exchange (API key → IAM token → organisation solution token), renewed before expiry and once after a 401
/// (concurrent callers share one renewal). Resilience: <see cref="PlatformResilience"/>. Errors: client errors come back as
/// <see cref="PlatformApiException"/> (RFC 9457 problem details read into typed members); transient failures left after
/// retries, an open circuit and malformed answers as <see cref="AdapterException"/> with <see cref="AdapterException.IsTransient"/>.
/// Safe for concurrent use; it does not dispose the HttpClient. Never logs or puts into messages the API key, tokens,
/// shared secrets or document bodies.
/// </summary>
public sealed class PlatformClient : IPlatformEventFeed, IDisposable
{
    /// <summary>The IAM grant type of step 1 (IBM IAM API key grant).</summary>
    public const string ApiKeyGrantType = "urn:ibm:params:oauth:grant-type:apikey";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly PlatformClientOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly PlatformTokenCache _tokens;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="options">Settings; <see cref="PlatformClientOptions.ApiKey"/> and <see cref="PlatformClientOptions.OrganizationId"/> are required.</param>
    /// <exception cref="ArgumentException">No base address is set, or a setting is out of range.</exception>
    public PlatformClient(HttpClient httpClient, PlatformClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Copy();
        _options.Validate();
        _http = httpClient;
        var baseAddress = _options.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Set PlatformClientOptions.BaseAddress or the HttpClient's BaseAddress.", nameof(options));
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _pipeline = PlatformResilience.Build(_options);
        _tokens = new PlatformTokenCache(FetchTokenAsync, _options.TimeProvider, _options.TokenRefreshMargin);
    }

    /// <summary>The network name errors are reported under.</summary>
    public string NetworkName => _options.NetworkName;

    /// <summary>Who the client acts as (fetching a token when it has none).</summary>
    public async Task<PlatformIdentity> GetIdentityAsync(CancellationToken cancellationToken) =>
        (await _tokens.GetAsync(null, cancellationToken)).Identity;

    /// <summary>
    /// <c>POST /api/v1/transportEvents/{eventType}</c>, or <c>/api/v1/genericEvents/{eventType}</c> for the customs
    /// events. With <paramref name="idempotencyKey"/> the body carries it and a repeat answers the first event's id.
    /// </summary>
    /// <param name="eventType">e.g. <c>actualGateIn</c>, <c>customsRelease</c> (ASCII letters).</param>
    /// <param name="body">The event body (not changed; a copy carries the key).</param>
    /// <param name="idempotencyKey">The key that makes the publish safe to repeat; null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<PublishedEvent> PublishEventAsync(string eventType, JsonObject body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(body);
        if (!eventType.All(char.IsAsciiLetter))
        {
            throw new ArgumentException("An event type is ASCII letters only.", nameof(eventType));
        }

        var payload = (JsonObject)body.DeepClone();
        if (idempotencyKey is not null)
        {
            payload["idempotencyKey"] = idempotencyKey;
        }

        var family = eventType.StartsWith("customs", StringComparison.Ordinal) ? "genericEvents" : "transportEvents";
        using var answer = await SendJsonAsync(HttpMethod.Post, $"api/v1/{family}/{eventType}", payload, idempotencyKey is not null, cancellationToken);
        var root = answer.RootElement;
        return new PublishedEvent(RequiredString(root, "eventTransactionId"), FieldErrors(root, "warnings"));
    }

    /// <summary><c>POST /api/v1/consignments</c>: upsert by carrierBookingNumber (+ billOfLadingNumber).</summary>
    public async Task<UpsertedConsignment> UpsertConsignmentAsync(JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var answer = await SendJsonAsync(HttpMethod.Post, "api/v1/consignments", body, idempotent: true, cancellationToken);
        var root = answer.RootElement;
        return new UpsertedConsignment(RequiredString(root, "consignmentId"), OptionalString(root, "eventTransactionId"));
    }

    /// <summary><c>POST /api/v1/consignments/partyAdded</c>: gives <paramref name="partyOrgId"/> visibility of the consignment.</summary>
    public async Task AddPartyAsync(string consignmentId, string partyOrgId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consignmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(partyOrgId);
        var body = new JsonObject { ["consignmentId"] = consignmentId, ["partyOrgId"] = partyOrgId };
        using var answer = await SendJsonAsync(HttpMethod.Post, "api/v1/consignments/partyAdded", body, idempotent: true, cancellationToken);
    }

    /// <summary><c>POST /api/v1/transportEquipment</c>: upsert by carrierBookingNumber + equipmentNumber.</summary>
    public async Task<UpsertedTransportEquipment> UpsertTransportEquipmentAsync(JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var answer = await SendJsonAsync(HttpMethod.Post, "api/v1/transportEquipment", body, idempotent: true, cancellationToken);
        var root = answer.RootElement;
        return new UpsertedTransportEquipment(RequiredString(root, "transportEquipmentId"), FieldErrors(root, "warnings"));
    }

    /// <summary>
    /// <c>POST /api/v1/documents</c> as multipart/form-data: a <c>metadata</c> JSON part (carrying
    /// <paramref name="idempotencyKey"/> when given) and a <c>file</c> part with the bytes.
    /// </summary>
    public async Task<SharedDocument> ShareDocumentAsync(
        JsonObject metadata,
        ReadOnlyMemory<byte> content,
        string fileName,
        string? idempotencyKey,
        CancellationToken cancellationToken,
        string mediaType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        var payload = (JsonObject)metadata.DeepClone();
        if (idempotencyKey is not null)
        {
            payload["idempotencyKey"] = idempotencyKey;
        }

        var metadataJson = payload.ToJsonString();
        var bytes = content.ToArray();
        HttpContent Build()
        {
            var form = new MultipartFormDataContent();
            var metadataPart = new StringContent(metadataJson, Encoding.UTF8);
            metadataPart.Headers.ContentType = JsonMediaType;
            form.Add(metadataPart, "metadata");
            var filePart = new ByteArrayContent(bytes);
            filePart.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            form.Add(filePart, "file", fileName);
            return form;
        }

        var reply = await SendAsync(HttpMethod.Post, "api/v1/documents", Build, idempotencyKey is not null, authenticated: true, cancellationToken);
        using var answer = Parse(reply);
        var root = answer.RootElement;
        return new SharedDocument(RequiredString(root, "documentId"), OptionalString(root, "contentSha256"));
    }

    /// <summary><c>GET /api/v1/documents/{documentId}/metadata</c>: the attested metadata object (an owned copy).</summary>
    public Task<JsonElement> GetDocumentMetadataAsync(string documentId, CancellationToken cancellationToken) =>
        GetJsonAsync($"api/v1/documents/{Segment(documentId)}/metadata", cancellationToken);

    /// <summary><c>GET /api/v1/documents/{documentId}/content</c>: the bytes and their <c>X-Platform-Attestation</c>.</summary>
    public async Task<PlatformDocumentContent> GetDocumentContentAsync(string documentId, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Get, $"api/v1/documents/{Segment(documentId)}/content", null, idempotent: true, authenticated: true, cancellationToken);
        return new PlatformDocumentContent(reply.Body, reply.Attestation, reply.MediaType);
    }

    /// <summary>
    /// <c>GET /api/v1/events?afterSequence&amp;size</c>: the events the caller may read with a sequence above
    /// <paramref name="afterSequence"/>, oldest first, at most <paramref name="size"/> (1 to 1000).
    /// </summary>
    public async Task<PlatformEventPage> GetEventsAsync(long afterSequence, int size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1000);
        var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/events?afterSequence={afterSequence}&size={size}");
        using var answer = Parse(await SendAsync(HttpMethod.Get, path, null, idempotent: true, authenticated: true, cancellationToken));
        var root = answer.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("the event feed answer has no events array");
        }

        var events = new List<PlatformEvent>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            events.Add(PlatformEvent.From(item) ?? throw Invalid("an event in the feed lacks sequence, eventTransactionId or eventType"));
        }

        var last = root.TryGetProperty("lastSequence", out var lastValue) && lastValue.TryGetInt64(out var number)
            ? number
            : events.Count > 0 ? events[^1].Sequence : afterSequence;
        return new PlatformEventPage(events, last);
    }

    /// <summary><c>GET /api/v1/transportEquipment/currentProgress/consignmentId/{cid}/transportEquipmentId/{teid}</c>.</summary>
    public Task<JsonElement> GetCurrentProgressAsync(string consignmentId, string transportEquipmentId, CancellationToken cancellationToken) =>
        GetJsonAsync($"api/v1/transportEquipment/currentProgress/consignmentId/{Segment(consignmentId)}/transportEquipmentId/{Segment(transportEquipmentId)}", cancellationToken);

    /// <summary><c>POST /api/v1/subscriptions/{scope}</c>: the new subscription's id. Not repeated after an ambiguous failure.</summary>
    public async Task<string> SubscribeAsync(PlatformSubscriptionScope scope, PlatformSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var body = new JsonObject
        {
            ["callbackUrl"] = subscription.CallbackUrl.AbsoluteUri,
            ["sharedSecret"] = subscription.SharedSecret,
        };
        Add(body, "port", subscription.Port);
        Add(body, "country", subscription.Country);
        Add(body, "terminal", subscription.Terminal);
        Add(body, "signatureMode", subscription.SignatureMode);
        if (subscription.EventTypes is { } types)
        {
            body["eventTypes"] = new JsonArray([.. types.Select(t => JsonValue.Create(t))]);
        }

        var path = "api/v1/subscriptions/" + scope.ToString().ToLowerInvariant();
        using var answer = await SendJsonAsync(HttpMethod.Post, path, body, idempotent: false, cancellationToken);
        return RequiredString(answer.RootElement, "subscriptionId");
    }

    /// <summary><c>DELETE /api/v1/subscriptions/{id}</c>: true when it existed.</summary>
    public async Task<bool> UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"api/v1/subscriptions/{Segment(subscriptionId)}", null, idempotent: true, authenticated: true, cancellationToken);
            return true;
        }
        catch (PlatformApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// The platform's trust anchors, fetched unauthenticated: <c>GET /.well-known/platform</c> (issuer, jwks_uri) and the
    /// JWKS it names, validated as <see cref="PlatformTrustAnchors"/> (public EC/RSA/OKP keys only).
    /// </summary>
    public async Task<PlatformTrustAnchors> GetTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        using var info = Parse(await SendAsync(HttpMethod.Get, ".well-known/platform", null, idempotent: true, authenticated: false, cancellationToken));
        var issuer = RequiredString(info.RootElement, "issuer");
        var jwksPath = OptionalString(info.RootElement, "jwks_uri") ?? ".well-known/jwks.json";
        using var jwks = Parse(await SendAsync(HttpMethod.Get, jwksPath, null, idempotent: true, authenticated: false, cancellationToken));
        var anchorsJson = new JsonObject { ["issuer"] = issuer, ["jwks"] = JsonNode.Parse(jwks.RootElement.GetRawText()) };
        using var anchorsDocument = JsonDocument.Parse(anchorsJson.ToJsonString());
        return TrustAnchorsJson.Parse(NetworkKind.Platform, anchorsDocument.RootElement, string.Empty) switch
        {
            TrustAnchorsParseResult.Success { Anchors: PlatformTrustAnchors anchors } => anchors,
            var failure => throw Invalid("the platform's issuer or JWKS is not valid: " + string.Join("; ", failure.Validation.Issues.Select(i => $"{i.Path} {i.Message}"))),
        };
    }

    /// <summary>The platform's JWKS (<c>GET /.well-known/jwks.json</c> via <see cref="GetTrustAnchorsAsync"/>).</summary>
    public async Task<JsonWebKeySet> GetJwksAsync(CancellationToken cancellationToken) =>
        (await GetTrustAnchorsAsync(cancellationToken)).Jwks;

    /// <inheritdoc />
    public void Dispose() => _tokens.Dispose();

    // ------------------------------------------------------------------ tokens

    private async Task<PlatformToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Step 1 (IBM IAM): form-encoded API key grant → {access_token, expires_in, expiration, ...}.
        var form = new[]
        {
            KeyValuePair.Create("grant_type", ApiKeyGrantType),
            KeyValuePair.Create("apikey", _options.ApiKey),
        };
        var iam = await SendAsync(HttpMethod.Post, "identity/token", () => new FormUrlEncodedContent(form), idempotent: true, authenticated: false, cancellationToken);
        var requestedAt = _options.TimeProvider.GetUtcNow();
        long? iamLifetime;
        using (var iamAnswer = Parse(iam))
        {
            RequiredString(iamAnswer.RootElement, "access_token");
            iamLifetime = iamAnswer.RootElement.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt64(out var seconds) ? seconds : null;
        }

        // Step 2: the step-1 JSON verbatim → {solution_token}.
        var exchange = await SendAsync(
            HttpMethod.Post,
            $"sa/api/v1/auth/exchange_token/organizations/{Segment(_options.OrganizationId)}",
            () => new ByteArrayContent(iam.Body) { Headers = { ContentType = JsonMediaType } },
            idempotent: true,
            authenticated: false,
            cancellationToken);
        using var solution = Parse(exchange);
        var token = RequiredString(solution.RootElement, "solution_token");
        var claims = ReadClaims(token);
        var expiresAt = claims.Exp is { } exp
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : requestedAt.AddSeconds(iamLifetime ?? 0);
        var identity = new PlatformIdentity(claims.Sub ?? string.Empty, claims.OrgId ?? _options.OrganizationId, claims.Roles);
        return new PlatformToken(token, expiresAt, identity);
    }

    private readonly record struct Claims(long? Exp, string? Sub, string? OrgId, IReadOnlyList<string> Roles);

    // The JWT's claims (RFC 7519 §7.2 step 7: the payload is the base64url middle part). Read, not verified: the client
    // only schedules its renewal with them; the platform checks the token.
    private Claims ReadClaims(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || !PlatformJws.TryDecode(parts[1], out var payload))
        {
            throw Invalid("the solution token is not a JWT");
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            long? exp = root.TryGetProperty("exp", out var expValue) && expValue.ValueKind == JsonValueKind.Number && expValue.TryGetInt64(out var e) ? e : null;
            var roles = root.TryGetProperty("roles", out var rolesValue) && rolesValue.ValueKind == JsonValueKind.Array
                ? rolesValue.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToArray()
                : [];
            return new Claims(exp, OptionalString(root, "sub"), OptionalString(root, "org_id"), roles);
        }
        catch (JsonException)
        {
            throw Invalid("the solution token's claims are not JSON");
        }
    }

    // ------------------------------------------------------------------ transport

    private sealed record Reply(HttpStatusCode Status, byte[] Body, string? Attestation, string? MediaType);

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var answer = Parse(await SendAsync(HttpMethod.Get, path, null, idempotent: true, authenticated: true, cancellationToken));
        return answer.RootElement.Clone();
    }

    private async Task<JsonDocument> SendJsonAsync(HttpMethod method, string path, JsonNode body, bool idempotent, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        return Parse(await SendAsync(method, path, () => new ByteArrayContent(bytes) { Headers = { ContentType = JsonMediaType } }, idempotent, authenticated: true, cancellationToken));
    }

    /// <summary>
    /// Sends through the pipeline. Authenticated calls carry the solution token; a 401 renews it once and repeats the
    /// call once; a second 401 surfaces as <see cref="PlatformApiException"/>.
    /// </summary>
    private async Task<Reply> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, bool idempotent, bool authenticated, CancellationToken cancellationToken)
    {
        if (!authenticated)
        {
            return await ExecuteAsync(method, path, content, null, idempotent, cancellationToken);
        }

        var token = await _tokens.GetAsync(null, cancellationToken);
        try
        {
            return await ExecuteAsync(method, path, content, token.Value, idempotent, cancellationToken);
        }
        catch (PlatformApiException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            token = await _tokens.GetAsync(token.Value, cancellationToken);
            return await ExecuteAsync(method, path, content, token.Value, idempotent, cancellationToken);
        }
    }

    private async Task<Reply> ExecuteAsync(HttpMethod method, string path, Func<HttpContent>? content, string? bearer, bool idempotent, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(PlatformResilience.IdempotentKey, idempotent);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<Reply>(state.Client.SendOnceAsync(state.Method, state.Path, state.Content, state.Bearer, ctx.CancellationToken)),
                context,
                (Client: this, Method: method, Path: path, Content: content, Bearer: bearer));
        }
        catch (BrokenCircuitException e)
        {
            throw new AdapterException(_options.NetworkName, $"{method} {PathOnly(path)}: the circuit to the platform is open", isTransient: true, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new AdapterException(_options.NetworkName, $"{method} {PathOnly(path)}: timed out", isTransient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new AdapterException(_options.NetworkName, $"{method} {PathOnly(path)}: {e.Message}", isTransient: true, e);
        }
        catch (PlatformApiException e) when (e.IsTransient)
        {
            throw new AdapterException(_options.NetworkName, $"{method} {PathOnly(path)}: {e.Message}", isTransient: true, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<Reply> SendOnceAsync(HttpMethod method, string path, Func<HttpContent>? content, string? bearer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Accept.ParseAdd("application/json");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (content is not null)
        {
            request.Content = content();
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, body);
        }

        var attestation = response.Headers.TryGetValues("X-Platform-Attestation", out var values) ? values.FirstOrDefault() : null;
        return new Reply(response.StatusCode, body, attestation, response.Content.Headers.ContentType?.MediaType);
    }

    // RFC 9457 §3: type, title, status, detail (+ the platform's errors[] extension). Another body keeps only the status
    // and reason phrase: the body is never copied into a message.
    private PlatformApiException Problem(HttpResponseMessage response, byte[] body)
    {
        string? type = null, title = null, detail = null;
        IReadOnlyList<PlatformFieldError> errors = [];
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "application/problem+json" or "application/json" && body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    type = OptionalString(root, "type");
                    title = OptionalString(root, "title");
                    detail = OptionalString(root, "detail");
                    errors = FieldErrors(root, "errors");
                }
            }
            catch (JsonException)
            {
                // Not a problem document; the status says enough.
            }
        }

        return new PlatformApiException(response.StatusCode, type, title ?? response.ReasonPhrase ?? response.StatusCode.ToString(), detail, errors, RetryAfter(response));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _options.TimeProvider.GetUtcNow(),
        _ => null,
    };

    private JsonDocument Parse(Reply reply)
    {
        try
        {
            return JsonDocument.Parse(reply.Body);
        }
        catch (JsonException)
        {
            throw Invalid($"the platform answered {(int)reply.Status} with a body that is not JSON");
        }
    }

    private AdapterException Invalid(string message) => new(_options.NetworkName, message, isTransient: false);

    private string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw Invalid($"the platform's answer has no {name}");

    private static string? OptionalString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<PlatformFieldError> FieldErrors(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. list.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object)
            .Select(item => new PlatformFieldError(OptionalString(item, "field") ?? string.Empty, OptionalString(item, "message") ?? string.Empty))];
    }

    private static void Add(JsonObject body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private static string PathOnly(string path) => path.Split('?')[0];
}
