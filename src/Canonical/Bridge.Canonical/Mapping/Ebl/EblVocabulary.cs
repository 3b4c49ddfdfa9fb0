using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;

namespace Bridge.Canonical.Mapping.Ebl;

/// <summary>
/// What the DCSA eBL 3.0 mapper and writer share: code lists, the identifying-code table and the rules that derive
/// canonical fields from eBL members (so that writing and reading again gives the same canonical document).
/// Source: DCSA EBL_v3.0.0.yaml (dcsaorg/Conformance-Gateway@283bf7a1, ebl/src/main/resources/standards/ebl/schemas).
/// </summary>
internal static class EblVocabulary
{
    public const string Bol = "BOL";
    public const string Swb = "SWB";

    /// <summary>DCSA document type codes used as canonical reference type codes.</summary>
    public const string BookingReference = "BKG";
    public const string ShippingInstructionsReference = "SHI";

    /// <summary><c>TransportDocument.transportDocumentStatus</c> ("Possible values are ...").</summary>
    public static readonly string[] DocumentStatuses =
    [
        "DRAFT", "APPROVED", "ISSUED", "PENDING_SURRENDER_FOR_AMENDMENT", "SURRENDERED_FOR_AMENDMENT",
        "PENDING_SURRENDER_FOR_DELIVERY", "SURRENDERED_FOR_DELIVERY", "VOIDED",
    ];

    /// <summary><c>freightPaymentTermCode</c>, <c>Charge.paymentTermCode</c>.</summary>
    public static readonly string[] PaymentTerms = ["PRE", "COL"];

    /// <summary>Weight units of <c>CargoGrossWeight</c>, <c>CargoNetWeight</c>, <c>TareWeight</c> (UN/ECE Rec. 20).</summary>
    public static readonly string[] WeightUnits = ["KGM", "LBR"];

    /// <summary>Volume units of <c>CargoGrossVolume</c>, <c>CargoNetVolume</c> (UN/ECE Rec. 20).</summary>
    public static readonly string[] VolumeUnits = ["MTQ", "FTQ"];

    /// <summary><c>Seal.source</c>.</summary>
    public static readonly string[] SealSources = ["CAR", "SHI", "VET", "CUS"];

    /// <summary><c>Facility.facilityCodeListProvider</c>.</summary>
    public static readonly string[] FacilityProviders = ["SMDG", "BIC"];

    /// <summary><c>carrierCodeListProvider</c>.</summary>
    public static readonly string[] CarrierProviders = ["SMDG", "NMFTA"];

    /// <summary>
    /// The single-party members of <c>documentParties</c> that have a canonical role, in the order the mapper adds
    /// them to <see cref="TradeDocument.Parties"/>; <c>notifyParties</c> and <c>other</c> follow. <c>issueTo</c>,
    /// <c>seller</c> and <c>buyer</c> come from the shipping-instructions form of <c>DocumentParties</c>, which the
    /// conformance templates use.
    /// </summary>
    public static readonly (string Member, string Role)[] PartySlots =
    [
        ("shipper", PartyRoles.Shipper),
        ("consignee", PartyRoles.Consignee),
        ("endorsee", PartyRoles.Endorsee),
        ("issuingParty", PartyRoles.Issuer),
        ("issueTo", PartyRoles.IssueTo),
        ("seller", PartyRoles.Seller),
        ("buyer", PartyRoles.Buyer),
    ];

    public const string NotifyPartiesMember = "notifyParties";
    public const string OtherPartiesMember = "other";
    public const int MaxNotifyParties = 3;

    /// <summary>
    /// <c>OtherDocumentParty.partyFunction</c>: DDR/DDS (consignor's/consignee's freight forwarder) and COW/COX
    /// (invoice payer on behalf of the consignor/consignee). The first code of each pair is what the writer emits
    /// for the role; the mapper keeps the second (and SCO, unknown codes) in the extensions so nothing is lost.
    /// </summary>
    public static string? RoleOfPartyFunction(string? function) => function switch
    {
        "DDR" or "DDS" => PartyRoles.Forwarder,
        "COW" or "COX" => PartyRoles.Invoicee,
        _ => null,
    };

    /// <summary>The party function the writer emits for a canonical role in <c>documentParties.other</c>.</summary>
    public static string? DefaultPartyFunction(string role) => role switch
    {
        PartyRoles.Forwarder => "DDR",
        PartyRoles.Invoicee => "COW",
        _ => null,
    };

