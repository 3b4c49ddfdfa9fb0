using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Disclosure;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;
using Bridge.Host.Security;
using Bridge.Relay.Messages;
using Bridge.Relay.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bridge.Host.Api;

/// <summary>
/// Canonical records: <c>POST /api/v1/documents</c> and <c>/api/v1/events</c> (a payload in a named source format,
/// mapped, validated and stored all or nothing), <c>GET /api/v1/documents/{id}</c> (full, or redacted for auditors) and
/// <c>GET /api/v1/shipments/{reference}/timeline</c>.
/// </summary>
internal static class CanonicalEndpoints
{
    public const int MaxReferenceLength = 100;

    /// <summary>The wire name of a title fact entry on a timeline.</summary>
    public const string TitleEntryKind = "title";

    private static readonly JsonTypeInfo<Provenance> ProvenanceType =
        (JsonTypeInfo<Provenance>)CanonicalJson.SerializerOptions.GetTypeInfo(typeof(Provenance));

    public static void MapCanonicalEndpoints(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/v1/documents").WithTags("Documents");
        documents.MapPost("/", PostDocumentsAsync).RequireAuthorization(Policies.Submitter).WithName("PostDocuments")
            .WithSummary("Store trade documents from a payload in a source format (?format=, default canonical): mapped, validated and stored all or nothing.")
            .Accepts<JsonElement>("application/json")
            .Produces<StoreRecordsResponse>(StatusCodes.Status201Created)
            .Produces<StoreRecordsResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        documents.MapGet("/{id:guid}", GetDocumentAsync).RequireAuthorization(Policies.Reader).WithName("GetDocument")
            .WithSummary("A stored document: in full for operators and for participants that are a party of it; auditors get the redacted disclosure (RedactedDocumentResponse).")
            .Produces<DocumentResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/events", PostEventsAsync).RequireAuthorization(Policies.Submitter).WithName("PostEvents").WithTags("Events")
            .WithSummary("Store logistics events from a payload in a source format (?format=, default canonical): mapped, validated and stored all or nothing.")
            .Accepts<JsonElement>("application/json")
            .Produces<StoreRecordsResponse>(StatusCodes.Status201Created)
            .Produces<StoreRecordsResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet("/api/v1/shipments/{reference}/timeline", GetTimelineAsync).RequireAuthorization(Policies.Reader).WithName("GetShipmentTimeline").WithTags("Shipments")
            .WithSummary("Every event and document that references a bill of lading, booking or container number (?type=bl|booking|container), and the title facts every network showed for those documents' titles, in time order, with provenance and proof verdict; keyset paged. 'conflicts' flags titles live on two networks or with two holders.")
            .Produces<TimelineResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<IResult> PostDocumentsAsync(HttpRequest request, string? format, CanonicalPipeline pipeline, ICanonicalRecordStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        PostAsync(RecordKind.Document, request, format, pipeline, store, time, user, cancellationToken);

    private static Task<IResult> PostEventsAsync(HttpRequest request, string? format, CanonicalPipeline pipeline, ICanonicalRecordStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        PostAsync(RecordKind.Event, request, format, pipeline, store, time, user, cancellationToken);

    private static async Task<IResult> PostAsync(
        RecordKind endpoint, HttpRequest request, string? format, CanonicalPipeline pipeline, ICanonicalRecordStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problems.Create(ProblemTypes.UnsupportedMediaType, "Send the payload as JSON with 'Content-Type: application/json'.");
        }

        format ??= SourceFormats.Canonical;
        if (!pipeline.Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Validation("/query/format", ValidationCodes.UnknownValue, $"'{format}' is not a source format; use one of {string.Join(", ", pipeline.Formats)}");
        }

        // Kestrel enforces Bridge:Api:MaxRequestBodyBytes while this reads (413 through the problem handler).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var payload = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        var result = pipeline.Map(format, payload, time.GetMicrosecondNow(), sourceId: null);
        if (!result.IsValid)
        {
            return Problems.Validation(result.Validation);
        }

        var wanted = endpoint == RecordKind.Document ? result.Documents.Count : result.Events.Count;
        if (wanted == 0)
        {
            return Problems.Create(ProblemTypes.NoRecords, NoRecordsDetail(endpoint, result), string.Empty);
        }

        var keyId = user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim);
        var outcome = await store.StoreAsync(new RecordBatch(result.Documents, result.Events, keyId), cancellationToken);
        switch (outcome)
        {
            case StoreOutcome.Conflict conflict:
                var problem = Problems.Create(ProblemTypes.RecordConflict, conflict.Message, string.Empty);
                problem.ProblemDetails.Extensions["recordId"] = conflict.Id;
                problem.ProblemDetails.Extensions["recordKind"] = conflict.Kind.ToWireName();
                return problem;
            case StoreOutcome.Unstorable unstorable:
                return Problems.Validation(string.Empty, ValidationCodes.InvalidFormat, unstorable.Message);
            case StoreOutcome.Stored stored:
                var body = new StoreRecordsResponse(
                    stored.Items.Select(i => new StoredRecordResponse(i.Id, i.Kind.ToWireName(), i.DocType, i.Category, i.TypeCode, i.DocumentNumber, i.ContentSha256, i.CommitmentRoot, i.Created, i.Superseded, i.Version)).ToList(),
                    result.Validation.Warnings.Select(w => new FindingResponse(w.Path, w.Code, w.Message)).ToList());
                if (!stored.Items.Any(i => i.Created))
                {
                    return TypedResults.Ok(body);
                }

                var first = stored.Items.FirstOrDefault(i => i.Created && i.Kind == RecordKind.Document);
                return TypedResults.Created(first is null ? null : $"/api/v1/documents/{first.Id}", body);
            default:
                throw new InvalidOperationException($"Unhandled store outcome {outcome.GetType().Name}.");
        }
    }

    private static string NoRecordsDetail(RecordKind endpoint, PipelineResult result)
    {
        if (endpoint == RecordKind.Document && result.Events.Count > 0)
        {
            return $"The payload maps to {result.Events.Count} event(s) and no document; POST it to /api/v1/events.";
        }

        if (endpoint == RecordKind.Event && result.Documents.Count > 0)
        {
            return $"The payload maps to {result.Documents.Count} document(s) and no event; POST it to /api/v1/documents.";
        }

        return result.Consignments.Count > 0
            ? $"The payload maps to {result.Consignments.Count} consignment(s) only; consignments are not stored as records."
            : "The payload maps to no document and no event.";
    }

    private static async Task<IResult> GetDocumentAsync(Guid id, ClaimsPrincipal user, ICanonicalRecordStore store, CancellationToken cancellationToken)
    {
        var document = await store.GetDocumentAsync(id, cancellationToken);
        if (document is null)
        {
            return DocumentNotFound(id);
        }

        var role = user.FindFirstValue(ClaimTypes.Role);
        if (role == "operator")
        {
            return TypedResults.Ok(Full(document));
        }

        if (role == "participant")
        {
            // Lanes (a later issue) will let a lane grant non-parties a redacted view; until then they get 404,
            // the same answer as for a document that does not exist.
            var participant = user.FindFirstValue(ApiKeyAuthenticationHandler.ParticipantClaim);
            return participant is not null && await store.IsDocumentPartyAsync(id, participant, cancellationToken)
                ? TypedResults.Ok(Full(document))
                : DocumentNotFound(id);
        }

        return TypedResults.Ok(Redacted(document));
    }

    private static ProblemHttpResult DocumentNotFound(Guid id) => Problems.NotFound("document", id.ToString());

    private static DocumentResponse Full(StoredDocument d)
    {
        using var body = JsonDocument.Parse(d.BodyJson);
        var root = body.RootElement;
        return new DocumentResponse(d.Id, d.DocType, d.DocumentNumber, d.ContentSha256, d.CommitmentRoot, d.Version, ProvenanceOf(root), root.Clone());
    }

    private static RedactedDocumentResponse Redacted(StoredDocument d)
    {
        using var body = JsonDocument.Parse(d.BodyJson);
        var disclosure = DocumentCommitments.Redact(d.BodyJson, d.CommitmentSecret);
        using var written = JsonDocument.Parse(DisclosureJson.Write(disclosure));
        return new RedactedDocumentResponse(d.Id, d.DocType, d.DocumentNumber, d.ContentSha256, d.CommitmentRoot, d.Version, true, ProvenanceOf(body.RootElement), written.RootElement.Clone());
    }

    private static ProvenanceResponse? ProvenanceOf(JsonElement body) =>
        body.TryGetProperty("provenance", out var p) ? ProvenanceResponse.From(p.Deserialize(ProvenanceType)) : null;

    private static async Task<IResult> GetTimelineAsync(
        string reference, string? type, string? limit, string? cursor, ClaimsPrincipal user, ICanonicalRecordStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > MaxReferenceLength || reference.Any(char.IsControl))
        {
            return Problems.Validation("/path/reference", ValidationCodes.InvalidFormat, $"must be 1 to {MaxReferenceLength} characters without control characters");
        }

        ShipmentReferenceKind? kind = type switch
        {
            null => null,
            "bl" => ShipmentReferenceKind.BillOfLading,
            "booking" => ShipmentReferenceKind.Booking,
            "container" => ShipmentReferenceKind.Container,
            _ => (ShipmentReferenceKind)(-1),
        };
        if (kind is (ShipmentReferenceKind)(-1))
        {
            return Problems.Validation("/query/type", ValidationCodes.UnknownValue, "must be one of bl, booking, container");
        }

        var (n, _, problem) = Paging.Read(limit, null);
        if (problem is not null)
        {
            return problem;
        }

        if (!TimelineCursor.TryDecode(cursor, out var after))
        {
            return Problems.Validation("/query/cursor", ValidationCodes.InvalidFormat, "is not a cursor returned by this API");
        }

        var role = user.FindFirstValue(ClaimTypes.Role);
        var viewer = new TimelineViewer(role is "operator" or "auditor", user.FindFirstValue(ApiKeyAuthenticationHandler.ParticipantClaim));
        var page = await store.GetTimelineAsync(new TimelineQuery(reference, kind, viewer, n, after), cancellationToken);
        if (!page.Referenced)
        {
            return Problems.Create(ProblemTypes.NotFound, $"No event or document references '{reference}'{(type is null ? string.Empty : $" as {type}")}.");
        }

        var conflicts = page.Conflicts
            .Select(c => new ConflictResponse(c.Kind, c.TitleId, [.. c.Networks.Select(n => new ConflictNetworkResponse(n.Network, n.State.ToWireName(), n.Holder))]))
            .ToList();
        return TypedResults.Ok(new TimelineResponse(reference, type, page.Entries.Select(Entry).ToList(), page.NextCursor, conflicts));
    }

