using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Bindings;
using Bridge.IntegrationTests.Api;
using Bridge.IntegrationTests.Ethereum;
using Bridge.IntegrationTests.Fabric.Adapter;
using Bridge.Relay.Engine;
using Bridge.Relay.Registry;
using Bridge.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// <c>POST /api/v1/bindings/{id}/anchors</c> (docs/bindings.md "Anchoring a binding on the lanes' ledgers") on a host whose
/// relay is off but which has connections to the Fabric simulator and the EVM dev chain: the participant's binding is
/// anchored on both networks of a Fabric → Ethereum lane, read back from both ledgers, and its stored proofs check offline
/// with <c>bridge verify</c>. The error paths store nothing and write no ledger. The party directory built from bindings
/// resolves a recipient word to the bound Fabric identity.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BindingAnchorTests : IClassFixture<FabricAdapterFixture>, IAsyncLifetime
{
    private const string FabricName = "fabric-anchors";
    private const string EthereumName = "eth-anchors";
    private const string UnreachedName = "eth-unreached";
    private const string Participant = "fixture-participant";

    private readonly FabricAdapterFixture _fabric;
    private readonly SharedEthereumLane _ethereum;
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-binding-anchors-").FullName;
    private readonly EthPrivateKey _account = EthPrivateKey.Generate();
    private BridgeHostFixture _host = null!;

    public BindingAnchorTests(FabricAdapterFixture fabric, SharedEthereumLane ethereum)
    {
        _fabric = fabric;
        _ethereum = ethereum;
    }

    private EthereumLane Eth => _ethereum.Lane;

    public async ValueTask InitializeAsync()
    {
        var senderSecret = RandomNumberGenerator.GetBytes(32);
        using (var sender = EthPrivateKey.FromBytes(senderSecret))
        {
            await Eth.FundAsync(sender.Address, Ct);
        }

        var keyFile = Path.Combine(_folder, "sender.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToHexStringLower(senderSecret), Ct);
        var carrier = _fabric.Network.Organizations[0];
        _host = BridgeHostFixture.WithArguments(
            "--Bridge:Relay:FinalityPollMilliseconds=50",
            $"--Bridge:Relay:Adapters:{FabricName}:Endpoint={_fabric.Endpoint}",
            $"--Bridge:Relay:Adapters:{FabricName}:Msp={carrier.ClientMspFolder}",
            $"--Bridge:Relay:Adapters:{FabricName}:MspId={carrier.MspId}",
            $"--Bridge:Relay:Adapters:{EthereumName}:Endpoint={Eth.Chain.RpcUri}",
            $"--Bridge:Relay:Adapters:{EthereumName}:KeyFile={keyFile}");
        await _host.InitializeAsync();

        using var client = _host.Client(_host.OperatorKey);
        await RelayTestLanes.CreateNetworkAsync(client, FabricName, "fabric", _fabric.Network.TrustAnchors("trade"), _fabric.Endpoint);
        await RelayTestLanes.CreateNetworkAsync(client, EthereumName, "ethereum", await Eth.AnchorsAsync(0, Ct), Eth.Chain.RpcUri);
        await RelayTestLanes.CreateNetworkAsync(client, UnreachedName, "ethereum", await Eth.AnchorsAsync(0, Ct), Eth.Chain.RpcUri);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _account.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Anchor_OnAFabricToEthereumLane_PutsTheDigestOnBothLedgersWithProofsThatVerifyOffline()
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        var lane = await LaneAsync(operatorClient, EthereumName, "submit");
        var (statement, bindingId) = await BindAsync(operatorClient);
        using var participant = _host.Client(_host.ParticipantKey);

        JsonElement first;
        using (var response = await participant.PostJsonAsync($"/api/v1/bindings/{bindingId}/anchors", Lanes(lane)))
        {
            first = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        }

        first.Str("digest").ShouldBe(statement.DigestHex);
        var anchors = first.GetProperty("anchors").EnumerateArray().ToDictionary(a => a.Str("network"), a => a.Clone());
        anchors.Keys.ShouldBe([FabricName, EthereumName], ignoreOrder: true);
        anchors.Values.ShouldAllBe(a => a.GetProperty("verdict").GetProperty("valid").GetBoolean());

        // Both ledgers hold the statement digest under the binding id, as their own query and contract lookup say.
        var onFabric = (await _fabric.CreateAdapter(FabricName).QueryAsync(new LedgerQuery.AnchorOf(bindingId.ToString()), Ct)).ShouldBeOfType<QueryResult.Found>();
        onFabric.Value.Str("contentDigest").ShouldBe(statement.DigestHex);
        onFabric.Value.Str("documentType").ShouldBe("identity-binding");
        onFabric.Value.Str("txId").ShouldBe(anchors[FabricName].Str("txId"));
        var onEthereum = (await Eth.AdapterFor(EthereumName, _account).QueryAsync(new LedgerQuery.AnchorOf(bindingId.ToString()), Ct)).ShouldBeOfType<QueryResult.Found>();
        onEthereum.Value.Str("contentDigest").ShouldBe(statement.DigestHex);

        // The stored proofs check offline: Fabric against the registered anchors, Ethereum against anchors that trust the
        // anchor's block as the dev chain itself reports it; one flipped byte does not.
        var fabricAnchors = JsonNode.Parse(TrustAnchorsJson.ToJson(_fabric.Network.TrustAnchors("trade")).GetRawText())!;
        (await VerifyAsync(anchors[FabricName].GetProperty("proof"), fabricAnchors)).Exit.ShouldBe(0);
        var receipt = (await Eth.Rpc.GetTransactionReceiptAsync(anchors[EthereumName].Str("txId"), Ct))!.Value;
        var block = HexQuantity.Read(receipt, "blockNumber");
        var ethereumAnchors = (await Eth.AnchorsAsync(0, Ct)) with { TrustedBlocks = [new EthereumTrustedBlock((long)block, receipt.GetProperty("blockHash").GetString()!)] };
        var (exit, output) = await VerifyAsync(anchors[EthereumName].GetProperty("proof"), JsonNode.Parse(TrustAnchorsJson.ToJson(ethereumAnchors).GetRawText())!);
        exit.ShouldBe(0, output);
        anchors[EthereumName].GetProperty("blockNumber").GetInt64().ShouldBe((long)block);
        var tampered = JsonNode.Parse(anchors[FabricName].GetProperty("proof").GetRawText())!;
        var attestation = tampered["data"]!["blockAttestation"]!.GetValue<string>();
        tampered["data"]!["blockAttestation"] = attestation[..40] + (attestation[40] == 'A' ? 'B' : 'A') + attestation[41..];
        (await VerifyAsync(JsonSerializer.SerializeToElement(tampered), fabricAnchors)).Exit.ShouldBe(1);

        // Again: the stored anchors, nothing new on any ledger or in the database.
        using (var again = await participant.PostJsonAsync($"/api/v1/bindings/{bindingId}/anchors", Lanes(lane)))
        {
            var second = await again.ShouldBeJsonAsync(HttpStatusCode.OK);
            second.GetProperty("anchors").EnumerateArray().Select(a => a.Str("txId")).ShouldBe(anchors.Values.Select(a => a.Str("txId")), ignoreOrder: true);
        }

        (await _host.ScalarAsync<long>($"SELECT count(*) FROM binding_anchors WHERE binding_id = '{bindingId}'")).ShouldBe(2);
        using var listed = await participant.GetAsync($"/api/v1/participants/{Participant}/bindings", Ct);
        var shown = (await listed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single(b => b.Str("id") == bindingId.ToString());
        shown.GetProperty("anchors").EnumerateArray().Select(a => a.Str("network")).ShouldBe([FabricName, EthereumName], ignoreOrder: true);
        shown.GetProperty("anchors")[0].Has("proof").ShouldBeFalse();
    }

    [Fact]
    public async Task Anchor_WhenRefused_AnswersAProblemAndWritesNothing()
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        using var participant = _host.Client(_host.ParticipantKey);
        var other = UniqueName("other");
        using (var created = await operatorClient.PostJsonAsync("/api/v1/participants", Bodies.Participant(other)))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var readOnly = await LaneAsync(operatorClient, EthereumName, "read");
        var unreached = await LaneAsync(operatorClient, UnreachedName, "submit", other);
        var (_, bindingId) = await BindAsync(operatorClient);
        var url = $"/api/v1/bindings/{bindingId}/anchors";

        using (var response = await participant.PostJsonAsync(url, Lanes("no-such-lane")))
        {
            await response.ShouldBeValidationProblemAsync("/lanes/0", "unknown-value");
        }

        using (var response = await participant.PostJsonAsync(url, Lanes(readOnly)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden", "/lanes/0");
        }

        using (var response = await participant.PostJsonAsync(url, Lanes(unreached)))
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/lanes/0")).Str("detail").ShouldContain(UnreachedName);
        }

        using (var response = await participant.PostJsonAsync(url, new JsonObject { ["networks"] = new JsonArray(FabricName) }))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var response = await participant.PostJsonAsync($"/api/v1/bindings/{Guid.NewGuid()}/anchors", Lanes(readOnly)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        // Another participant's binding, on a lane where both participants may submit.
        using var otherKey = EthPrivateKey.Generate();
        var (_, otherBinding) = await TestBindings.BindAsync(
            operatorClient, other, (new EthereumBoundIdentity(otherKey.Address.ToString().ToLowerInvariant(), (long)Eth.ChainId), EthereumName, s => EthereumBindingSignatureVerifier.Sign(otherKey, s, (long)Eth.ChainId)));
        using (var response = await participant.PostJsonAsync($"/api/v1/bindings/{otherBinding}/anchors", Lanes(unreached)))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var revoked = await operatorClient.DeleteAsync($"/api/v1/participants/{Participant}/bindings/{bindingId}", Ct))
        {
            revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var response = await operatorClient.PostJsonAsync(url, Lanes(readOnly)))
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/id")).Str("detail").ShouldContain("revoked");
        }

        // The lane to the unreached network also names the Fabric network: it was refused before any ledger was written.
        (await _fabric.CreateAdapter(FabricName).QueryAsync(new LedgerQuery.AnchorOf(bindingId.ToString()), Ct)).ShouldBeOfType<QueryResult.NotFound>();
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM binding_anchors WHERE binding_id = '{bindingId}'")).ShouldBe(0);
    }

    [Fact]
    public async Task PartyDirectory_RecipientWordOfABoundFabricIdentity_ResolvesToThatIdentityUntilRevoked()
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        var (_, bindingId) = await BindAsync(operatorClient, _fabric.Bank);
        var directory = new BoundPartyDirectory(_host.Services.GetRequiredService<IIdentityBindingStore>(), TimeProvider.System);

        // A title burned on Ethereum names its Fabric recipient by the word of its party string; the directory knows it.
        var word = Bytes32Words.OfRecipient(_fabric.BankParty);
        var parties = await directory.PartiesAsync(FabricName, Ct);
        parties.Single(p => Bytes32Words.OfRecipient(p).AsSpan().SequenceEqual(word)).ShouldBe(_fabric.BankParty);
        (await directory.PartiesAsync(EthereumName, Ct)).ShouldContain(_account.Address.ToString().ToLowerInvariant());
        (await directory.PartiesAsync(UnreachedName, Ct)).ShouldBeEmpty();

        using (var revoked = await operatorClient.DeleteAsync($"/api/v1/participants/{Participant}/bindings/{bindingId}", Ct))
        {
            revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await directory.PartiesAsync(FabricName, Ct)).ShouldNotContain(_fabric.BankParty);
    }

    private static JsonObject Lanes(params string[] lanes) => new() { ["lanes"] = new JsonArray([.. lanes.Select(l => (JsonNode)l)]) };

    /// <summary>
    /// A one-way documents lane from the Fabric network to <paramref name="destination"/> on which the fixture participant
    /// (and <paramref name="others"/>) may <paramref name="operation"/>.
    /// </summary>
    private static async Task<string> LaneAsync(HttpClient client, string destination, string operation, params string[] others)
    {
        var name = UniqueName("anchors");
        using var response = await client.PostJsonAsync("/api/v1/lanes", new JsonObject
        {
            ["name"] = name,
            ["source"] = FabricName,
            ["destination"] = destination,
            ["flows"] = new JsonArray("documents"),
            ["proofPolicy"] = new JsonObject
            {
                ["sourceProofKinds"] = new JsonArray("fabric-endorsement"),
                ["relaySigners"] = new JsonArray("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                ["relayThreshold"] = 1,
            },
            ["access"] = new JsonArray([.. others.Prepend(Participant).Select(p => (JsonNode)new JsonObject { ["participant"] = p, ["operations"] = new JsonArray(operation) })]),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return name;
    }

    /// <summary>
    /// Binds a Fabric identity of the simulator (the carrier's unless <paramref name="fabric"/> names another) and
    /// <see cref="_account"/> to the fixture participant, with a fresh statement each call.
    /// </summary>
    private Task<(IdentityBindingStatement Statement, Guid Id)> BindAsync(HttpClient client, Bridge.Adapters.Fabric.Identity.MspFolder? fabric = null)
    {
        var signer = (fabric ?? _fabric.Carrier).Signer!;
        return TestBindings.BindAsync(
            client,
            Participant,
            (new FabricBoundIdentity(signer.Identity.MspId, signer.Identity.CertificatePem), FabricName, s => FabricBindingSignatureVerifier.Sign(signer, s)),
            (new EthereumBoundIdentity(_account.Address.ToString().ToLowerInvariant(), (long)Eth.ChainId), EthereumName, s => EthereumBindingSignatureVerifier.Sign(_account, s, (long)Eth.ChainId)));
    }

    private async Task<(int Exit, string Output)> VerifyAsync(JsonElement proof, JsonNode trust)
    {
        var proofFile = Path.Combine(_folder, $"proof-{Guid.NewGuid():N}.json");
        var trustFile = Path.Combine(_folder, $"trust-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(proofFile, proof.GetRawText(), Ct);
        await File.WriteAllTextAsync(trustFile, trust.ToJsonString(), Ct);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Bridge.Host.Cli.BridgeCommandLine.RunAsync(["verify", proofFile, "--trust", trustFile], stdout, stderr, Ct);
        return (exit, stdout + stderr.ToString());
    }
}

/// <summary>Binds identities to a participant through the API (201 required), one signature per identity from its own key.</summary>
internal static class TestBindings
{
    /// <summary>A fresh statement (valid from a minute ago for a day) naming <paramref name="identities"/>, each signed and checked against its network.</summary>
    public static async Task<(IdentityBindingStatement Statement, Guid Id)> BindAsync(
        HttpClient client, string participant, params (BoundIdentity Identity, string Network, Func<IdentityBindingStatement, string> Sign)[] identities)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var statement = new IdentityBindingStatement(participant, [.. identities.Select(i => i.Identity)], now.AddMinutes(-1), now.AddDays(1), "nonce-" + Guid.NewGuid().ToString("N"));
        var body = new JsonObject
        {
            ["statement"] = JsonNode.Parse(IdentityBindingStatementJson.ToJson(statement).GetRawText()),
            ["signatures"] = new JsonArray([.. identities.Select(i => (JsonNode)new JsonObject { ["network"] = i.Network, ["signature"] = i.Sign(statement) })]),
        };
        using var response = await client.PostJsonAsync($"/api/v1/participants/{participant}/bindings", body);
        var binding = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (statement, Guid.Parse(binding.Str("id")));
    }
}
