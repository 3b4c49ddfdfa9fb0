using Bridge.Canonical.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping;

/// <summary>A mapped and validated document with its deterministic id and content hash.</summary>
public sealed record MappedDocument(Guid Id, string NaturalKey, string ContentSha256, TradeDocument Document);

/// <summary>A mapped and validated event with its deterministic id and content hash.</summary>
public sealed record MappedEvent(Guid Id, string NaturalKey, string ContentSha256, LogisticsEvent Event);

/// <summary>What one payload became: canonical objects with ids and hashes, and every finding.</summary>
public sealed record PipelineResult
{
    public IReadOnlyList<MappedDocument> Documents { get; init; } = [];

    public IReadOnlyList<MappedEvent> Events { get; init; } = [];

    public IReadOnlyList<Consignment> Consignments { get; init; } = [];

    /// <summary>Findings; paths are JSON pointers into the source payload. Store nothing when this has errors.</summary>
    public ValidationResult Validation { get; init; } = ValidationResult.Ok;

    public bool IsValid => Validation.IsValid;
}

/// <summary>
/// Untrusted bytes in a named format -> safe JSON parse -> mapper -> validation -> content hashes and ids.
/// Pure and deterministic for a given receive time; never throws for bad input.
/// </summary>
public sealed class CanonicalPipeline
{
    private readonly MapperRegistry _mappers;
    private readonly SafeJsonLimits _limits;

    public CanonicalPipeline(MapperRegistry mappers, SafeJsonLimits? limits = null)
    {
        _mappers = mappers ?? throw new ArgumentNullException(nameof(mappers));
        _limits = limits ?? SafeJsonLimits.Default;
    }

    public IReadOnlyList<string> Formats => _mappers.Formats;

    public PipelineResult Map(string format, ReadOnlyMemory<byte> payload, DateTimeOffset receivedAt, string? sourceId = null)
    {
        if (!_mappers.TryGet(format, out var mapper))
        {
            return Failed(string.Empty, ValidationCodes.UnknownValue, "unknown source format '" + format + "'; use one of " + string.Join(", ", _mappers.Formats));
        }

        var parsed = SafeJson.Parse(payload, _limits);
        if (!parsed.IsSuccess)
        {
            var error = parsed.Error!;
            return Failed(error.Path, error.Code, error.Message);
        }

        using var document = parsed.Document!;
        var context = new MappingContext(receivedAt, Hashing.ContentHash.Sha256Hex(payload.Span), sourceId);
        var mapped = mapper.Map(document.RootElement, context);
        if (!mapped.Validation.IsValid)
        {
            return new PipelineResult { Validation = mapped.Validation };
        }

        var documents = new List<MappedDocument>(mapped.Documents.Count);
        foreach (var item in mapped.Documents)
        {
            var key = NaturalKeys.Of(item);
            documents.Add(new MappedDocument(NaturalKeys.IdOf(item), key, ContentHashing.Of(item), item));
        }

        var events = new List<MappedEvent>(mapped.Events.Count);
        foreach (var item in mapped.Events)
        {
            var hash = ContentHashing.Of(item);
            events.Add(new MappedEvent(NaturalKeys.IdOf(item, hash), NaturalKeys.Of(item, hash), hash, item));
        }

        return new PipelineResult
        {
            Documents = documents,
            Events = events,
            Consignments = mapped.Consignments,
            Validation = mapped.Validation,
        };
    }

    private static PipelineResult Failed(string path, string code, string message) =>
        new() { Validation = new ValidationResult([ValidationIssue.Error(path, code, message)]) };
}

/// <summary>The mappers by format name.</summary>
public sealed class MapperRegistry
{
    private readonly Dictionary<string, ISourceMapper> _byFormat;

    public MapperRegistry(IEnumerable<ISourceMapper> mappers)
    {
        ArgumentNullException.ThrowIfNull(mappers);
        _byFormat = new Dictionary<string, ISourceMapper>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapper in mappers)
        {
            if (!_byFormat.TryAdd(mapper.Format, mapper))
            {
                throw new ArgumentException("two mappers for format " + mapper.Format, nameof(mappers));
            }
        }

        Formats = [.. _byFormat.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Formats { get; }

    public bool TryGet(string format, out ISourceMapper mapper) => _byFormat.TryGetValue(format, out mapper!);
}
