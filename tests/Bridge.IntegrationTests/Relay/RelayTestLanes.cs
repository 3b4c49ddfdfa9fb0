using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.IntegrationTests.Api;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>A lane from a Fabric network to an Ethereum one, registered through the API, for the relay's tests.</summary>
internal static class RelayTestLanes
{
    /// <summary>
    /// Registers a Fabric source (<paramref name="source"/>, or a new one; an existing network of that name is reused), a new
    /// Ethereum destination and a one-way lane of <paramref name="flow"/> between them, with the <paramref name="access"/> rules
    /// when given.
    /// </summary>
    public static async Task<(string Source, string Destination, string Lane)> CreateAsync(HttpClient operatorClient, string flow = "events", string? source = null, JsonArray? access = null)
    {
        source ??= UniqueName("fab");
        var destination = UniqueName("eth");
        var lane = UniqueName("lane");
        using (var exists = await operatorClient.GetAsync($"/api/v1/networks/{source}", Ct))
        {
            if (exists.StatusCode == HttpStatusCode.NotFound)
            {
                using var created = await operatorClient.PostJsonAsync("/api/v1/networks", Bodies.Network(source, "fabric"));
                created.StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }

        using (var created = await operatorClient.PostJsonAsync("/api/v1/networks", Bodies.Network(destination, "ethereum")))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await operatorClient.PostJsonAsync("/api/v1/lanes", new JsonObject
        {
            ["name"] = lane,
            ["source"] = source,
            ["destination"] = destination,
            ["flows"] = new JsonArray(flow),
            ["proofPolicy"] = new JsonObject
            {
                ["sourceProofKinds"] = new JsonArray("fabric-endorsement"),
                ["relaySigners"] = new JsonArray("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                ["relayThreshold"] = 1,
            },
            ["access"] = access ?? [],
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (source, destination, lane);
    }

    /// <summary>Registers network <paramref name="name"/> of <paramref name="kind"/> with <paramref name="anchors"/> (201 required).</summary>
    public static async Task CreateNetworkAsync(HttpClient operatorClient, string name, string kind, TrustAnchors anchors, Uri? url = null)
    {
        using var created = await operatorClient.PostJsonAsync("/api/v1/networks", Bodies.Network(name, kind, url: url?.ToString(), anchors: JsonNode.Parse(TrustAnchorsJson.ToJson(anchors).GetRawText())));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>
    /// Registers lane <paramref name="name"/> from <paramref name="source"/> to <paramref name="destination"/> carrying
    /// <paramref name="flows"/> under <paramref name="proofKinds"/> and M of <paramref name="signers"/> (201 required).
    /// </summary>
    public static async Task CreateLaneAsync(HttpClient operatorClient, string name, string source, string destination, string[] flows, string[] proofKinds, IEnumerable<string> signers, int threshold, string direction = "one-way", int? perSecond = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["source"] = source,
            ["destination"] = destination,
            ["flows"] = new JsonArray([.. flows.Select(f => (JsonNode)f)]),
            ["direction"] = direction,
            ["proofPolicy"] = new JsonObject
            {
                ["sourceProofKinds"] = new JsonArray([.. proofKinds.Select(k => (JsonNode)k)]),
                ["relaySigners"] = new JsonArray([.. signers.Select(s => (JsonNode)s)]),
                ["relayThreshold"] = threshold,
            },
        };
        if (perSecond is { } rate)
        {
            body["rateLimit"] = new JsonObject { ["perSecond"] = rate, ["burst"] = rate * 2 };
        }

        using var response = await operatorClient.PostJsonAsync("/api/v1/lanes", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A title lane both ways between a Fabric and an Ethereum network, proven by either side's proofs.</summary>
    public static Task CreateTitleLaneAsync(HttpClient operatorClient, string name, string fabric, string ethereum, IEnumerable<string> signers, int threshold = 2, int? perSecond = null) =>
        CreateLaneAsync(operatorClient, name, fabric, ethereum, ["title"], ["fabric-endorsement", "ethereum-receipt"], signers, threshold, "both", perSecond);

    /// <summary>Anchors naming <paramref name="contracts"/>, no extra confirmations, and block <paramref name="number"/> as trusted.</summary>
    public static EthereumTrustAnchors EthereumAnchors(ulong chainId, DeployedContracts contracts, long number, string hash) => new(
        (long)chainId,
        new Dictionary<string, string>
        {
            [EthereumTrustAnchors.AnchorRegistryRole] = contracts.DocumentRegistry.ToString(),
            [EthereumTrustAnchors.TitleEscrowRole] = contracts.TitleRegistry.ToString(),
        },
        new EthereumFinality(0),
        [new EthereumTrustedBlock(number, hash)]);

    /// <summary>
    /// Waits for a watcher or dispatcher loop that was cancelled: it ends either by the cancellation's exception or, when the
    /// cancellation came between two rounds, normally; any other exception is the test's failure.
    /// </summary>
    public static async Task StoppedAsync(Task loop)
    {
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
