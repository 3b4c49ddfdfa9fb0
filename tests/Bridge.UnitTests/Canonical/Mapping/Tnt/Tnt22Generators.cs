using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Mapping.Tnt;

/// <summary>
/// Canonical events inside the DCSA TNT 2.2-expressible subset (see <c>DcsaTnt22Writer</c> and docs/mapping.md): the
/// categories, type codes, code lists and lengths of the 2.2 schema, identifiers that pass validation (published
/// vectors of trade-standards.md §C), and extensions only where the 2.2 mapper leaves members untyped.
/// </summary>
internal static class Tnt22Generators
{
    // Published valid vectors (trade-standards.md §C.1, §C.5) and assigned codes, so mapping back gives no findings.
    private static readonly string[] Containers = ["APZU4812090", "CSQU3054383", "NARU3472484", "KKFU6671914", "MSMU1301725", "MAEU1234567", "ABCU0000070"];
    private static readonly string[] Imos = ["9321483", "9461374", "9319466", "8814275", "1234567"];
    private static readonly string[] Locodes = ["FRPAR", "NLRTM", "DEHAM", "USNWK", "SGSIN", "CNSHA"];
    private static readonly string[] Countries = ["DE", "DK", "NL", "PA", "LR", "SG"];
    private static readonly string[] IsoEquipmentCodes = ["22GP", "45R1", "22G1", "42G1"];

    private const string Letters = "abcdefghXYZ";
    private const string Alphabet = "abcXYZ0129 -_/~.\"\\øéü€中";

