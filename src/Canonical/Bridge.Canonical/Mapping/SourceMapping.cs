using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping;

/// <summary>The named source formats the bridge maps into the canonical model.</summary>
public static class SourceFormats
{
    public const string Canonical = "canonical";
    public const string DcsaTnt22 = "dcsa-tnt-2.2";
    public const string DcsaTnt30 = "dcsa-tnt-3.0";
    public const string DcsaEbl30 = "dcsa-ebl-3.0";
    public const string Epcis20 = "epcis-2.0";
    public const string TradeLens = "tradelens";
    public const string OpenAttestation = "openattestation";

    public static IReadOnlyList<string> All { get; } = [Canonical, DcsaTnt22, DcsaTnt30, DcsaEbl30, Epcis20, TradeLens, OpenAttestation];
}

/// <summary>What a mapper knows about the payload besides its content.</summary>
/// <param name="ReceivedAt">When the bridge received the payload.</param>
/// <param name="RawSha256">Lowercase hex SHA-256 of the raw payload bytes.</param>
/// <param name="SourceId">The source's id for the payload as a whole, when the caller knows one.</param>
public sealed record MappingContext(DateTimeOffset ReceivedAt, string RawSha256, string? SourceId = null);

/// <summary>
/// The canonical objects one payload maps to, with the findings. Paths in the findings are JSON pointers into the
/// SOURCE payload. When <see cref="Validation"/> has errors the objects must not be stored.
/// </summary>
public sealed record MappingResult
{
    public IReadOnlyList<TradeDocument> Documents { get; init; } = [];

    public IReadOnlyList<LogisticsEvent> Events { get; init; } = [];

    public IReadOnlyList<Consignment> Consignments { get; init; } = [];

    public ValidationResult Validation { get; init; } = ValidationResult.Ok;

    public static MappingResult Failed(ValidationResult validation) => new() { Validation = validation };
}

/// <summary>
/// Maps one source format into the canonical model. Pure: no I/O, no clock (the context carries the receive time),
/// never throws for bad input (unmappable input is a validation error naming the field).
/// </summary>
public interface ISourceMapper
{
    /// <summary>One of <see cref="SourceFormats"/>.</summary>
    string Format { get; }

    MappingResult Map(JsonElement payload, MappingContext context);
}
