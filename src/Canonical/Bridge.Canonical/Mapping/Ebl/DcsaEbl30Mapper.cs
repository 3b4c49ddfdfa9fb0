using System.Text.Json;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.Ebl;

/// <summary>
/// Maps one DCSA eBL 3.0 <c>TransportDocument</c> (EBL_v3.0.0.yaml) to a canonical <see cref="BillOfLading"/>
/// (<c>transportDocumentTypeCode</c> BOL) or <see cref="SeaWaybill"/> (SWB), per trade-standards.md §A.5. The
/// field-by-field table is in docs/mapping.md ("dcsa-ebl-3.0").
/// </summary>
/// <remarks>
/// The mapper enforces what the canonical document needs (<c>transportDocumentReference</c>,
/// <c>transportDocumentTypeCode</c>, <c>isToOrder</c> of a bill of lading) and the format of every value it maps
/// (identifiers, codes, dates, amounts); it is not a full schema validator, so members the schema requires but the
/// canonical model does not need (terms and conditions, receipt and delivery types, ...) may be absent. Members
/// without a canonical field are kept losslessly in <see cref="TradeDocument.Extensions"/>, keyed by their JSON
/// pointer in the payload. Without a document number or type no document is returned, only the findings.
/// </remarks>
public sealed class DcsaEbl30Mapper : ISourceMapper
{
    public string Format => SourceFormats.DcsaEbl30;

    public MappingResult Map(JsonElement payload, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new ValidationCollector();
        if (payload.ValueKind != JsonValueKind.Object)
        {
            issues.Error(string.Empty, ValidationCodes.InvalidFormat, "a DCSA eBL 3.0 TransportDocument must be a JSON object");
            return MappingResult.Failed(issues.ToResult());
        }

        var document = new EblDocumentReader(issues).Read(SourceNode.Record(payload, string.Empty, issues), context);
        return new MappingResult
        {
            Documents = document is null ? [] : [document],
            Validation = issues.ToResult(),
        };
    }
}
