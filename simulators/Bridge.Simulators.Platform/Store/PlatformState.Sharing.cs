using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Api;

namespace Bridge.Simulators.Platform.Store;

// Subscriptions, the webhook outbox and documents (docs/platform.md "Subscriptions and webhooks", "Documents").
internal sealed partial class PlatformState
{
    /// <summary>The largest document the simulator stores.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    private static readonly string[] SubscriptionTypes = ["organization", "port", "country", "terminal"];

    /// <summary>Whether <paramref name="type"/> is a subscription type (the path segment).</summary>
    public static bool IsSubscriptionType(string type) => Array.IndexOf(SubscriptionTypes, type) >= 0;

    /// <summary><c>POST /api/v1/subscriptions/{type}</c>.</summary>
    public ApiResult Subscribe(Caller caller, string type, JsonObject body)
    {
        if (!PlatformRoles.May(caller.Roles, PlatformAction.Subscribe))
        {
            return Forbidden(caller, "subscribe");
        }

        var errors = new List<FieldError>();
        var callback = Required(body, "callbackUrl", errors);
        var secret = Required(body, "sharedSecret", errors);
        var port = Optional(body, "port", errors);
        var country = Optional(body, "country", errors);
        var terminal = Optional(body, "terminal", errors);
        var mode = OptionalEnum(body, "signatureMode", ["tradelens", "dcsa"], errors) ?? "tradelens";
        var eventTypes = OptionalStrings(body, "eventTypes", errors);
        if (callback is not null && !IsAllowedCallback(callback))
        {
            errors.Add(new FieldError("callbackUrl", "must be an absolute https URL (http only for a loopback host)"));
        }

        switch (type)
        {
            case "port" when port is null || !IsUnLocode(port):
                errors.Add(new FieldError("port", "is required for a port subscription and must be a UN/LOCODE"));
                break;
            case "country" when country is null || country.Length != 2 || !country.All(char.IsAsciiLetterUpper):
                errors.Add(new FieldError("country", "is required for a country subscription and must be an ISO 3166-1 alpha-2 code"));
                break;
            case "terminal" when terminal is null:
                errors.Add(new FieldError("terminal", "is required for a terminal subscription"));
                break;
        }

        if (errors.Count > 0)
        {
            return ApiResult.Validation(errors);
        }

        lock (_gate)
        {
            var subscription = new SubscriptionState
            {
                Id = NextId("subscription"),
                OrgId = caller.OrgId,
                Type = type,
                CallbackUrl = callback!,
                SharedSecret = secret!,
                Port = port,
                Country = country,
                Terminal = terminal,
                EventTypes = eventTypes?.Select(t => t!.GetValue<string>()).ToList(),
                SignatureMode = mode,
                CreatedAt = Now,
            };
            Commit(new JournalRecord { Op = JournalRecord.SubscribeOp, Subscription = subscription });
            return ApiResult.Ok(new JsonObject { ["subscriptionId"] = subscription.Id });
        }
    }