    private static TimelineEntryResponse Entry(TimelineEntry e)
    {
        var verdict = Verdict(e.Verdict);
        if (e.Title is { } title)
        {
            // A title fact's provenance: the ledger event (its network, transaction and block), read by the relay's watcher.
            var anchor = new LedgerAnchor { Ledger = title.Network, Contract = title.Contract, TransactionId = title.TxId, BlockNumber = title.Block };
            var source = new ProvenanceResponse(title.SourceSystem, title.ProtocolId, null, title.PayloadSha256, e.ReceivedAt, anchor);
            return new TimelineEntryResponse(TitleEntryKind, e.Id, e.At, null, null, null, null, null, null, null, null, null, e.ContentSha256, null, source, verdict,
                title.Network, title.TitleId, title.Event, title.State.ToWireName(), title.Holder, title.Beneficiary);
        }

        var provenance = ProvenanceResponse.From(JsonSerializer.Deserialize(e.ProvenanceJson, ProvenanceType));
        if (e.Kind == TimelineEntryKind.Document && !e.Visible)
        {
            return new TimelineEntryResponse(RecordKinds.Document, e.Id, null, null, null, null, e.DocType, null, null, null, null, null, e.ContentSha256, e.CommitmentRoot, provenance, verdict);
        }

        var location = e.LocationUnLocode is null && e.LocationName is null ? null : new LocationResponse(e.LocationUnLocode, e.LocationName);
        return e.Kind == TimelineEntryKind.Document
            ? new TimelineEntryResponse(RecordKinds.Document, e.Id, e.At, null, null, null, e.DocType, e.DocumentNumber, null, null, null, e.Version, e.ContentSha256, e.CommitmentRoot, provenance, verdict)
            : new TimelineEntryResponse(RecordKinds.Event, e.Id, e.At, e.Classifier, e.Category, e.TypeCode, null, null, location, e.EquipmentReference, e.IsRetracted, e.Version, e.ContentSha256, null, provenance, verdict);
    }

    private static VerdictResponse Verdict(TimelineVerdict v) => v.Proof switch
    {
        ProofVerdict.Valid valid => new VerdictResponse(v.Status, v.MessageId, v.ProofKind, true, valid.Signers, valid.BlockNumber, null, null),
        ProofVerdict.Invalid invalid => new VerdictResponse(v.Status, v.MessageId, v.ProofKind, false, null, null, invalid.Code, invalid.Reason),
        ProofVerdict.NotApplicable notApplicable => new VerdictResponse(v.Status, v.MessageId, v.ProofKind, false, null, null, "not-applicable", notApplicable.Reason),
        _ => new VerdictResponse(v.Status, v.MessageId, v.ProofKind, null, null, null, null, null),
    };
}
