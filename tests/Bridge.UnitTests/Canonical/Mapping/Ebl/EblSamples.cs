using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Ebl;
using Bridge.Canonical.Model;
using Bridge.UnitTests.Adapters;

namespace Bridge.UnitTests.Canonical.Mapping.Ebl;

/// <summary>The DCSA eBL 3.0 inputs of the tests and small helpers around the mapper.</summary>
internal static class EblSamples
{
    public const string NegotiableFixture = "ebl-api-3.0.0-negotiable-bl.json";
    public const string StraightFixture = "ebl-api-3.0.0-straight-bl.json";

    public static readonly DateTimeOffset ReceivedAt = new(2025, 3, 14, 9, 30, 0, TimeSpan.FromHours(1));

    /// <summary>
    /// The "regularSTDExample" of EBL_v3.0.0.yaml (GET /v3/transport-documents/{transportDocumentReference}, 200),
    /// transcribed from YAML to JSON by hand; the long termsAndConditions text is shortened.
    /// </summary>
    public const string RegularStdExample = """
        {
          "transportDocumentReference": "62CD536BA8D34C469AFD",
          "shippingInstructionsReference": "fc5009a7-25ad-4bb0-9892-4e2dea6bcdd9",
          "transportDocumentStatus": "DRAFT",
          "transportDocumentTypeCode": "BOL",
          "isShippedOnBoardType": true,
          "freightPaymentTermCode": "PRE",
          "isElectronic": true,
          "isToOrder": true,
          "shippedOnBoardDate": "2023-12-20",
          "termsAndConditions": "You agree that this transport document exist is name only for the sake of testing your conformance with the DCSA eBL API.",
          "receiptTypeAtOrigin": "CY",
          "deliveryTypeAtDestination": "CY",
          "cargoMovementTypeAtOrigin": "FCL",
          "cargoMovementTypeAtDestination": "FCL",
          "serviceContractReference": "SCR-1234-REGULAR",
          "carrierCode": "MSC",
          "carrierCodeListProvider": "SMDG",
          "transports": {
            "plannedDepartureDate": "2023-12-20",
            "plannedArrivalDate": "2023-12-22",
            "portOfLoading": { "UNLocationCode": "DKAAR" },
            "portOfDischarge": { "UNLocationCode": "DEBRV" },
            "vesselVoyages": [ { "vesselName": "MSC Gülsün", "carrierExportVoyageNumber": "402E" } ]
          },
          "charges": [
            {
              "chargeName": "Fictive transport document fee",
              "currencyAmount": 1,
              "currencyCode": "EUR",
              "paymentTermCode": "COL",
              "calculationBasis": "Per transport document",
              "unitPrice": 1,
              "quantity": 1
            }
          ],
          "invoicePayableAt": { "UNLocationCode": "DKAAR" },
          "partyContactDetails": [ { "name": "DCSA test person", "email": "no-reply@dcsa.example.org" } ],
          "documentParties": {
            "shipper": {
              "partyName": "DCSA CTK",
              "displayedAddress": [ "Strawinskylaan 4117" ],
              "partyContactDetails": [ { "name": "DCSA test person", "email": "no-reply@dcsa.example.org" } ]
            },
            "issuingParty": {
              "partyName": "Mediterranean Shipping Company",
              "address": { "street": "Chemin Rieu", "streetNumber": "12-14", "city": "Geneva", "countryCode": "CH" },
              "identifyingCodes": [ { "codeListProvider": "GLEIF", "codeListName": "LEI", "partyCode": "529900T8BM49AURSDO55" } ]
            }
          },
          "consignmentItems": [
            {
              "carrierBookingReference": "CBR_123_REGULAR",
              "descriptionOfGoods": [ "Shoes - black" ],
              "HSCodes": [ "640510" ],
              "cargoItems": [
                {
                  "equipmentReference": "NARU3472484",
                  "cargoGrossWeight": { "value": 12000, "unit": "KGM" },
                  "outerPackaging": { "numberOfPackages": 400, "packageCode": "4G", "description": "Fibreboard boxes" }
                }
              ]
            }
          ],
          "utilizedTransportEquipments": [
            {
              "isShipperOwned": false,
              "seals": [ { "number": "DCSA-CTK-1234" } ],
              "equipment": { "ISOEquipmentCode": "22G1", "equipmentReference": "NARU3472484" }
            }
          ]
        }
        """;

    public static JsonNode Fixture(string name) => JsonNode.Parse(Conformance.Read("dcsa", "ebl-3.0", name))!;

    /// <summary>The conformance template with the transportDocumentReference it lacks.</summary>
    public static JsonElement WithReference(string fixture, string reference = "TD-CTK-0001") =>
        JsonEdit.With(Fixture(fixture), "/transportDocumentReference", JsonSerializer.Serialize(reference));

    public static JsonElement Parse(string json) => JsonEdit.Parse(json);

    public static MappingContext ContextFor(JsonElement payload) =>
        new(ReceivedAt, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload.GetRawText()))));

    public static MappingResult Map(JsonElement payload) => new DcsaEbl30Mapper().Map(payload, ContextFor(payload));

    public static TransportDocument MapValid(JsonElement payload)
    {
        var result = Map(payload);
        result.Validation.Errors.ShouldBeEmpty();
        return result.Documents.ShouldHaveSingleItem().ShouldBeAssignableTo<TransportDocument>()!;
    }

    /// <summary>JSON text with every object's members sorted by name, for structural comparison.</summary>
    public static string Sorted(JsonNode? node) => SortedNode(node)?.ToJsonString() ?? "null";

    private static JsonNode? SortedNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, SortedNode(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(SortedNode)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
