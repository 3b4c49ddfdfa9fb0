using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>Payloads, fingerprints and keys for the canonical record tests.</summary>
internal static class Records
{
    public const string Documents = "/api/v1/documents";
    public const string Events = "/api/v1/events";

    /// <summary>Tables of schema version 2, fingerprinted to prove that a failed request changed nothing.</summary>
    private static readonly string[] Tables = ["canonical_documents", "logistics_events", "record_versions", "record_references", "document_party_keys"];

    /// <summary>A unique reference for one test (upper case letters and digits, as carriers write them).</summary>
    public static string UniqueReference(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}";

    /// <summary>A canonical negotiable bill of lading (the bridge's own format).</summary>
    public static JsonObject BillOfLading(string number, string booking, string container, string? shipperLei = null, string? version = null, string issueDate = "2024-03-01") => new()
    {
        ["docType"] = "BILL_OF_LADING",
        ["documentNumber"] = number,
        ["issueDate"] = issueDate,
        ["version"] = version,
        ["isToOrder"] = true,
        ["carrier"] = new JsonObject { ["scheme"] = "SCAC", ["value"] = "MSCU" },
        ["consignmentReferences"] = new JsonArray(new JsonObject { ["typeCode"] = "BKG", ["value"] = booking }),
        ["equipmentReferences"] = new JsonArray(container),
        ["parties"] = new JsonArray(new JsonObject
        {
            ["name"] = "Shipper Co",
            ["roles"] = new JsonArray("SHIPPER"),
            ["identifiers"] = new JsonArray(new JsonObject { ["scheme"] = "LEI", ["value"] = shipperLei ?? Bodies.ValidLei }),
        }),
        ["goodsItems"] = new JsonArray(new JsonObject { ["description"] = "Roasted coffee", ["hsCodes"] = new JsonArray("090121") }),
    };

    /// <summary>A canonical equipment event on a container, with a source event id and update time.</summary>
    public static JsonObject EquipmentEvent(string sourceEventId, string container, string at, string? updated = null, string typeCode = "LOAD", string? booking = null, string unLocode = "NLRTM") => new()
    {
        ["sourceEventId"] = sourceEventId,
        ["category"] = "EQUIPMENT",
        ["classifier"] = "ACT",
        ["typeCode"] = typeCode,
        ["eventDateTime"] = at,
        ["updatedDateTime"] = updated,
        ["location"] = new JsonObject { ["unLocode"] = unLocode, ["name"] = "Rotterdam" },
        ["equipment"] = new JsonObject { ["equipmentReference"] = container },
        ["documentReferences"] = booking is null ? null : new JsonArray(new JsonObject { ["typeCode"] = "BKG", ["value"] = booking }),
    };

    /// <summary>Drops null members so the payload is what a client would send.</summary>
    public static string Payload(JsonNode node)
    {
        var copy = JsonNode.Parse(node.ToJsonString())!;
        Strip(copy);
        return copy.ToJsonString();
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, JsonNode payload, string? format = null) =>
        client.PostAsync(format is null ? url : $"{url}?format={Uri.EscapeDataString(format)}", Json(Payload(payload)), Ct);

    public static Task<HttpResponseMessage> PostBytesAsync(this HttpClient client, string url, byte[] payload, string? format = null)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return client.PostAsync(format is null ? url : $"{url}?format={Uri.EscapeDataString(format)}", content, Ct);
    }

    /// <summary>Posts and asserts 201 or 200; returns the items.</summary>
    public static async Task<List<JsonElement>> StoreAsync(this HttpClient client, string url, JsonNode payload, string? format = null, HttpStatusCode status = HttpStatusCode.Created)
    {
        using var response = await client.PostAsync(url, payload, format);
        var body = await response.ShouldBeJsonAsync(status);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    public static Task<string?> SnapshotAsync(BridgeHostFixture host) => host.ScalarAsync<string>(
        "SELECT md5(" + string.Join(" || '#' || ", Tables.Select(t => $"coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM {t} t), '')")) + ")");

    public static async Task<long> CountAsync(BridgeHostFixture host, string table) =>
        await host.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    /// <summary>Registers a participant with the identifiers and returns a participant API key for it.</summary>
    public static async Task<string> ParticipantKeyAsync(BridgeHostFixture host, params (string Scheme, string Value)[] identifiers)
    {
        using var client = host.Client(host.OperatorKey);
        var name = UniqueName("party");
        using (var create = await client.PostJsonAsync("/api/v1/participants", Bodies.Participant(name, identifiers: new JsonArray([.. identifiers.Select(i => (JsonNode)Bodies.Identifier(i.Scheme, i.Value))]))))
        {
            await create.ShouldBeJsonAsync(HttpStatusCode.Created);
        }

        using var key = await client.PostJsonAsync("/api/v1/keys", new JsonObject { ["role"] = "participant", ["participant"] = name, ["label"] = "records test" });
        return (await key.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("key");
    }

    /// <summary>The repository's conformance files: ../shared/conformance beside the folder that holds Bridge.sln.</summary>
    public static byte[] Conformance(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
        {
            dir = dir.Parent;
        }

        dir.ShouldNotBeNull("no Bridge.sln above the test binaries");
        return File.ReadAllBytes(Path.Combine([dir.Parent!.FullName, "shared", "conformance", .. parts]));
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    Strip(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Strip(item);
                }

                break;
        }
    }
}
