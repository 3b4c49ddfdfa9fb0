using System.Text.Json;
using Bridge.Adapters.Platform.Webhooks;
using Bridge.Canonical.Json;
using Bridge.Host.Api;
using Bridge.Relay.Messages;
using Bridge.Relay.Records;

namespace Bridge.Host.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/platform/{network}</c>: a platform's signed event deliveries (docs/platform.md). Anonymous:
/// the HMAC with the network's shared secret authenticates the sender. In order: the body's HMAC (X-GTD-Signature or
/// Notification-Signature) and the signed delivery header (freshness) in constant time, else 401; the body must be a
/// JSON array of event objects, each carrying a valid platform attestation (detached JWS against the network's JWKS),
/// else 400; each is mapped to the canonical model; then the delivery id and the events are stored in one transaction,
/// so a replayed delivery is 409 and changes nothing, and a rejected one stores nothing.
/// </summary>
internal static class PlatformWebhookEndpoints
{
    public static void MapPlatformWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webhooks/platform/{network}", ReceiveAsync).AllowAnonymous().WithName("ReceivePlatformWebhook").WithTags("Webhooks")
            .WithSummary("A platform's webhook delivery: HMAC-signed JSON array of attested events, stored once (docs/platform.md).")
            .Accepts<JsonElement>("application/json")
            .Produces<WebhookReceipt>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ReceiveAsync(string network, HttpRequest request, PlatformWebhookIngest ingest, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ingest.SecretOf(network) is not { } secret || await ingest.PlatformNetworkAsync(network, cancellationToken) is not { } platform)
        {
            return Problems.Create(ProblemTypes.NotFound, $"No webhook receiver for a platform network named '{network}' (register the network and set Bridge:Webhooks:Networks:{network}:SharedSecret).");
        }

        // Kestrel enforces Bridge:Api:MaxRequestBodyBytes while this reads (413 through the problem handler).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        var verdict = ingest.Verifier.Verify(WebhookHeaders.From(name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null), body.Span, secret);
        if (verdict is WebhookVerification.Rejected rejected)
        {
            return Problems.Create(ProblemTypes.WebhookRejected, $"{rejected.Reason}: {rejected.Detail}");
        }

        var accepted = (WebhookVerification.Accepted)verdict;
        var parsed = SafeJson.Parse(body, SafeJsonLimits.Default);
        if (!parsed.IsSuccess)
        {
            return Problems.Create(ProblemTypes.MalformedRequest, $"The body is not JSON: {parsed.Error!.Message}", parsed.Error.Path);
        }

        using var document = parsed.Document!;
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return Problems.Create(ProblemTypes.MalformedRequest, "A delivery is a JSON array of event objects.", string.Empty);
        }

        ingest.DeliveryAccepted(network); // signed and fresh: the platform's webhooks work, so the polling fallback slows down
        var receivedAt = time.GetMicrosecondNow(); // PostgreSQL's precision
        var prepared = ingest.Prepare(network, platform.Anchors, document.RootElement.EnumerateArray(), receivedAt);
        if (prepared.Rejection is { } rejection)
        {
            return Problems.Validation(rejection);
        }

        var outcome = await ingest.StoreAsync(new InboundDelivery(network, accepted.DeliveryId, receivedAt, prepared.Events), cancellationToken);
        return outcome switch
        {
            DeliveryOutcome.Stored stored => TypedResults.Ok(new WebhookReceipt(accepted.DeliveryId, stored.Items.Count, stored.Items.Count(i => i.Created))),
            DeliveryOutcome.Replayed => Problems.Create(ProblemTypes.WebhookReplayed, $"Delivery {accepted.DeliveryId} was received before; nothing was done."),
            DeliveryOutcome.Conflict conflict => Problems.Create(ProblemTypes.RecordConflict, conflict.Message, string.Empty),
            DeliveryOutcome.Unstorable unstorable => Problems.Validation(string.Empty, "invalid-format", unstorable.Message),
            _ => throw new InvalidOperationException($"Unhandled delivery outcome {outcome.GetType().Name}."),
        };
    }
}

/// <summary>A stored delivery: its id, how many events it carried and how many were new.</summary>
internal sealed record WebhookReceipt(string DeliveryId, int Events, int Created);
