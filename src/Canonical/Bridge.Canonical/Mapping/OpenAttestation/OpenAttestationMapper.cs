using System.Collections.Frozen;
using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.OpenAttestation;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.OpenAttestation;

/// <summary>
/// Maps a wrapped OpenAttestation document (TradeTrust) to a canonical <see cref="TradeDocument"/>, per
/// trade-standards.md §A.5: it first verifies the document's integrity (OpenAttestation DOCUMENT_INTEGRITY, §E.5
/// step 1) and rejects an altered document; then it unsalts v2 data, picks the canonical document type from the
/// template name and maps the template's fields. v2 and v3 (W3C VC form) documents are accepted. Field tables:
/// docs/mapping.md ("openattestation").
/// </summary>
/// <remarks>
/// Built-in templates: TradeTrust's bill of lading (<c>BILL_OF_LADING</c> and names starting with
/// <c>BILL_OF_LADING_</c>), <c>SIMPLE_COO</c> and <c>CERTIFICATE_OF_ORIGIN</c>. Any other template name is an error at
/// the template name, because the bridge cannot know what a free-form document is; a deployment that issues its own
/// templates names them with <see cref="OpenAttestationMapper(IReadOnlyDictionary{string, string})"/>. Document status
/// (issued, revoked, title escrow holder) and issuer identity (DNS-TXT) need the network and are checked by the
/// Ethereum adapter, not here.
/// </remarks>
public sealed class OpenAttestationMapper : ISourceMapper
{
    /// <summary>The canonical types a configured template may map to (types without further required fields).</summary>
    public static IReadOnlyList<string> ConfigurableDocumentTypes { get; } =
    [
        DocumentTypes.BillOfLading, DocumentTypes.CertificateOfOrigin, DocumentTypes.CommercialInvoice, DocumentTypes.PackingList,
        DocumentTypes.PhytosanitaryCertificate, DocumentTypes.InspectionCertificate,
    ];

    private static readonly FrozenDictionary<string, string> BuiltIn = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BILL_OF_LADING"] = DocumentTypes.BillOfLading,
        ["SIMPLE_COO"] = DocumentTypes.CertificateOfOrigin,
        ["CERTIFICATE_OF_ORIGIN"] = DocumentTypes.CertificateOfOrigin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, string> _templates;

    /// <summary>A mapper that knows the built-in templates only.</summary>
    public OpenAttestationMapper()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A mapper that also maps the given template names to canonical document types.</summary>
    /// <param name="templateDocumentTypes">Template name to one of <see cref="ConfigurableDocumentTypes"/>.</param>
    /// <exception cref="ArgumentException">A document type that is not configurable.</exception>
    public OpenAttestationMapper(IReadOnlyDictionary<string, string> templateDocumentTypes)
    {
        ArgumentNullException.ThrowIfNull(templateDocumentTypes);
        var templates = new Dictionary<string, string>(BuiltIn, StringComparer.Ordinal);
        foreach (var (name, docType) in templateDocumentTypes)
        {
            if (!ConfigurableDocumentTypes.Contains(docType, StringComparer.Ordinal))
            {
                throw new ArgumentException($"template {name}: {docType} is not one of {string.Join(", ", ConfigurableDocumentTypes)}", nameof(templateDocumentTypes));
            }

            templates[name] = docType;
        }

        _templates = templates.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Format => SourceFormats.OpenAttestation;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        if (payload.ValueKind != JsonValueKind.Object)
        {
            issues.Error(string.Empty, ValidationCodes.InvalidFormat, "a wrapped OpenAttestation document must be a JSON object");
            return MappingResult.Failed(issues.ToResult());
        }

        // Integrity first: nothing of an altered document is mapped.
        var verdict = OpenAttestationVerifier.VerifyIntegrity(payload);
        if (verdict is not IntegrityVerdict.Valid valid)
        {
            ReportIntegrity(payload, (IntegrityVerdict.Invalid)verdict, issues);
            return MappingResult.Failed(issues.ToResult());
        }

        var document = new OaDocumentReader(issues, _templates).Read(payload, valid, context);
        return new MappingResult
        {
            Documents = document is null ? [] : [document],
            Validation = issues.ToResult(),
        };
    }

    /// <summary>Whether a template name is known (built in or configured), and as which canonical type.</summary>
    internal static string? DocumentTypeOf(IReadOnlyDictionary<string, string> templates, string templateName) =>
        templates.TryGetValue(templateName, out var docType) ? docType
        : templateName.StartsWith("BILL_OF_LADING_", StringComparison.Ordinal) ? DocumentTypes.BillOfLading
        : null;

    private static void ReportIntegrity(JsonElement payload, IntegrityVerdict.Invalid invalid, ValidationCollector issues)
    {
        // v2 carries the hashes in "signature", v3 in "proof".
        var proof = payload.TryGetProperty("signature", out _) ? "/signature" : "/proof";
        var (path, code) = invalid.Code switch
        {
            OaCodes.TargetHashMismatch => (proof + "/targetHash", ValidationCodes.Mismatch),
            OaCodes.MerkleRootMismatch => (proof + "/merkleRoot", ValidationCodes.Mismatch),
            OaCodes.SaltsMismatch => ("/proof/salts", ValidationCodes.Mismatch),
            OaCodes.UnsupportedVersion => ("/version", ValidationCodes.UnknownValue),
            _ => (string.Empty, ValidationCodes.InvalidFormat),
        };
        var what = invalid.Code is OaCodes.TargetHashMismatch or OaCodes.MerkleRootMismatch or OaCodes.SaltsMismatch
            ? "the document fails OpenAttestation's integrity check (it was altered): "
            : "not a verifiable OpenAttestation document: ";
        issues.Error(path, code, what + invalid.Message);
    }
}
