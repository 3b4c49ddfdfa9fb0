namespace Bridge.Canonical.Mapping.Tnt;

/// <summary>
/// The DCSA Track &amp; Trace 2.2 vocabulary the 2.2 mapper and writer share: code lists, length limits and the
/// member names the mapper turns into typed canonical fields. Every fact is from the 2.2 schema,
/// ../shared/conformance/dcsa/schemas/TNT_v2.2.0-resolved.yaml (dcsaorg/Conformance-Gateway@283bf7a1).
/// </summary>
internal static class Tnt22Vocabulary
{
    public const string SourceVersion = "2.2.0";

    // eventType (GET /v2/events: anyOf transportEvent, shipmentEvent, equipmentEvent; discriminator eventType).
    public static readonly string[] EventTypes = ["SHIPMENT", "TRANSPORT", "EQUIPMENT"];

    // eventClassifierCode of all three event kinds.
    public static readonly string[] Classifiers = ["PLN", "EST", "ACT"];

    // transportEventTypeCode.
    public static readonly string[] TransportEventTypeCodes = ["ARRI", "DEPA"];

    // equipmentEventTypeCode.
    public static readonly string[] EquipmentEventTypeCodes = ["LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD"];

    // shipmentEventTypeCode.
    public static readonly string[] ShipmentEventTypeCodes = ["RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF", "REQS", "CMPL", "HOLD", "RELS"];

    // documentTypeCode (shipment events: what documentID points to).
    public static readonly string[] DocumentTypeCodes = ["CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG"];

    // documentReferences_inner.documentReferenceType.
    public static readonly string[] DocumentReferenceTypes = ["BKG", "TRD"];

    // referenceType.
    public static readonly string[] ReferenceTypes = ["FF", "SI", "PO", "CR", "AAO", "EQ"];

    // emptyIndicatorCode.
    public static readonly string[] EmptyIndicatorCodes = ["EMPTY", "LADEN"];

    // facilityCodeListProvider.
    public static readonly string[] FacilityCodeListProviders = ["BIC", "SMDG"];

    // facilityTypeCodeTRN (transport calls).
    public static readonly string[] FacilityTypeCodes = ["BOCR", "CLOC", "COFS", "COYA", "OFFD", "DEPO", "INTE", "POTE", "RAMP"];

    // modeOfTransport.
    public static readonly string[] ModesOfTransport = ["VESSEL", "RAIL", "TRUCK", "BARGE"];

    // vesselOperatorCarrierCodeListProvider.
    public static readonly string[] CarrierCodeListProviders = ["SMDG", "NMFTA"];

    // sealSource and sealType.
    public static readonly string[] SealSources = ["CAR", "SHI", "PHY", "VET", "CUS"];
    public static readonly string[] SealTypes = ["KLP", "BLT", "WIR"];

    // maxLength of the string members the mapper reads.
    public const int TransportCallIdMax = 100;
    public const int CarrierServiceCodeMax = 5;
    public const int VoyageNumberMax = 50;
    public const int UnLocationCodeMax = 5;
    public const int FacilityCodeMax = 6;
    public const int LocationNameMax = 100;
    public const int LatitudeMax = 10;
    public const int LongitudeMax = 11;
    public const int AddressNameMax = 100;
    public const int StreetMax = 100;
    public const int StreetNumberMax = 50;
    public const int FloorMax = 50;
    public const int PostCodeMax = 10;
    public const int CityMax = 65;
    public const int StateRegionMax = 65;
    public const int CountryMax = 75;
    public const int VesselImoMax = 7;
    public const int VesselNameMax = 35;
    public const int VesselFlagMax = 2;
    public const int CallSignMax = 10;
    public const int OperatorCarrierCodeMax = 10;
    public const int DelayReasonCodeMax = 3;
    public const int ChangeRemarkMax = 250;
    public const int EquipmentReferenceMax = 15;
    public const int IsoEquipmentCodeMax = 4;
    public const int SealNumberMax = 15;
    public const int ReferenceValueMax = 100;

    // Member names the mapper reads into typed fields, per node. The writer refuses an extension that names one of
    // them (the mapper would read it back as a typed field, so the canonical object would not survive a round trip).
    public static readonly string[] CommonMembers = ["eventID", "eventCreatedDateTime", "eventType", "eventClassifierCode", "eventDateTime"];
    public static readonly string[] TransportMembers = ["transportEventTypeCode", "delayReasonCode", "changeRemark", "transportCall", "documentReferences", "references"];
    public static readonly string[] ShipmentMembers = ["shipmentEventTypeCode", "documentID", "documentTypeCode", "reason", "references"];

    // ISOEquipmentCode, emptyIndicatorCode and seals are only typed when equipmentReference is present.
    public static readonly string[] EquipmentMembers = ["equipmentEventTypeCode", "equipmentReference", "eventLocation", "transportCall", "documentReferences", "references"];
    public static readonly string[] EquipmentDetailMembers = ["ISOEquipmentCode", "emptyIndicatorCode", "seals"];

    public static readonly string[] TransportCallMembers =
    [
        "transportCallID", "carrierServiceCode", "exportVoyageNumber", "importVoyageNumber", "transportCallSequenceNumber",
        "UNLocationCode", "facilityCode", "facilityCodeListProvider", "facilityTypeCode", "modeOfTransport", "location", "vessel",
    ];

    public static readonly string[] VesselMembers =
        ["vesselIMONumber", "vesselName", "vesselFlag", "vesselCallSignNumber", "vesselOperatorCarrierCode", "vesselOperatorCarrierCodeListProvider"];

    // latitude and longitude are only typed as a pair.
    public static readonly string[] LocationMembers = ["locationName", "UNLocationCode", "facilityCode", "facilityCodeListProvider", "address"];

    // In transportCall.location these repeat the transport call's own members: typed when equal (or when the transport
    // call lacks them), otherwise kept as extensions; the writer lets an extension override its copy.
    public static readonly string[] InnerLocationRepeats = ["UNLocationCode", "facilityCode", "facilityCodeListProvider"];

    // country is free text in 2.2: typed (as countryCode) only when it is an assigned ISO 3166-1 alpha-2 code.
    public static readonly string[] AddressMembers = ["name", "street", "streetNumber", "floor", "postCode", "city", "stateRegion"];

    public static readonly string[] SealMembers = ["sealNumber", "sealSource", "sealType"];
    public static readonly string[] ReferenceMembers = ["referenceType", "referenceValue"];
    public static readonly string[] DocumentReferenceMembers = ["documentReferenceType", "documentReferenceValue"];

    public static bool Contains(string[] values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