    private static readonly string[] TransportCodes = ["ARRI", "DEPA"];
    private static readonly string[] EquipmentCodes = ["LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD"];
    private static readonly string[] ShipmentCodes = ["RECE", "DRFT", "PENA", "PENU", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID", "CONF", "REQS", "CMPL", "HOLD", "RELS"];
    private static readonly string[] DocumentTypeCodes = ["CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG"];
    private static readonly string[] ReferenceTypes = ["FF", "SI", "PO", "CR", "AAO", "EQ"];
    private static readonly string[] ExtensionValues = ["\"v\"", "1", "2.50", "true", "null", "{\"a\":[1,\"b\"]}", "[]", "\"ø/~\""];

    public static Gen<LogisticsEvent> Event() =>
        from category in Gen.Elements(EventCategories.Transport, EventCategories.Shipment, EventCategories.Equipment)
        from e in category switch
        {
            EventCategories.Transport => Transport(),
            EventCategories.Shipment => Shipment(),
            _ => Equipment(),
        }
        select e;

    private static Gen<LogisticsEvent> Common(string category, string[] codes) =>
        from id in OrNull(Gen.Choose(int.MinValue, int.MaxValue).Select(static n => new Guid(n, 7, 9, 1, 2, 3, 4, 5, 6, 7, 8).ToString()))
        from classifier in Gen.Elements(EventClassifiers.All.ToArray())
        from code in Gen.Elements(codes)
        from when in Time()
        from updated in Time()
        from shipmentReferences in ListOf(0, 2, from type in Gen.Elements(ReferenceTypes) from value in Text(1, 100) select new Reference { TypeCode = type, Value = value })
        from extensions in RootExtensions()
        select new LogisticsEvent
        {
            SourceEventId = id,
            Category = category,
            Classifier = classifier,
            TypeCode = code,
            EventDateTime = when,
            UpdatedDateTime = updated,
            ShipmentReferences = shipmentReferences,
            Extensions = extensions,
        };

    private static Gen<LogisticsEvent> Transport() =>
        from e in Common(EventCategories.Transport, TransportCodes)
        from call in Call()
        from delay in OrNull(Text(1, 3))
        from remark in OrNull(Text(1, 250))
        from documents in DocumentReferences()
        from otherFacility in OrNull(Text(1, 50))
        select e with
        {
            TransportCall = call,
            Location = call.Location,
            DelayReasonCode = delay,
            ChangeRemark = remark,
            DocumentReferences = documents,
            Extensions = With(e.Extensions, "/transportCall/otherFacility", otherFacility),
        };

    private static Gen<LogisticsEvent> Shipment() =>
        from e in Common(EventCategories.Shipment, ShipmentCodes)
        from type in Gen.Elements(DocumentTypeCodes)
        from documentId in Text(1, 60)
        from reason in OrNull(Text(1, 120))
        select e with { DocumentReferences = [new Reference { TypeCode = type, Value = documentId }], Reason = reason };

    private static Gen<LogisticsEvent> Equipment() =>
        from e in Common(EventCategories.Equipment, EquipmentCodes)
        from equipment in OrNull(TransportEquipment())
        from empty in Gen.Elements("EMPTY", "LADEN")
        from call in OrNull(Call())
        from eventLocation in EventLocation()
        from sameAsCall in Gen.Elements(true, false)
        from documents in DocumentReferences()
        from country in OrNull(Gen.Elements("Denmark", "The Netherlands", "Deutschland"))
        let location = call?.Location is { } callLocation && (sameAsCall || eventLocation is null) ? callLocation : eventLocation
        let extensions = equipment is null ? With(e.Extensions, "/emptyIndicatorCode", empty) : e.Extensions
        select e with
        {
            Equipment = equipment,
            TransportCall = call,
            Location = location,
            DocumentReferences = documents,
            Extensions = location is { Address.CountryCode: null } && !ReferenceEquals(location, call?.Location)
                ? With(extensions, "/eventLocation/address/country", country)
                : extensions,
        };

    private static Gen<TransportEquipment> TransportEquipment() =>
        from reference in Gen.Elements(Containers)
        from isoCode in OrNull(Gen.Elements(IsoEquipmentCodes))
        from empty in Gen.Elements("EMPTY", "LADEN")
        from seals in ListOf(0, 2,
            from number in Text(1, 15)
            from source in OrNull(Gen.Elements("CAR", "SHI", "PHY", "VET", "CUS"))
            from type in Gen.Elements("KLP", "BLT", "WIR")
            select new Seal { Number = number, Source = source, Type = type })
        select new TransportEquipment { EquipmentReference = reference, IsoEquipmentCode = isoCode, EmptyIndicator = empty, Seals = seals };

    private static Gen<TransportCall> Call() =>
        from reference in Text(1, 100)
        from service in OrNull(Text(1, 5))
        from exportVoyage in OrNull(Text(1, 50))
        from importVoyage in OrNull(Text(1, 50))
        from sequence in OrNull(Gen.Choose(0, 1000).Select(static n => (int?)n))
        from mode in Gen.Elements("VESSEL", "RAIL", "TRUCK", "BARGE")
        from location in OrNull(CallLocation())
        from vessel in OrNull(Vessel())
        select new TransportCall
        {
            TransportCallReference = reference,
            CarrierServiceCode = service,
            ExportVoyage = exportVoyage,
            ImportVoyage = importVoyage,
            SequenceNumber = sequence,
            Mode = mode,
            Location = location,
            Vessel = vessel,
        };

    private static Gen<Vessel> Vessel() =>
        from imo in Gen.Elements(Imos)
        from name in OrNull(Text(1, 35))
        from flag in OrNull(Gen.Elements(Countries))
        from callSign in OrNull(Text(1, 10))
        from operatorCode in OrNull(Text(1, 10))
        from provider in OrNull(Gen.Elements("SMDG", "NMFTA"))
        select new Vessel { Imo = imo, Name = name, Flag = flag, CallSign = callSign, OperatorCarrierCode = operatorCode, OperatorCarrierCodeListProvider = provider };

    // A transport call's facility (UN/LOCODE, facility, facility type) and, through transportCall.location, name,
    // coordinates and address; never empty (an empty one reads back as no location).
    private static Gen<Location> CallLocation() =>
        (from locode in OrNull(Gen.Elements(Locodes))
         from facility in OrNull(Text(1, 6))
         from provider in OrNull(Gen.Elements("BIC", "SMDG"))
         from type in OrNull(Gen.Elements("BOCR", "CLOC", "COFS", "COYA", "OFFD", "DEPO", "INTE", "POTE", "RAMP"))
         from name in OrNull(Text(1, 100))
         from geo in OrNull(Geo())
         from address in OrNull(Address())
         select new Location { UnLocode = locode, FacilityCode = facility, FacilityCodeListProvider = provider, FacilityTypeCode = type, Name = name, Geo = geo, Address = address })
        .Where(static l => l.UnLocode is not null || l.FacilityCode is not null || l.FacilityCodeListProvider is not null || l.FacilityTypeCode is not null || l.Name is not null || l.Geo is not null || l.Address is not null);

    // A 2.2 eventLocation: no facility type (2.2 locations have none); never empty.
    private static Gen<Location?> EventLocation() =>
        OrNull(
            (from locode in OrNull(Gen.Elements(Locodes))
             from facility in OrNull(Text(1, 6))
             from provider in OrNull(Gen.Elements("BIC", "SMDG"))
             from name in OrNull(Text(1, 100))
             from geo in OrNull(Geo())
             from address in OrNull(Address())
             select new Location { UnLocode = locode, FacilityCode = facility, FacilityCodeListProvider = provider, Name = name, Geo = geo, Address = address })
            .Where(static l => l.UnLocode is not null || l.FacilityCode is not null || l.FacilityCodeListProvider is not null || l.Name is not null || l.Geo is not null || l.Address is not null));

    private static Gen<Address> Address() =>
        from name in OrNull(Text(1, 100))
        from street in OrNull(Text(1, 100))
        from number in OrNull(Text(1, 50))
        from floor in OrNull(Text(1, 50))
        from postCode in OrNull(Text(1, 10))
        from city in OrNull(Text(1, 65))
        from region in OrNull(Text(1, 65))
        from country in OrNull(Gen.Elements(Countries))
        select new Address { Name = name, Street = street, StreetNumber = number, Floor = floor, PostCode = postCode, City = city, StateRegion = region, CountryCode = country };

    // 2.2 latitude/longitude are strings of at most 10/11 characters: +-89.99999 and +-179.999999 at most.
    private static Gen<GeoPoint> Geo() =>
        from latitude in Degrees(89, 5)
        from longitude in Degrees(179, 6)
        select new GeoPoint { Latitude = latitude, Longitude = longitude };

    private static Gen<decimal> Degrees(int whole, int maxScale) =>
        from scale in Gen.Choose(0, maxScale)
        from units in Gen.Choose(0, whole)
        from fraction in Gen.Choose(0, (int)Math.Pow(10, scale) - 1)
        from negative in Gen.Elements(true, false)
        let magnitude = (units * (long)Math.Pow(10, scale)) + fraction
        select new decimal((int)magnitude, 0, 0, negative && magnitude != 0, (byte)scale);

    private static Gen<IReadOnlyList<Reference>> DocumentReferences() =>
        ListOf(0, 2, from type in Gen.Elements("BKG", "TRD") from value in Text(1, 40) select new Reference { TypeCode = type, Value = value });

    // Unknown top-level members: the mapper keeps them as "/name" extensions.
    private static Gen<IReadOnlyDictionary<string, JsonElement>?> RootExtensions() =>
        from count in Gen.Choose(0, 2)
        from names in Gen.ArrayOf(Gen.Elements("x-a", "x-b/c", "x~tilde", "carrierNote", "x-ü"), count)
        from values in Gen.ArrayOf(Gen.Elements(ExtensionValues), count)
        select ToExtensions(names, values);

    private static IReadOnlyDictionary<string, JsonElement>? ToExtensions(string[] names, string[] values)
    {
        if (names.Length == 0)
        {
            return null;
        }

        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var pointer = "/" + names[i].Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            using var document = JsonDocument.Parse(values[i]);
            extensions[pointer] = document.RootElement.Clone();
        }

        return extensions;
    }

