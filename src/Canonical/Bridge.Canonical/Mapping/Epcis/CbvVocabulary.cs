using System.Text.Json;

namespace Bridge.Canonical.Mapping.Epcis;

/// <summary>
/// GS1 Core Business Vocabulary (CBV 2.0) values in the three spellings EPCIS 2.0 JSON/JSON-LD allows: the bare term
/// the standard JSON-LD context expands (<c>loading</c>), the CBV 1.x URN (<c>urn:epcglobal:cbv:bizstep:loading</c>)
/// and the CBV 2.0 Web URI (<c>https://ref.gs1.org/cbv/BizStep-loading</c>, also as the compact IRI
/// <c>cbv:BizStep-loading</c>). CBV 2.0 defines the URN and the Web URI of every vocabulary element; the bare form
/// comes from the EPCIS 2.0 JSON-LD context (https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld).
/// </summary>
internal static class CbvVocabulary
{
    public const string BizStepUrn = "urn:epcglobal:cbv:bizstep:";
    public const string BizStepWeb = "BizStep-";
    public const string BizTransactionTypeUrn = "urn:epcglobal:cbv:btt:";
    public const string BizTransactionTypeWeb = "BTT-";
    public const string ErrorReasonUrn = "urn:epcglobal:cbv:er:";
    public const string ErrorReasonWeb = "ER-";

    /// <summary>The CBV business transaction identifier URN: <c>urn:epcglobal:cbv:bt:GLN:documentId</c>.</summary>
    public const string BizTransactionUrn = "urn:epcglobal:cbv:bt:";

    private const string WebBase = "https://ref.gs1.org/cbv/";
    private const string WebBaseHttp = "http://ref.gs1.org/cbv/";
    private const string CompactPrefix = "cbv:";

    /// <summary>
    /// The bare CBV term of <paramref name="value"/> (for example <c>loading</c>), or null when the value is a URI
    /// outside the CBV (a private vocabulary). A value without a colon is taken as a bare term.
    /// </summary>
    public static string? Term(string value, string urnPrefix, string webPrefix)
    {
        if (value.StartsWith(urnPrefix, StringComparison.Ordinal))
        {
            return NonEmpty(value[urnPrefix.Length..]);
        }

        if (TryStrip(value, WebBase, webPrefix, out var term) || TryStrip(value, WebBaseHttp, webPrefix, out term) || TryStrip(value, CompactPrefix, webPrefix, out term))
        {
            return term;
        }

        return value.Length > 0 && !value.Contains(':', StringComparison.Ordinal) ? value : null;
    }

    /// <summary>
    /// True for the GS1 EPCIS 2.0 JSON-LD context URL (<c>https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld</c>,
    /// its version-less and later forms, and the draft locations of the GS1 EPCIS repository).
    /// </summary>
    public static bool IsStandardContextUrl(string url) =>
        url.EndsWith("/epcis-context.jsonld", StringComparison.Ordinal)
        && (url.StartsWith("https://ref.gs1.org/standards/epcis/", StringComparison.Ordinal)
            || url.StartsWith("https://gs1.github.io/EPCIS/", StringComparison.Ordinal)
            || url.StartsWith("https://id.gs1.org/", StringComparison.Ordinal));

    /// <summary>
    /// True when an <c>@context</c> value only names the standard GS1 context (a string, or an array of such
    /// strings); false when it declares anything more (namespace prefixes for extension fields, other contexts).
    /// </summary>
    public static bool IsStandardContextOnly(JsonElement context)
    {
        switch (context.ValueKind)
        {
            case JsonValueKind.String:
                return IsStandardContextUrl(context.GetString()!);
            case JsonValueKind.Array:
                foreach (var item in context.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || !IsStandardContextUrl(item.GetString()!))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// True for a sensor report type naming temperature: the GS1 Web Vocabulary measurement type
    /// <c>gs1:Temperature</c> (EPCIS 2.0 sensor data examples), as a compact IRI, a full IRI or a bare term.
    /// </summary>
    public static bool IsTemperature(string type) =>
        type is "gs1:Temperature" or "https://gs1.org/voc/Temperature" or "http://gs1.org/voc/Temperature" or "Temperature";

    private static bool TryStrip(string value, string baseUri, string webPrefix, out string? term)
    {
        term = null;
        if (value.Length > baseUri.Length + webPrefix.Length
            && value.StartsWith(baseUri, StringComparison.Ordinal)
            && string.CompareOrdinal(value, baseUri.Length, webPrefix, 0, webPrefix.Length) == 0)
        {
            term = value[(baseUri.Length + webPrefix.Length)..];
            return true;
        }

        return false;
    }

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}