    /// <summary>
    /// <c>IdentifyingCode</c> (codeListProvider, codeListName) to a canonical identifier scheme: GLEIF/LEI, W3C/DID,
    /// DNB/DUNS, GS1/GLN, EU/EORI, NMFTA (SCAC), SMDG (liner code); the code list name may be omitted. Anything else
    /// is a mutually defined (ZZZ) identifier whose issuer is the provider (and "/name" when a list name is given).
    /// </summary>
    public static string? SchemeOf(string provider, string? listName) => (provider, listName) switch
    {
        ("GLEIF", null or "LEI") => IdentifierSchemes.Lei,
        ("W3C", null or "DID") => IdentifierSchemes.Did,
        ("DNB", null or "DUNS") => IdentifierSchemes.Duns,
        ("GS1", null or "GLN") => IdentifierSchemes.Gln,
        ("EU", null or "EORI") => IdentifierSchemes.Eori,
        ("NMFTA", null or "SCAC") => IdentifierSchemes.Scac,
        ("SMDG", null or "LCL") => IdentifierSchemes.SmdgLiner,
        _ => null,
    };

    /// <summary>The (codeListProvider, codeListName) the writer emits for a typed scheme; null for ZZZ and schemes eBL cannot carry.</summary>
    public static (string Provider, string? ListName)? ProviderOf(string scheme) => scheme switch
    {
        IdentifierSchemes.Lei => ("GLEIF", "LEI"),
        IdentifierSchemes.Did => ("W3C", "DID"),
        IdentifierSchemes.Duns => ("DNB", "DUNS"),
        IdentifierSchemes.Gln => ("GS1", "GLN"),
        IdentifierSchemes.Eori => ("EU", "EORI"),
        IdentifierSchemes.Scac => ("NMFTA", null),
        IdentifierSchemes.SmdgLiner => ("SMDG", null),
        _ => null,
    };

    /// <summary>The issuer of a ZZZ identifier: the provider, and "/name" when the source gave a code list name.</summary>
    public static string ZzzIssuer(string provider, string? listName) => listName is null ? provider : provider + "/" + listName;

    /// <summary>Splits a ZZZ issuer back into provider and code list name.</summary>
    public static (string Provider, string? ListName) SplitZzzIssuer(string issuer)
    {
        var slash = issuer.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (issuer, null) : (issuer[..slash], issuer[(slash + 1)..]);
    }

    /// <summary>carrierCodeListProvider to scheme: NMFTA issues SCACs, SMDG liner codes.</summary>
    public static string? CarrierScheme(string provider) => provider switch
    {
        "NMFTA" => IdentifierSchemes.Scac,
        "SMDG" => IdentifierSchemes.SmdgLiner,
        _ => null,
    };

    /// <summary>The title status a DCSA document status means (DRAFT and APPROVED documents are not yet titles).</summary>
    public static string? TitleStatusOf(string? documentStatus) => documentStatus switch
    {
        "ISSUED" => TitleStatuses.Issued,
        "PENDING_SURRENDER_FOR_AMENDMENT" => TitleStatuses.PendingSurrenderForAmendment,
        "SURRENDERED_FOR_AMENDMENT" => TitleStatuses.SurrenderedForAmendment,
        "PENDING_SURRENDER_FOR_DELIVERY" => TitleStatuses.PendingSurrenderForDelivery,
        "SURRENDERED_FOR_DELIVERY" => TitleStatuses.SurrenderedForDelivery,
        "VOIDED" => TitleStatuses.Void,
        _ => null,
    };

    /// <summary>
    /// The title state an eBL 3.0 TransportDocument states by itself: only a negotiable (to order) bill has one; the
    /// holder is the <c>issueTo</c> party (who receives possession on issuance), the endorsee the <c>endorsee</c>
    /// party, the status follows the document status. The document carries no title chain: transfers travel in DCSA
    /// PINT envelopes, a different format.
    /// </summary>
    public static TitleState? DeriveTitle(bool isBillOfLading, bool isToOrder, string? documentStatus, Party? issueTo, Party? endorsee) =>
        isBillOfLading && isToOrder
            ? new TitleState { Status = TitleStatusOf(documentStatus), Holder = issueTo, Endorsee = endorsee }
            : null;

    /// <summary>The first party with <paramref name="role"/>, or null.</summary>
    public static Party? PartyWithRole(IReadOnlyList<Party> parties, string role)
    {
        foreach (var party in parties)
        {
            foreach (var r in party.Roles)
            {
                if (r == role)
                {
                    return party;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a string satisfies DCSA's <c>^\S(?:.*\S)?$</c> (no leading or trailing white space, no line breaks).</summary>
    public static bool IsTrimmedText(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        // '.' in the DCSA pattern does not match line terminators.
        return value.IndexOfAny(['\n', '\r', '\u2028', '\u2029']) < 0;
    }
}
