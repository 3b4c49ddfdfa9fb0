using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Epcis;
using Bridge.Canonical.Model;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

/// <summary>
/// Each EPCIS 2.0 test document maps with its key fields. Expected values are read from the documents by eye and
/// derived by hand: GS1 keys from EPC URIs per the EPC Tag Data Standard, with the published vectors of
/// trade-standards.md §C.2 (urn:epc:id:sgln:0614141.07346.* -> GLN 0614141073467, urn:epc:id:sgtin:0614141.107346.*
/// -> GTIN 10614141073464, urn:epc:id:sscc:0614141.1234567890 -> SSCC 106141412345678908) and check digits computed
/// by hand where noted; local times from eventTime + eventTimeZoneOffset.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EpcisMapperDocumentTests
{
    private static readonly TimeSpan PlusOne = TimeSpan.FromHours(1);

    public static TheoryData<string> Documents => new(EpcisTestData.DocumentNames);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Map_EveryDocument_IsValidCanonicalWithProvenance(string name)
    {
        var bytes = EpcisTestData.Read(name);

        var result = EpcisTestData.MapBytes(bytes);

        result.ShouldHaveNoErrors();
        result.Events.ShouldNotBeEmpty();
        foreach (var e in result.Events)
        {
            e.Classifier.ShouldBe("ACT");
            CanonicalValidator.Validate(e).Issues.Where(static i => i.Severity == Bridge.Canonical.Validation.IssueSeverity.Error).ShouldBeEmpty();
            e.Provenance.ShouldNotBeNull();
            e.Provenance.SourceSystem.ShouldBe(SourceSystems.Epcis);
            e.Provenance.SourceId.ShouldBe(e.SourceEventId);
            e.Provenance.ReceivedAt.ShouldBe(EpcisTestData.ReceivedAt);
            e.Provenance.RawSha256.ShouldBe(EpcisTestData.Sha256Hex(bytes));
            ContentHashing.Of(e).Length.ShouldBe(64);
        }
    }

    [Fact]
    public void Map_ContainerJourneyWithBareVocabulary_StuffGateOutLoadDepart()
    {
        var result = EpcisTestData.MapDocument("container-journey-bare-vocabulary.jsonld");

        result.ShouldHaveNoErrors();
        result.Events.Count.ShouldBe(4);

        // AggregationEvent ADD, bizStep packing, parent = container: stuffing.
        var stuff = result.Events[0];
        stuff.SourceEventId.ShouldBe("urn:uuid:3f0b6a0e-7c1d-4c55-9a51-000000000001");
        (stuff.Category, stuff.TypeCode).ShouldBe(("EQUIPMENT", "STUF"));
        stuff.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 5, 9, 15, 0, PlusOne)); // 08:15Z at +01:00
        stuff.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        stuff.Identifiers.ShouldBe([new Identifier { Scheme = "SSCC", Value = "106141412345678908" }]);
        stuff.Location!.Gln.ShouldBe("0614141073467");
        stuff.Extension("/readPoint/id").ShouldBe("\"urn:epc:id:sgln:0614141.07346.1234\""); // GLN extension 1234 kept
        stuff.Extension("/bizLocation").ShouldContain("urn:epc:id:sgln:0614141.07346.0");
        stuff.Extension("/bizStep").ShouldBe("\"packing\"");
        stuff.Extension("/action").ShouldBe("\"ADD\"");
        stuff.Extension("/type").ShouldBe("\"AggregationEvent\"");
        stuff.Extension("/disposition").ShouldBe("\"container_closed\"");
        stuff.ShouldNotHaveExtension("/parentID");
        stuff.ShouldNotHaveExtension("/childEPCs/0");
        stuff.ShouldNotHaveExtension("/@context"); // only the standard GS1 context

        // shipping with the default policy: gate out; desadv -> shipment reference AAK.
        var shipped = result.Events[1];
        (shipped.Category, shipped.TypeCode).ShouldBe(("EQUIPMENT", "GTOT"));
        shipped.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 5, 11, 30, 0, PlusOne));
        shipped.RecordedAt.ShouldBeAt(new DateTimeOffset(2024, 3, 5, 10, 31, 2, 500, TimeSpan.Zero));
        shipped.Location!.Gln.ShouldBe("0614141073467");
        shipped.ShouldNotHaveExtension("/readPoint/id"); // extension 0 = none: nothing lost
        shipped.ShipmentReferences.ShouldBe([new Reference { TypeCode = "AAK", Value = "DESADV-2024-0042" }]);
        shipped.Extension("/bizTransactionList/0").ShouldContain("urn:epcglobal:cbv:bt:0614141073467:DESADV-2024-0042");
        shipped.Extension("/destinationList").ShouldContain("urn:epc:id:sgln:4012345.00001.0");

        // loading of the container; bol -> TRD. GLN 4012345000016: body 401234500001, weights 3,1,... from the
        // right give 34, check digit 6.
        var loaded = result.Events[2];
        (loaded.Category, loaded.TypeCode).ShouldBe(("EQUIPMENT", "LOAD"));
        loaded.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 7, 6, 5, 0, PlusOne));
        loaded.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        loaded.Location!.Gln.ShouldBe("4012345000016");
        loaded.DocumentReferences.ShouldBe([new Reference { TypeCode = "TRD", Value = "MAEU240312345" }]);

        // departing of a vessel (IMO vessel number EPC): a transport event.
        var departed = result.Events[3];
        (departed.Category, departed.TypeCode).ShouldBe(("TRANSPORT", "DEPA"));
        departed.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 7, 15, 0, 0, PlusOne));
        departed.TransportCall!.Mode.ShouldBe("VESSEL");
        departed.TransportCall.Vessel!.Imo.ShouldBe("9321483");
        departed.Equipment.ShouldBeNull();
    }

    [Fact]
    public void Map_UriVocabularyAndDigitalLinks_SameMeaningAsBareTerms()
    {
        var result = EpcisTestData.MapDocument("uri-vocabulary-digital-link.jsonld");

        result.ShouldHaveNoErrors();
        result.Events.Count.ShouldBe(4);
        var plusEight = TimeSpan.FromHours(8);

        // urn:epcglobal:cbv:bizstep:unloading; readPoint as Digital Link /414/.
        var discharged = result.Events[0];
        (discharged.Category, discharged.TypeCode).ShouldBe(("EQUIPMENT", "DISC"));
        discharged.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 4, 3, 6, 40, 0, plusEight)); // 22:40Z the day before
        discharged.Equipment!.EquipmentReference.ShouldBe("APZU4812090");
        discharged.Location!.Gln.ShouldBe("4012345000016");
        discharged.Extension("/ex:craneId").ShouldBe("\"QC-07\"");
        discharged.Extension("/@context").ShouldContain("https://example.com/epcis/"); // the prefix ex: needs
        discharged.Extension("/disposition").ShouldBe("\"urn:epcglobal:cbv:disp:in_transit\"");

        // https://ref.gs1.org/cbv/BizStep-receiving; Digital Link SSCC and SGTIN; BTT URN and Web URI.
        var received = result.Events[1];
        (received.Category, received.TypeCode).ShouldBe(("EQUIPMENT", "GTIN"));
        received.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = "SSCC", Value = "106141412345678908" },
            new Identifier { Scheme = "GTIN", Value = "10614141073464" },
        ]);
        received.ShouldNotHaveExtension("/epcList/0"); // the SSCC says everything
        received.Extension("/epcList/1").ShouldBe("\"https://id.gs1.org/01/10614141073464/21/2017\""); // the serial
        received.Location!.Gln.ShouldBe("0614141073467"); // no readPoint: from bizLocation
        received.Extension("/bizLocation/id").ShouldBe("\"https://id.gs1.org/414/0614141073467/254/1\"");
        received.DocumentReferences.ShouldBe([new Reference { TypeCode = "INV", Value = "https://example.com/invoices/INV-88231" }]);
        received.ShipmentReferences.ShouldBe([new Reference { TypeCode = "PO", Value = "PO-4711" }]);

        // cbv:BizStep-unpacking, AggregationEvent DELETE from a container: stripping.
        var stripped = result.Events[2];
        (stripped.Category, stripped.TypeCode).ShouldBe(("EQUIPMENT", "STRP"));
        stripped.Equipment!.EquipmentReference.ShouldBe("APZU4812090");
        stripped.Identifiers.ShouldBe([new Identifier { Scheme = "SSCC", Value = "106141412345678908" }]);

        var inspected = result.Events[3];
        (inspected.Category, inspected.TypeCode).ShouldBe(("EQUIPMENT", "INSP"));
    }

    [Fact]
    public void Map_TransactionEvent_DocumentLinkWithReferences()
    {
        var result = EpcisTestData.MapDocument("transaction-event.jsonld");

        result.ShouldHaveNoErrors();
        var link = result.Events[0];
        (link.Category, link.TypeCode).ShouldBe(("DOCUMENT", "LINK"));
        link.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 4, 16, 20, 0, PlusOne));
        link.Location!.Gln.ShouldBe("0614141073467");
        link.DocumentReferences.ShouldBe(
        [
            new Reference { TypeCode = "TRD", Value = "MAEU240312345" },
            new Reference { TypeCode = "INV", Value = "INV-2024-001" },
            new Reference { TypeCode = "CEO", Value = "https://certs.example.org/coo/CO-5521" },
        ]);
        link.ShipmentReferences.ShouldBe([new Reference { TypeCode = "PO", Value = "PO-4711" }]);

        // Parent SSCC first, then the two SGTINs of one GTIN (listed once).
        link.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = "SSCC", Value = "106141412345678908" },
            new Identifier { Scheme = "GTIN", Value = "10614141073464" },
        ]);
        link.Extension("/epcList/0").ShouldBe("\"urn:epc:id:sgtin:0614141.107346.2017\"");
        link.Extension("/epcList/1").ShouldBe("\"urn:epc:id:sgtin:0614141.107346.2018\"");
        link.Extension("/bizTransactionList/4").ShouldContain("prodorder"); // no canonical meaning
        link.Extension("/bizTransactionList/5").ShouldContain("https://erp.example.com/tx/991"); // no type
        link.ShouldNotHaveExtension("/bizTransactionList/2"); // the cert URI is the whole reference

        // DELETE unlinks: no canonical meaning, an observation.
        var unlink = result.Events[1];
        (unlink.Category, unlink.TypeCode).ShouldBe(("IOT", "OBSV"));
        unlink.Extension("/action").ShouldBe("\"DELETE\"");
        unlink.ShipmentReferences.ShouldBe([new Reference { TypeCode = "PO", Value = "PO-4711" }]);
    }

    [Fact]
    public void Map_TransformationEvent_ObservationWithClassGtins()
    {
        var result = EpcisTestData.MapDocument("transformation-event.jsonld");

        result.ShouldHaveNoErrors();
        var e = result.Events.ShouldHaveSingleItem();
        (e.Category, e.TypeCode).ShouldBe(("IOT", "OBSV")); // commissioning has no canonical meaning
        e.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 2, 10, 9, 0, 0, TimeSpan.FromHours(2)));

        // GTINs by hand: lgtin 4012345.012345 -> 0 4012345 12345 + check 6; idpat 4012345.098765 -> 0 4012345 98765
        // + check 2 (weights 3,1,... from the right: sums 64 and 108).
        e.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = "GTIN", Value = "10614141073464" },
            new Identifier { Scheme = "GTIN", Value = "04012345123456" },
            new Identifier { Scheme = "GTIN", Value = "04012345987652" },
        ]);
        e.Extension("/bizStep").ShouldBe("\"commissioning\"");
        e.Extension("/inputQuantityList").ShouldContain("200.5");
        e.Extension("/outputQuantityList").ShouldContain("urn:epc:idpat:sgtin:4012345.098765.*");
        e.Extension("/transformationID").ShouldBe("\"urn:epc:id:gdti:0614141.12345.400\"");
        e.Extension("/ilmd").ShouldContain("ex:bestBeforeDate");
        e.Extension("/@context").ShouldContain("https://example.com/epcis/");
        e.ShouldNotHaveExtension("/action");
    }

    [Fact]
    public void Map_AssociationEvents_EquipmentAndAssetIdentifiers()
    {
        var result = EpcisTestData.MapDocument("association-event.jsonld");

        result.ShouldHaveNoErrors();
        result.Events.Count.ShouldBe(2);

        var attached = result.Events[0];
        (attached.Category, attached.TypeCode).ShouldBe(("IOT", "OBSV"));
        attached.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 5, 8, 50, 0, PlusOne));
        attached.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        attached.Identifiers.ShouldBe([new Identifier { Scheme = "ZZZ", Value = "4000001111", Issuer = "GS1_GIAI" }]);
        attached.Extension("/bizStep").ShouldBe("\"assembling\"");

        // GRAI 0614141.12345.400 -> "0" 0614141 12345, check digit by hand: sum 78 -> 2, then the serial 400.
        var detached = result.Events[1];
        (detached.Category, detached.TypeCode).ShouldBe(("IOT", "OBSV"));
        detached.Identifiers.ShouldBe(
        [
            new Identifier { Scheme = "ZZZ", Value = "00614141123452400", Issuer = "GS1_GRAI" },
            new Identifier { Scheme = "ZZZ", Value = "4000001111", Issuer = "GS1_GIAI" },
        ]);
        detached.Location.ShouldBeNull();
    }

    [Fact]
    public void Map_SensorData_TemperatureIsReeferMeasurement()
    {
        var result = EpcisTestData.MapDocument("sensor-reefer.jsonld");

        result.ShouldHaveNoErrors();
        var reefer = result.Events[0];
        (reefer.Category, reefer.TypeCode).ShouldBe(("REEFER", "MEAS"));
        reefer.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 8, 12, 0, 0, PlusOne));
        reefer.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        reefer.Location!.Geo!.Latitude.ShouldBe(51.9525m);
        reefer.Location.Geo.Longitude.ShouldBe(4.0563m);
        reefer.Extension("/sensorElementList").ShouldContain("-18.5");
        reefer.Extension("/sensorElementList").ShouldContain("gs1:Temperature");

        // No bizStep and only an illuminance reading: an observation.
        var light = result.Events[1];
        (light.Category, light.TypeCode).ShouldBe(("IOT", "OBSV"));
        light.Identifiers.ShouldBe([new Identifier { Scheme = "SSCC", Value = "106141412345678908" }]);
        light.Extension("/sensorElementList").ShouldContain("gs1:Illuminance");
    }

    [Fact]
    public void Map_ErrorDeclarations_AreRetractionsWithReason()
    {
        var result = EpcisTestData.MapDocument("error-declaration.jsonld");

        result.ShouldHaveNoErrors();
        result.Events.Count.ShouldBe(3);

        const string HashId = "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0";
        var retracted = result.Events[0];
        retracted.IsRetracted.ShouldBeTrue();
        retracted.SourceEventId.ShouldBe(HashId);
        retracted.RetractedEventId.ShouldBe(HashId);
        retracted.Reason.ShouldBe("incorrect_data");
        retracted.UpdatedDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 8, 9, 0, 0, PlusOne));
        (retracted.Category, retracted.TypeCode).ShouldBe(("EQUIPMENT", "LOAD"));
        retracted.Extension("/errorDeclaration/correctiveEventIDs").ShouldContain("urn:uuid:e2b1c9a0-44f6-4c1b-9d7e-000000000099");

        var corrective = result.Events[1];
        corrective.IsRetracted.ShouldBeFalse();
        corrective.RetractedEventId.ShouldBeNull();
        corrective.Equipment!.EquipmentReference.ShouldBe("APZU4812090");

        var didNotOccur = result.Events[2];
        didNotOccur.IsRetracted.ShouldBeTrue();
        didNotOccur.Reason.ShouldBe("did_not_occur"); // from https://ref.gs1.org/cbv/ER-did_not_occur
        didNotOccur.UpdatedDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 8, 8, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Map_QueryDocument_ReadsResultsBodyEvents()
    {
        var result = EpcisTestData.MapDocument("query-document.jsonld");

        result.ShouldHaveNoErrors();
        result.Events.Count.ShouldBe(2);

        var received = result.Events[0];
        received.SourceEventId.ShouldBe("urn:uuid:71f3a8c2-0d5e-4b96-8a27-000000000061");
        (received.Category, received.TypeCode).ShouldBe(("EQUIPMENT", "GTIN"));
        received.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 20, 18, 10, 0, TimeSpan.FromHours(-5))); // 23:10Z
        received.RecordedAt.ShouldBeAt(new DateTimeOffset(2024, 3, 20, 23, 12, 41, TimeSpan.Zero));
        received.Location!.Gln.ShouldBe("0614141073467");

        var arrived = result.Events[1];
        (arrived.Category, arrived.TypeCode).ShouldBe(("TRANSPORT", "ARRI"));
        arrived.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 20, 7, 0, 0, TimeSpan.FromHours(-4)));
        arrived.TransportCall!.Vessel!.Imo.ShouldBe("9461374");
    }

    [Fact]
    public void Map_BareEventWithOwnContext_KeepsContextAndExtensionFields()
    {
        var result = EpcisTestData.MapDocument("bare-object-event.jsonld");

        result.ShouldHaveNoErrors();
        result.Validation.Issues.ShouldBeEmpty();
        var e = result.Events.ShouldHaveSingleItem();
        (e.Category, e.TypeCode).ShouldBe(("EQUIPMENT", "GTOT")); // departing, a container
        e.EventDateTime.ShouldBeAt(new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.FromHours(9))); // 15:00Z at +09:00
        e.Equipment!.EquipmentReference.ShouldBe("CSQU3054383");
        e.Extension("/ex:sealNumber").ShouldBe("\"ML-1234567\"");
        e.Extension("/certificationInfo").ShouldBe("\"https://certs.example.org/haccp/77\"");
        e.Extension("/persistentDisposition").ShouldContain("completeness_verified");
        e.Extension("/@context").ShouldContain("https://example.com/epcis/");
    }

    [Fact]
    public void Map_ArrayOfEvents_PointersPerElement()
    {
        var json = """
            [
              { "type": "ObjectEvent", "eventTime": "2024-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00",
                "action": "OBSERVE", "bizStep": "loading", "epcList": ["urn:epc:id:bic:CSQU3054383"] },
              { "type": "ObjectEvent", "eventTime": "2024-01-01T01:00:00Z", "eventTimeZoneOffset": "+00:00",
                "action": "OBSERVE", "bizStep": "unloading", "epcList": ["urn:epc:id:bic:APZU4812090"], "x": 1 }
            ]
            """;

        var result = EpcisTestData.MapJson(json);

        result.ShouldHaveNoErrors();
        result.Validation.Issues.ShouldBeEmpty(); // an array of events needs no @context
        result.Events.Select(static e => e.TypeCode).ShouldBe(["LOAD", "DISC"]);
        result.Events[1].Extension("/x").ShouldBe("1");
    }

    [Fact]
    public void Map_SameEventAsBareOrInDocument_SameContentHash()
    {
        const string Event = """
            { "type": "ObjectEvent", "eventID": "urn:uuid:1", "eventTime": "2024-01-01T00:00:00Z",
              "eventTimeZoneOffset": "+02:00", "action": "OBSERVE", "bizStep": "loading",
              "epcList": ["urn:epc:id:bic:CSQU3054383"] }
            """;
        var document = """{ "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-01-01T00:00:00Z", "epcisBody": { "eventList": [ """ + Event + " ] } }";
        var uriForm = Event.Replace("\"loading\"", "\"urn:epcglobal:cbv:bizstep:loading\"", StringComparison.Ordinal);

        var inDocument = EpcisTestData.MapJson(document).Events.ShouldHaveSingleItem();
        var bare = EpcisTestData.MapJson("[" + Event + "]").Events.ShouldHaveSingleItem();
        var withUri = EpcisTestData.MapJson("[" + uriForm + "]").Events.ShouldHaveSingleItem();

        ContentHashing.Of(bare).ShouldBe(ContentHashing.Of(inDocument));

        // The raw bizStep is kept, so the spelling is part of the content (lossless), but the meaning is the same.
        withUri.TypeCode.ShouldBe(bare.TypeCode);
        ContentHashing.Of(withUri).ShouldNotBe(ContentHashing.Of(bare));
    }

    [Fact]
    public void Pipeline_EpcisDocument_EventsWithIdsFromEventId()
    {
        var pipeline = new CanonicalPipeline(new MapperRegistry([new EpcisMapper()]));

        var result = pipeline.Map(SourceFormats.Epcis20, EpcisTestData.Read("container-journey-bare-vocabulary.jsonld"), EpcisTestData.ReceivedAt);

        result.IsValid.ShouldBeTrue();
        result.Events.Count.ShouldBe(4);
        result.Events[0].NaturalKey.ShouldBe("event:urn:uuid:3f0b6a0e-7c1d-4c55-9a51-000000000001");
        result.Events.Select(static e => e.Id).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Format_IsEpcis20()
    {
        new EpcisMapper().Format.ShouldBe(SourceFormats.Epcis20);
        new EpcisMapper().Options.ShouldBe(EpcisMappingOptions.Default);
    }
}
