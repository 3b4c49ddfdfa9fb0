using System.Text.Json;

namespace Bridge.Adapters.Platform.Client;

/// <summary>One event object as the platform serves it (docs/platform.md, "An event object"), attestation included.</summary>
/// <param name="Sequence">The platform-wide publish sequence (1, 2, 3, …).</param>
/// <param name="EventTransactionId">The platform's event id.</param>
/// <param name="EventType">The event type, e.g. <c>actualGateIn</c>.</param>
/// <param name="Object">The whole event object (an owned copy).</param>
public sealed record PlatformEvent(long Sequence, string EventTransactionId, string EventType, JsonElement Object)
{
    /// <summary>The event object's JSON text as UTF-8.</summary>
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(Object);

    /// <summary>Reads an event object: null unless it has an integer <c>sequence</c> ≥ 1 and string <c>eventTransactionId</c> and <c>eventType</c>.</summary>
    public static PlatformEvent? From(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("sequence", out var sequence) || sequence.ValueKind != JsonValueKind.Number || !sequence.TryGetInt64(out var number) || number < 1
            || !element.TryGetProperty("eventTransactionId", out var id) || id.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("eventType", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return new PlatformEvent(number, id.GetString()!, type.GetString()!, element.Clone());
    }
}

/// <summary>A page of the event feed (<c>GET /api/v1/events?afterSequence&amp;size</c>).</summary>
/// <param name="Events">The events, oldest first.</param>
/// <param name="LastSequence">The platform's <c>lastSequence</c>: where the next page starts.</param>
public sealed record PlatformEventPage(IReadOnlyList<PlatformEvent> Events, long LastSequence);

/// <summary>The answer to an event publish.</summary>
/// <param name="EventTransactionId">The event's id (the first event's id when the idempotency key was used before).</param>
/// <param name="Warnings">Accepted-with-warning findings, e.g. an ISO 6346 check digit.</param>
public sealed record PublishedEvent(string EventTransactionId, IReadOnlyList<PlatformFieldError> Warnings);

/// <summary>The answer to a consignment upsert.</summary>
public sealed record UpsertedConsignment(string ConsignmentId, string? EventTransactionId);

/// <summary>The answer to a transport equipment upsert.</summary>
public sealed record UpsertedTransportEquipment(string TransportEquipmentId, IReadOnlyList<PlatformFieldError> Warnings);

/// <summary>The answer to a document upload.</summary>
public sealed record SharedDocument(string DocumentId, string? ContentSha256);

/// <summary>A document's bytes as uploaded and the platform's detached JWS over them (<c>X-Platform-Attestation</c>).</summary>
public sealed record PlatformDocumentContent(byte[] Content, string? Attestation, string? MediaType);

/// <summary>Who the client acts as, read from its solution token.</summary>
/// <param name="UserId">The token's <c>sub</c>.</param>
/// <param name="OrganizationId">The token's <c>org_id</c>.</param>
/// <param name="Roles">The organisation's roles.</param>
public sealed record PlatformIdentity(string UserId, string OrganizationId, IReadOnlyList<string> Roles);

/// <summary>A webhook subscription (docs/platform.md, "Subscriptions and webhooks").</summary>
/// <param name="CallbackUrl">Where deliveries are posted (absolute http(s)).</param>
/// <param name="SharedSecret">The HMAC key. A secret: never logged.</param>
/// <param name="EventTypes">Only these event types, when given.</param>
/// <param name="SignatureMode"><c>tradelens</c> (default) or <c>dcsa</c> (adds Notification-Signature).</param>
/// <param name="Port">The port (UN/LOCODE) of a port subscription.</param>
/// <param name="Country">The country of a country subscription.</param>
/// <param name="Terminal">The terminal of a terminal subscription.</param>
public sealed record PlatformSubscription(
    Uri CallbackUrl,
    string SharedSecret,
    IReadOnlyList<string>? EventTypes = null,
    string? SignatureMode = null,
    string? Port = null,
    string? Country = null,
    string? Terminal = null)
{
    /// <inheritdoc />
    public override string ToString() => $"PlatformSubscription {{ CallbackUrl = {CallbackUrl}, SharedSecret = ***, SignatureMode = {SignatureMode} }}";
}

/// <summary>The scopes a subscription can have (paths <c>/api/v1/subscriptions/{scope}</c>).</summary>
public enum PlatformSubscriptionScope
{
    /// <summary>Everything the organisation may read.</summary>
    Organization,

    /// <summary>Events at one port.</summary>
    Port,

    /// <summary>Events in one country.</summary>
    Country,

    /// <summary>Events at one terminal.</summary>
    Terminal,
}
