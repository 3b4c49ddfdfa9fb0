using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping;

/// <summary>
/// The bridge's own format: canonical JSON of one document (an object with <c>docType</c>), one event (an object
/// with <c>category</c>), or an array of them. The bridge sets <c>receivedAt</c> and <c>rawSha256</c> of the
/// provenance itself; a client may state the source system, source id and version and an anchor (the source system
/// defaults to CANONICAL).
/// </summary>
public sealed class CanonicalFormatMapper : ISourceMapper
{
    public string Format => SourceFormats.Canonical;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        var documents = new List<TradeDocument>();
        var events = new List<LogisticsEvent>();
        if (payload.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in payload.EnumerateArray())
            {
                MapOne(item, JsonPointer.Append(string.Empty, index++), context, issues, documents, events);
            }

            if (index == 0)
            {
                issues.Error(string.Empty, ValidationCodes.Required, "the array is empty");
            }
        }
        else
        {
            MapOne(payload, string.Empty, context, issues, documents, events);
        }

        return new MappingResult { Documents = documents, Events = events, Validation = issues.ToResult() };
    }

    private static void MapOne(JsonElement item, string path, MappingContext context, ValidationCollector issues, List<TradeDocument> documents, List<LogisticsEvent> events)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be a canonical document or event object");
            return;
        }

        if (item.TryGetProperty("docType", out _))
        {
            var document = CanonicalJson.Deserialize<TradeDocument>(item, path, issues);
            if (document is not null)
            {
                document = document with { Provenance = Stamp(document.Provenance, context) };
                CanonicalValidator.Validate(document, path, issues);
                documents.Add(document);
            }
        }
        else if (item.TryGetProperty("category", out _) || item.TryGetProperty("typeCode", out _))
        {
            var logisticsEvent = CanonicalJson.Deserialize<LogisticsEvent>(item, path, issues);
            if (logisticsEvent is not null)
            {
                logisticsEvent = logisticsEvent with { Provenance = Stamp(logisticsEvent.Provenance, context) };
                CanonicalValidator.Validate(logisticsEvent, path, issues);
                events.Add(logisticsEvent);
            }
        }
        else
        {
            issues.Error(JsonPointer.Append(path, "docType"), ValidationCodes.Required, "a canonical document needs docType; a canonical event needs category, classifier and typeCode");
        }
    }

    private static Provenance Stamp(Provenance? stated, MappingContext context) => new()
    {
        SourceSystem = stated?.SourceSystem ?? SourceSystems.Canonical,
        SourceId = stated?.SourceId ?? context.SourceId,
        SourceVersion = stated?.SourceVersion,
        ReceivedAt = context.ReceivedAt,
        RawSha256 = context.RawSha256,
        Anchor = stated?.Anchor,
    };
}
