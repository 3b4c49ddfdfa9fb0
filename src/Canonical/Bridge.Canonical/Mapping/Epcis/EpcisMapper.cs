using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Epcis;

/// <summary>
/// Maps GS1 EPCIS 2.0 JSON / JSON-LD into canonical <see cref="LogisticsEvent"/>s (trade-standards.md §A.5
/// "EPCIS 2.0 -> canonical"; docs/mapping.md "EPCIS 2.0"). The payload is an <c>EPCISDocument</c>
/// (<c>epcisBody.eventList</c>), an <c>EPCISQueryDocument</c> (<c>epcisBody.queryResults.resultsBody.eventList</c>),
/// one bare event, or a JSON array of events; all five event types are mapped. EPCIS records observations, so every
/// event is classified ACT. Pure; never throws for bad input.
/// </summary>
public sealed class EpcisMapper : ISourceMapper
{
    private const string DocumentType = "EPCISDocument";
    private const string QueryDocumentType = "EPCISQueryDocument";

    private readonly EpcisMappingOptions _options;
    private readonly HashSet<string> _customsGlns;

    /// <summary>A mapper with <see cref="EpcisMappingOptions.Default"/>.</summary>
    public EpcisMapper()
        : this(EpcisMappingOptions.Default)
    {
    }

    /// <summary>A mapper with the given policy; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public EpcisMapper(EpcisMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _customsGlns = new HashSet<string>(options.CustomsLocationGlns, StringComparer.Ordinal);
    }

    public string Format => SourceFormats.Epcis20;

    /// <summary>The policy this mapper applies.</summary>
    public EpcisMappingOptions Options => _options;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        var events = new List<LogisticsEvent>();
        var eventMapper = new EpcisEventMapper(_options, _customsGlns, context, issues);
        switch (payload.ValueKind)
        {
            case JsonValueKind.Array:
                MapEventArray(payload, eventMapper, issues, events);
                break;
            case JsonValueKind.Object:
                MapObject(payload, eventMapper, issues, events);
                break;
            default:
                issues.Error(string.Empty, ValidationCodes.InvalidFormat, "must be an EPCIS 2.0 EPCISDocument, EPCISQueryDocument, event or array of events");
                break;
        }

        return new MappingResult { Events = events, Validation = issues.ToResult() };
    }

    private static void MapEventArray(JsonElement payload, EpcisEventMapper eventMapper, ValidationCollector issues, List<LogisticsEvent> events)
    {
        var index = 0;
        foreach (var item in payload.EnumerateArray())
        {
            // A plain array of events is a convenience of this bridge, not an EPCIS 2.0 shape: its events need no
            // @context of their own.
            Add(events, eventMapper.Map(SourceNode.Record(item, JsonPointer.Append(string.Empty, index++), issues), documentContext: null, requireContext: false));
        }

        if (index == 0)
        {
            issues.Error(string.Empty, ValidationCodes.Required, "the array of events is empty");
        }
    }

    private static void MapObject(JsonElement payload, EpcisEventMapper eventMapper, ValidationCollector issues, List<LogisticsEvent> events)
    {
        var type = payload.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        switch (type)
        {
            case DocumentType:
                MapDocument(payload, eventMapper, issues, events, query: false);
                break;
            case QueryDocumentType:
                MapDocument(payload, eventMapper, issues, events, query: true);
                break;
            default:
                if (type is not null && EpcisEventMapper.IsEventType(type))
                {
                    Add(events, eventMapper.Map(SourceNode.Record(payload, string.Empty, issues), documentContext: null, requireContext: true));
                }
                else if (typeElement.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    issues.Error("/type", ValidationCodes.Required, "is required: EPCISDocument, EPCISQueryDocument or an EPCIS event type");
                }
                else
                {
                    issues.Error(
                        "/type",
                        type is null ? ValidationCodes.InvalidFormat : ValidationCodes.UnknownValue,
                        "must be EPCISDocument, EPCISQueryDocument, ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent");
                }

                break;
        }
    }

    // EPCIS 2.0 JSON schema: epcisDocument requires @context, type, schemaVersion, creationDate and epcisBody;
    // epcisQueryDocument carries epcisBody.queryResults {subscriptionID?, queryName, resultsBody.eventList}.
    private static void MapDocument(JsonElement payload, EpcisEventMapper eventMapper, ValidationCollector issues, List<LogisticsEvent> events, bool query)
    {
        var document = SourceNode.Record(payload, string.Empty, issues);
        JsonElement? context = null;
        if (document.Element.TryGetProperty("@context", out var contextElement) && contextElement.ValueKind != JsonValueKind.Null)
        {
            // Only a context that declares more than the GS1 one (extension prefixes) is kept, on every event.
            context = CbvVocabulary.IsStandardContextOnly(contextElement) ? null : contextElement.Clone();
        }
        else
        {
            issues.Warning("/@context", ValidationCodes.Required, "an EPCIS 2.0 JSON-LD document has an @context; mapped with the GS1 EPCIS context");
        }

        var schemaVersion = document.String("schemaVersion");
        if (schemaVersion is null)
        {
            if (!document.Has("schemaVersion"))
            {
                issues.Warning("/schemaVersion", ValidationCodes.Required, "an EPCIS document states its schemaVersion (2.0)");
            }
        }
        else if (!schemaVersion.StartsWith("2.", StringComparison.Ordinal))
        {
            issues.Error("/schemaVersion", ValidationCodes.UnknownValue, "must be 2.0: this mapper reads EPCIS 2.0 JSON/JSON-LD only");
        }

        if (document.Has("creationDate"))
        {
            document.DateTime("creationDate");
        }
        else
        {
            issues.Warning("/creationDate", ValidationCodes.Required, "an EPCIS document states its creationDate");
        }

        var body = document.Object("epcisBody", required: true);
        if (body is null)
        {
            return;
        }

        SourceNode? listOwner = body;
        if (query)
        {
            listOwner = body.Object("queryResults", required: true)?.Object("resultsBody", required: true);
        }

        if (listOwner is null)
        {
            return;
        }

        if (!listOwner.Element.TryGetProperty("eventList", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            issues.Error(listOwner.PathOf("eventList"), ValidationCodes.Required, "is required");
            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            issues.Error(listOwner.PathOf("eventList"), ValidationCodes.InvalidFormat, "must be an array");
            return;
        }

        var listPointer = listOwner.PathOf("eventList");
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            Add(events, eventMapper.Map(SourceNode.Record(item, JsonPointer.Append(listPointer, index++), issues), context, requireContext: false));
        }
    }

    private static void Add(List<LogisticsEvent> events, LogisticsEvent? mapped)
    {
        if (mapped is not null)
        {
            events.Add(mapped);
        }
    }
}