    /// <summary><c>GET /api/v1/subscriptions/{id}</c> (the owner only; the shared secret is never returned).</summary>
    public ApiResult GetSubscription(Caller caller, string id)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(id, out var subscription) || subscription.OrgId != caller.OrgId)
            {
                return ApiResult.NotFound($"Subscription {id} does not exist.");
            }

            var obj = new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["type"] = subscription.Type,
                ["callbackUrl"] = subscription.CallbackUrl,
                ["signatureMode"] = subscription.SignatureMode,
                ["pendingDeliveries"] = _pending.Count(d => d.SubscriptionId == id),
            };
            SetOptional(obj, "port", subscription.Port);
            SetOptional(obj, "country", subscription.Country);
            SetOptional(obj, "terminal", subscription.Terminal);
            if (subscription.EventTypes is { } types)
            {
                obj["eventTypes"] = PlatformJson.Strings(types);
            }

            return ApiResult.Ok(obj);
        }
    }

    /// <summary><c>DELETE /api/v1/subscriptions/{id}</c>: pending deliveries of the subscription are dropped.</summary>
    public ApiResult DeleteSubscription(Caller caller, string id)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(id, out var subscription) || subscription.OrgId != caller.OrgId)
            {
                return ApiResult.NotFound($"Subscription {id} does not exist.");
            }

            Commit(new JournalRecord { Op = JournalRecord.UnsubscribeOp, TargetId = id });
            return ApiResult.Ok(new JsonObject { ["message"] = "Subscription deleted" });
        }
    }

    private static bool IsAllowedCallback(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    private static void SetOptional(JsonObject obj, string name, string? value)
    {
        if (value is not null)
        {
            obj[name] = value;
        }
    }

    // ------------------------------------------------------------------ the outbox

    /// <summary>A delivery to attempt now: where, how to sign, and what.</summary>
    internal sealed record DueDelivery(string Id, string CallbackUrl, string SharedSecret, string SignatureMode, string Body, int Attempts, DateTimeOffset CreatedAt);

    /// <summary>Pending deliveries due at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<DueDelivery> DueDeliveries(DateTimeOffset now, int max)
    {
        lock (_gate)
        {
            var due = new List<DueDelivery>();
            foreach (var delivery in _pending)
            {
                if (due.Count == max)
                {
                    break;
                }

                if (delivery.NextAttemptAt <= now && _subscriptions.TryGetValue(delivery.SubscriptionId, out var subscription))
                {
                    due.Add(new DueDelivery(delivery.Id, subscription.CallbackUrl, subscription.SharedSecret, subscription.SignatureMode, delivery.Body, delivery.Attempts, delivery.CreatedAt));
                }
            }

            return due;
        }
    }

    /// <summary>When the next pending delivery is due; null when there is none.</summary>
    public DateTimeOffset? NextDeliveryDue()
    {
        lock (_gate)
        {
            return _pending.Count == 0 ? null : _pending.Min(d => d.NextAttemptAt);
        }
    }

    /// <summary>Gets the number of deliveries not yet completed.</summary>
    public int PendingDeliveryCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>See <see cref="PlatformSimulatorOptions.TestHookSkipJournallingDeliveredMarks"/>.</summary>
    public bool TestHookSkipJournallingDeliveredMarks { get; init; }

    /// <summary>Ends a delivery (2xx or 409 from the receiver, or given up after 24 h).</summary>
    public void CompleteDelivery(string id, bool abandoned)
    {
        lock (_gate)
        {
            if (!abandoned && TestHookSkipJournallingDeliveredMarks)
            {
                _pending.RemoveAll(d => d.Id == id); // the test hook: delivered in memory, still pending in the journal
            }
            else if (_pending.Exists(d => d.Id == id))
            {
                Commit(new JournalRecord { Op = abandoned ? JournalRecord.AbandonedOp : JournalRecord.DeliveredOp, TargetId = id });
            }
        }
    }

    /// <summary>Schedules the next attempt of a delivery (in memory: a restart retries at once).</summary>
    public void Reschedule(string id, DateTimeOffset next)
    {
        lock (_gate)
        {
            if (_pending.Find(d => d.Id == id) is { } delivery)
            {
                delivery.Attempts++;
                delivery.NextAttemptAt = next;
            }
        }
    }

    // ------------------------------------------------------------------ documents

    /// <summary><c>POST /api/v1/documents</c>: stores the content, then journals the metadata and the document event.</summary>
    public ApiResult UploadDocument(Caller caller, JsonObject metadata, string fileName, string contentType, byte[] content)
    {
        var errors = new List<FieldError>();
        var docType = Required(metadata, "docType", errors);
        var ns = Optional(metadata, "docTypeNamespace", errors);
        var fileType = OptionalEnum(metadata, "fileType", ["PDF", "JSON", "IMAGE"], errors);
        var cid = Required(metadata, "consignmentId", errors);
        var references = OptionalObject(metadata, "docReferences", errors);
        var idempotencyKey = Optional(metadata, "idempotencyKey", errors);
        if (docType is not null && !EventCatalog.DocumentTypes.Contains(docType))
        {
            errors.Add(new FieldError("metadata.docType", "is not one of GET /api/v1/documentTypes"));
        }

        if (ns is not null && ns != "platform")
        {
            errors.Add(new FieldError("metadata.docTypeNamespace", "must be \"platform\""));
        }

        if (content.Length == 0)
        {
            errors.Add(new FieldError("file", "must not be empty"));
        }

        if (errors.Count > 0)
        {
            return ApiResult.Validation([.. errors.Select(e => e.Field.StartsWith("metadata.", StringComparison.Ordinal) || e.Field == "file" ? e : e with { Field = "metadata." + e.Field })]);
        }

        lock (_gate)
        {
            if (idempotencyKey is not null && _documentIdempotency.TryGetValue(IdempotencyKey(caller.OrgId, idempotencyKey), out var firstId))
            {
                var first = _documents[firstId];
                return ApiResult.Ok(new JsonObject { ["documentId"] = first.Id, ["contentSha256"] = PlatformJson.Str(first.Metadata, "contentSha256") });
            }

            if (!_consignments.TryGetValue(cid!, out var consignment))
            {
                return ApiResult.NotFound($"Consignment {cid} does not exist.");
            }

            if (!PlatformRoles.CanUpload(caller.OrgId, caller.Roles, consignment.Parties))
            {
                return ApiResult.Forbidden("Only the consignment's parties and customs may upload documents.");
            }

            var now = Now;
            var id = NextId("document");
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            var file = id + ".bin";
            WriteDurably(Path.Combine(_documentsDirectory, file), content);
            var meta = new JsonObject
            {
                ["documentId"] = id,
                ["docType"] = docType,
                ["docTypeNamespace"] = "platform",
                ["fileType"] = fileType ?? GuessFileType(contentType),
                ["fileName"] = fileName,
                ["consignmentId"] = consignment.Id,
                ["uploadedBy"] = caller.OrgId,
                ["uploadedByName"] = caller.Organization.Name,
                ["uploadTime8601"] = PlatformJson.Iso8601(now),
                ["contentSha256"] = sha256,
                ["size"] = content.Length,
            };
            if (references is not null)
            {
                meta["docReferences"] = references;
            }

            var ev = NewEvent(caller, EventCatalog.DocumentSubmitted, EventCatalog.DocumentTitle(docType!) + " submitted", "actual", null, now, now,
                caller.Organization.Name, caller.Organization.Scac ?? caller.OrgId);
            ev.Object["docId"] = id;
            ev.Object["docType"] = docType;
            ev.Object["contentSha256"] = sha256; // (prop) so that the attested event binds the bytes it announces
            ev.ConsignmentId = consignment.Id;
            ev.CarrierBookingNumber = consignment.CarrierBookingNumber;
            var document = new DocumentState
            {
                Id = id,
                ConsignmentId = consignment.Id,
                OrgId = caller.OrgId,
                Metadata = meta,
                ContentFile = file,
                ContentType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType,
                IdempotencyKey = idempotencyKey,
            };
            Commit(new JournalRecord { Op = JournalRecord.DocumentOp, Document = document, Event = ev });
            return ApiResult.Ok(new JsonObject { ["documentId"] = id, ["contentSha256"] = sha256, ["eventTransactionId"] = ev.Id });
        }
    }

    /// <summary><c>GET /api/v1/documents/{id}/metadata</c>: the attested metadata object.</summary>
    public ApiResult DocumentMetadata(Caller caller, string id)
    {
        lock (_gate)
        {
            if (ReadableDocument(caller, id, out var document) is { } problem)
            {
                return problem;
            }

            return ApiResult.Ok(_signer.Attested(document!.Metadata, Now));
        }
    }

    /// <summary>The content of a document and its detached attestation over the exact bytes.</summary>
    internal sealed record DocumentContent(byte[] Content, string ContentType, string FileName, string Attestation);

    /// <summary><c>GET /api/v1/documents/{id}/content</c>.</summary>
    public ApiResult DocumentContentOf(Caller caller, string id, out DocumentContent? content)
    {
        content = null;
        lock (_gate)
        {
            if (ReadableDocument(caller, id, out var document) is { } problem)
            {
                return problem;
            }

            var bytes = File.ReadAllBytes(Path.Combine(_documentsDirectory, document!.ContentFile));
            content = new DocumentContent(bytes, document.ContentType, PlatformJson.Str(document.Metadata, "fileName") ?? "document", _signer.AttestBytes(bytes, Now));
            return ApiResult.Ok(new JsonObject());
        }
    }

    private ApiResult? ReadableDocument(Caller caller, string id, out DocumentState? document)
    {
        if (!_documents.TryGetValue(id, out document))
        {
            return ApiResult.NotFound($"Document {id} does not exist.");
        }

        var consignment = _consignments[document.ConsignmentId];
        return PlatformRoles.CanRead(caller.OrgId, caller.Roles, consignment.Parties, document.OrgId)
            ? null
            : ApiResult.Forbidden("The organisation may not read this consignment's documents.");
    }

    private static string GuessFileType(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "application/json" => "JSON",
        _ when contentType.StartsWith("image/", StringComparison.Ordinal) => "IMAGE",
        _ => "PDF",
    };

    private static void WriteDurably(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    internal static JsonObject? ParseObject(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