    private static IReadOnlyDictionary<string, JsonElement>? With(IReadOnlyDictionary<string, JsonElement>? extensions, string pointer, string? value)
    {
        if (value is null)
        {
            return extensions;
        }

        var copy = extensions is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(extensions, StringComparer.Ordinal);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
        copy[pointer] = document.RootElement.Clone();
        return copy;
    }

    // Times between 1990 and 2040 at 100 ns resolution, with whole-quarter-hour offsets from -12:00 to +14:00.
    private static Gen<DateTimeOffset> Time() =>
        from seconds in Gen.Choose(0, int.MaxValue).Select(static n => 631152000L + (n % 1577836800L))
        from fraction in Gen.Elements(0, 0, 5_000_000, 1_230_000, 1, 9_999_999)
        from quarters in Gen.Choose(-48, 56)
        select new DateTimeOffset(DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(fraction).Ticks + (quarters * 15 * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(quarters * 15));

    // Text of min..max characters that is not blank (the mapper refuses blank required strings).
    private static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(Math.Max(0, min - 1), max - 1)
        from first in Gen.Elements(Letters.ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), length)
        select first + new string(rest);

    private static Gen<IReadOnlyList<T>> ListOf<T>(int min, int max, Gen<T> item) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(item, count)
        select (IReadOnlyList<T>)items;

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(static x => (T?)x)));

    private static Gen<T?> OrNull<T>(Gen<T?> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen));

    public static string Show(LogisticsEvent e) => System.Text.Encoding.UTF8.GetString(CanonicalJson.SerializeToUtf8Bytes(e)) + " @" + e.EventDateTime.ToString("O", CultureInfo.InvariantCulture);
}
