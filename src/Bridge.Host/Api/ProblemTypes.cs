namespace Bridge.Host.Api;

/// <summary>One kind of error the API returns, with a stable <c>type</c> URI (RFC 9457 §3.1.1).</summary>
internal sealed record ProblemType(string Code, int Status, string Title, string Description)
{
    /// <summary>Relative to the host; <c>GET /problems/{code}</c> describes it.</summary>
    public string Uri => $"/problems/{Code}";
}

/// <summary>The catalogue of problem types. Codes are part of the API contract: never rename one.</summary>
internal static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "The request is not valid",
        "One or more fields broke a rule. 'field' names the first (an RFC 6901 JSON pointer into the request), 'errors' lists all, each with a stable code.");

    public static readonly ProblemType MalformedRequest = new("malformed-request", 400, "The request could not be read",
        "The body is not valid JSON of the expected shape, has a member the API does not define, or a query parameter has the wrong form. 'field' points at the offending place.");

    public static readonly ProblemType Unauthenticated = new("unauthenticated", 401, "An API key is required",
        "Send a valid, unrevoked API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. Keys are created with 'bridge keys create'.");

    public static readonly ProblemType Forbidden = new("forbidden", 403, "The API key's role does not allow this",
        "The key is valid but its role (operator, participant, auditor) may not perform this operation.");

    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "No resource exists at this address.");

    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "The resource exists but does not support this HTTP method.");

    public static readonly ProblemType Conflict = new("conflict", 409, "The change conflicts with existing data",
        "A uniqueness or reference rule would be broken (for example a name already taken). Nothing was changed. 'field' names the conflicting field.");

    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "The request body is too large",
        "The body exceeds Bridge:Api:MaxRequestBodyBytes.");

    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type",
        "Send JSON bodies with 'Content-Type: application/json'.");

    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "A dependency is unavailable",
        "The database (or another dependency) cannot be reached right now. Retry later; nothing was changed.");

    public static readonly ProblemType Internal = new("internal", 500, "Internal error",
        "An unexpected error; the request id in this response finds it in the logs.");

    public static readonly ProblemType NoRecords = new("no-records", 400, "The payload holds nothing for this endpoint",
        "The payload is valid but maps to no document (POST /api/v1/documents) or no event (POST /api/v1/events). The detail says which endpoint takes it. Nothing was stored.");

    public static readonly ProblemType RecordConflict = new("record-conflict", 409, "A record with this id is stored with other content",
        "A document or event with the same id (the same source fact) is already stored with a different content hash, and the new one does not supersede it: an event needs a later updatedDateTime, a document a higher version. 'recordId' and 'recordKind' name it. Nothing of the request was stored.");

    public static readonly ProblemType WebhookRejected = new("webhook-rejected", 401, "The webhook delivery is not authentic or not fresh",
        "The body's HMAC (X-GTD-Signature or Notification-Signature) or the signed X-GTD-Delivery header is missing, malformed or wrong, or the delivery's signed send time is outside the receiver's window (stale). The detail names which. Nothing was stored.");

    public static readonly ProblemType WebhookReplayed = new("webhook-replayed", 409, "The webhook delivery was received before",
        "A delivery with this id was already stored; a replay changes nothing. Senders treat this as delivered.");

    public static readonly ProblemType MessageTransitionRefused = new("message-transition-refused", 409, "The message's state does not allow this",
        "The relay's state machine refused the change (docs/relay.md, transition table); the detail starts with its code: terminal, illegal-transition, in-flight, already-delivered, deadline-passed, … Nothing was changed.");

    public static IReadOnlyList<ProblemType> All { get; } =
        [Validation, MalformedRequest, Unauthenticated, Forbidden, NotFound, MethodNotAllowed, Conflict, PayloadTooLarge, UnsupportedMediaType, ServiceUnavailable, Internal, NoRecords, RecordConflict, WebhookRejected, WebhookReplayed, MessageTransitionRefused];

    public static ProblemType? ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        503 => ServiceUnavailable,
        500 => Internal,
        _ => null,
    };

    public static ProblemType? ForCode(string code) => All.FirstOrDefault(p => p.Code == code);
}
