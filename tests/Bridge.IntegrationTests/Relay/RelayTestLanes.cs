using System.Net;
using System.Text.Json.Nodes;
using Bridge.IntegrationTests.Api;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>A lane from a Fabric network to an Ethereum one, registered through the API, for the relay's tests.</summary>
internal static class RelayTestLanes
{
    /// <summary>
    /// Registers a Fabric source (<paramref name="source"/>, or a new one; an existing network of that name is reused), a new
    /// Ethereum destination and a one-way lane of <paramref name="flow"/> between them.
    /// </summary>
    public static async Task<(string Source, string Destination, string Lane)> CreateAsync(HttpClient operatorClient, string flow = "events", string? source = null)
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
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (source, destination, lane);
    }
}
