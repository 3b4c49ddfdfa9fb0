using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Tnt;

/// <summary>Small reading helpers the DCSA and TradeLens mappers share.</summary>
internal static class MappingSupport
{
    /// <summary>A string member that must be one of <paramref name="allowed"/> (error unknown-value otherwise).</summary>
    public static string? Code(SourceNode node, string name, string[] allowed, bool required = false)
    {
        var value = node.String(name, required);
        if (value is null || (required && value.Length == 0))
        {
            return null;
        }

        if (Tnt22Vocabulary.Contains(allowed, value))
        {
            return value;
        }

        node.Issues.Error(node.PathOf(name), ValidationCodes.UnknownValue, "must be one of " + string.Join(", ", allowed));
        return null;
    }

    /// <summary>A string member read without marking it consumed (null when absent or not a string).</summary>
    public static string? Peek(SourceNode node, string name) =>
        node.IsObject && node.Element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>
    /// A DCSA coordinate: a decimal string (also accepted: a JSON number) of at most <paramref name="maxLength"/>
    /// characters within +-<paramref name="limit"/> degrees.
    /// </summary>
    public static decimal? Coordinate(SourceNode node, string name, int maxLength, decimal limit)
    {
        if (node.Element.TryGetProperty(name, out var raw) && raw.ValueKind == JsonValueKind.String && raw.GetString()!.Length > maxLength)
        {
            node.Issues.Error(node.PathOf(name), ValidationCodes.TooLong, "must be at most " + maxLength.ToString(CultureInfo.InvariantCulture) + " characters");
        }

        var value = node.Decimal(name, required: true, allowString: true);
        if (value is { } v && (v < -limit || v > limit))
        {
            node.Issues.Error(node.PathOf(name), ValidationCodes.OutOfRange, "must be between -" + limit.ToString(CultureInfo.InvariantCulture) + " and " + limit.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return value;
    }

    /// <summary>A UN/LOCODE member, validated at its source path (trade-standards.md §C.3).</summary>
    public static string? UnLocode(SourceNode node, string name, int maxLength = Tnt22Vocabulary.UnLocationCodeMax)
    {
        var value = node.String(name, maxLength: maxLength);
        if (value is not null && !TradeIdentifiers.IsValidUnLocode(value))
        {
            TradeIdentifiers.ValidateUnLocode(value, node.PathOf(name), node.Issues);
        }

        return value;
    }

    /// <summary>An ISO 3166-1 alpha-2 country member, validated at its source path (§C.6).</summary>
    public static string? Country(SourceNode node, string name, int? maxLength = null)
    {
        var value = node.String(name, maxLength: maxLength);
        if (value is not null && !TradeIdentifiers.IsValidCountryCode(value))
        {
            TradeIdentifiers.ValidateCountryCode(value, node.PathOf(name), node.Issues);
        }

        return value;
    }

    /// <summary>An IMO number member, validated at its source path (§C.5: bad check digit is a warning).</summary>
    public static string? Imo(SourceNode node, string name, int maxLength)
    {
        var value = node.String(name, maxLength: maxLength);
        if (value is not null && !TradeIdentifiers.IsValidImo(value))
        {
            TradeIdentifiers.ValidateImo(value, node.PathOf(name), node.Issues);
        }

        return value;
    }

    /// <summary>
    /// Hands the scratch dictionary over as a record's extensions (null when nothing was left over) and gives the
    /// mapper a fresh one for the next record, so records without extensions allocate nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement>? TakeExtensions(ref Dictionary<string, JsonElement> scratch)
    {
        if (scratch.Count == 0)
        {
            return null;
        }

        var extensions = scratch;
        scratch = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        return extensions;
    }

    public static Provenance Provenance(MappingContext context, string sourceSystem, string? sourceId, string? sourceVersion) => new()
    {
        SourceSystem = sourceSystem,
        SourceId = sourceId ?? context.SourceId,
        SourceVersion = sourceVersion,
        ReceivedAt = context.ReceivedAt,
        RawSha256 = context.RawSha256,
    };

    /// <summary>An ISO 6346 container number member (§C.1: bad format is an error, a bad check digit a warning).</summary>
    public static void ContainerNumber(SourceNode node, string name, string? value)
    {
        if (value is not null && !TradeIdentifiers.IsValidContainerNumber(value))
        {
            TradeIdentifiers.ValidateContainerNumber(value, node.PathOf(name), node.Issues);
        }
    }

    /// <summary>An ISO 6346 size-type code or type group member (§C.9).</summary>
    public static void IsoEquipmentCode(SourceNode node, string name, string? value)
    {
        if (value is not null && !TradeIdentifiers.IsValidIsoEquipmentCode(value))
        {
            TradeIdentifiers.ValidateIsoEquipmentCode(value, node.PathOf(name), node.Issues);
        }
    }

    /// <summary>A warning when an id that DCSA declares as <c>format: uuid</c> is not one.</summary>
    public static void WarnIfNotUuid(SourceNode node, string name, string? value)
    {
        if (value is not null && !Guid.TryParseExact(value, "D", out _))
        {
            node.Issues.Warning(node.PathOf(name), ValidationCodes.InvalidFormat, "should be a UUID (DCSA: format uuid)");
        }
    }
}
