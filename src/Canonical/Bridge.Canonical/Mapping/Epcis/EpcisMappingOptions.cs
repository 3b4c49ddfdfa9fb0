using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;

namespace Bridge.Canonical.Mapping.Epcis;

/// <summary>
/// The policy choices of the EPCIS 2.0 mapping that the standards leave open (trade-standards.md §A.5 and §F: "the
/// EPCIS to DCSA bizStep mapping is a policy choice (shipping/receiving ambiguity); make it configurable").
/// <see cref="Default"/> is what the parameterless <see cref="EpcisMapper"/> uses.
/// </summary>
public sealed record EpcisMappingOptions
{
    /// <summary>GTOT for shipping, GTIN for receiving, no customs locations.</summary>
    public static EpcisMappingOptions Default { get; } = new();

    /// <summary>
    /// The EQUIPMENT type code for bizStep <c>shipping</c>. CBV 2.0 defines shipping as the whole of staging,
    /// loading, departing and accepting, so no single DCSA code is exact; the default GTOT (gate out at the origin)
    /// follows trade-standards.md §A.5. LOAD or PICK are the usual alternatives.
    /// </summary>
    public string ShippingTypeCode { get; init; } = "GTOT";

    /// <summary>
    /// The EQUIPMENT type code for bizStep <c>receiving</c>; default GTIN (gate in at the destination,
    /// trade-standards.md §A.5). DROP or DISC are the usual alternatives.
    /// </summary>
    public string ReceivingTypeCode { get; init; } = "GTIN";

    /// <summary>
    /// 13-digit GLNs of customs locations. An <c>inspecting</c> event whose readPoint or bizLocation is one of them
    /// maps to CUSTOMS CUSI and a <c>holding</c> event to CUSTOMS CUSH; elsewhere inspecting is EQUIPMENT INSP and
    /// holding has no canonical meaning. Default: none.
    /// </summary>
    public IReadOnlyCollection<string> CustomsLocationGlns { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> for a type code that is not an EQUIPMENT code or a bad GLN.</summary>
    internal void Validate()
    {
        if (ShippingTypeCode is null || !EventTypeCodes.IsKnown(EventCategories.Equipment, ShippingTypeCode))
        {
            throw new ArgumentException($"ShippingTypeCode '{ShippingTypeCode}' is not an EQUIPMENT event type code", nameof(ShippingTypeCode));
        }

        if (ReceivingTypeCode is null || !EventTypeCodes.IsKnown(EventCategories.Equipment, ReceivingTypeCode))
        {
            throw new ArgumentException($"ReceivingTypeCode '{ReceivingTypeCode}' is not an EQUIPMENT event type code", nameof(ReceivingTypeCode));
        }

        ArgumentNullException.ThrowIfNull(CustomsLocationGlns, nameof(CustomsLocationGlns));
        foreach (var gln in CustomsLocationGlns)
        {
            if (gln is null || !TradeIdentifiers.IsValidGln(gln))
            {
                throw new ArgumentException($"CustomsLocationGlns: '{gln}' is not a 13-digit GLN with a valid check digit", nameof(CustomsLocationGlns));
            }
        }
    }
}
