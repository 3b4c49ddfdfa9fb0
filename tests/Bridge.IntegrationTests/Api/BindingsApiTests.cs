using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Ethereum.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Fabric.Bindings;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>
/// <c>/api/v1/participants/{name}/bindings</c>: a statement binding a Fabric identity and an Ethereum address, each signed by
/// its own key, verified against registered networks and stored; the same identity cannot be bound to two participants
/// while the first binding is active; revocation frees it; a bad signature or another participant's key changes nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BindingsApiTests : IClassFixture<BridgeHostFixture>, IDisposable
{
    private const long ChainId = 31337;
    private readonly BridgeHostFixture _host;
    private readonly MspOrganization _carrier = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", TimeProvider.System.GetUtcNow().AddDays(-1), TimeSpan.FromDays(365));
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public BindingsApiTests(BridgeHostFixture host) => _host = host;

    public void Dispose()
    {
        _carrier.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task Binding_SignedByEveryKey_IsStoredOnceExclusiveAndRevocable()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum) = await NetworksAsync(client);
        var acme = await ParticipantAsync(client, "acme");
        var rival = await ParticipantAsync(client, "rival");
        using var signer = _carrier.Client.CreateSigner("CarrierMSP");
        var now = WholeSeconds(TimeProvider.System.GetUtcNow());
        var statement = new IdentityBindingStatement(
            acme,
            [new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem), new EthereumBoundIdentity(_key.Address.ToString().ToLowerInvariant(), ChainId)],
            now.AddMinutes(-1),
            now.AddDays(30),
            "nonce-" + Guid.NewGuid().ToString("N"));
        var body = SignedRequest.BindingBody(statement, (fabric, FabricBindingSignatureVerifier.Sign(signer, statement)), (ethereum, EthereumBindingSignatureVerifier.Sign(_key, statement, ChainId)));

        Guid bindingId;
        using (var created = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", body))
        {
            var binding = await created.ShouldBeJsonAsync(HttpStatusCode.Created);
            binding.Str("digest").ShouldBe(statement.DigestHex);
            binding.GetProperty("active").GetBoolean().ShouldBeTrue();
            binding.GetProperty("identities").EnumerateArray().Select(i => i.Str("kind")).ShouldBe(["ethereum", "fabric"], ignoreOrder: true);
            binding.GetProperty("identities").EnumerateArray().Single(i => i.Str("kind") == "ethereum").Str("key").ShouldBe($"ethereum:{_key.Address.ToString().ToLowerInvariant()}");
            DateTimeOffset.Parse(binding.Str("expiresAt"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(statement.ExpiresAt);
            bindingId = Guid.Parse(binding.Str("id"));
        }

        using (var again = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", body))
        {
            (await again.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("id").ShouldBe(bindingId.ToString());
        }

        var stolen = new IdentityBindingStatement(rival, [new EthereumBoundIdentity(_key.Address.ToString().ToLowerInvariant(), ChainId)], now.AddMinutes(-1), now.AddDays(30), "nonce-" + Guid.NewGuid().ToString("N"));
        var stolenBody = SignedRequest.BindingBody(stolen, (ethereum, EthereumBindingSignatureVerifier.Sign(_key, stolen, ChainId)));
        using (var conflict = await client.PostJsonAsync($"/api/v1/participants/{rival}/bindings", stolenBody))
        {
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/statement/identities/0");
        }

        using (var revoked = await client.DeleteAsync($"/api/v1/participants/{acme}/bindings/{bindingId}", Ct))
        {
            var binding = await revoked.ShouldBeJsonAsync(HttpStatusCode.OK);
            binding.GetProperty("active").GetBoolean().ShouldBeFalse();
        }

        using (var freed = await client.PostJsonAsync($"/api/v1/participants/{rival}/bindings", stolenBody))
        {
            freed.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var listed = await client.GetAsync($"/api/v1/participants/{acme}/bindings", Ct);
        (await listed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single().GetProperty("revokedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task Binding_WithABadSignatureOrForAnotherParticipant_IsRefusedAndStoresNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum) = await NetworksAsync(client);
        var acme = await ParticipantAsync(client, "acme");
        using var signer = _carrier.Client.CreateSigner("CarrierMSP");
        using var impostor = EthPrivateKey.Generate();
        var now = WholeSeconds(TimeProvider.System.GetUtcNow());
        var statement = new IdentityBindingStatement(
            acme,
            [new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem), new EthereumBoundIdentity(_key.Address.ToString().ToLowerInvariant(), ChainId)],
            now.AddMinutes(-1),
            now.AddDays(30),
            "nonce-" + Guid.NewGuid().ToString("N"));
        var before = await _host.ScalarAsync<long>("SELECT count(*) FROM identity_bindings");

        var forged = SignedRequest.BindingBody(statement, (fabric, FabricBindingSignatureVerifier.Sign(signer, statement)), (ethereum, EthereumBindingSignatureVerifier.Sign(impostor, statement, ChainId)));
        using (var response = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", forged))
        {
            await response.ShouldBeValidationProblemAsync("/signatures/1/signature", BindingSignatureCodes.BadSignature);
        }

        var wrongNetwork = SignedRequest.BindingBody(statement, (ethereum, FabricBindingSignatureVerifier.Sign(signer, statement)), (ethereum, EthereumBindingSignatureVerifier.Sign(_key, statement, ChainId)));
        using (var response = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", wrongNetwork))
        {
            await response.ShouldBeValidationProblemAsync("/signatures/0/network", "unknown-value");
        }

        using (var response = await client.PostJsonAsync($"/api/v1/participants/fixture-participant/bindings", SignedRequest.BindingBody(statement)))
        {
            await response.ShouldBeValidationProblemAsync("/statement/participant", "mismatch");
        }

        using var participantClient = _host.Client(_host.ParticipantKey);
        using (var response = await participantClient.PostJsonAsync($"/api/v1/participants/{acme}/bindings", forged))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        (await _host.ScalarAsync<long>("SELECT count(*) FROM identity_bindings")).ShouldBe(before);
    }

    [Fact]
    public async Task SignedRequest_ByABoundKey_ActsAsTheParticipantUntilTheBindingIsRevoked()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (fabric, ethereum) = await NetworksAsync(client);
        var acme = await ParticipantAsync(client, "acme");
        var other = await ParticipantAsync(client, "other");
        using var signer = _carrier.Client.CreateSigner("CarrierMSP");
        var now = WholeSeconds(TimeProvider.System.GetUtcNow());
        var fabricIdentity = new FabricBoundIdentity("CarrierMSP", _carrier.Client.CertificatePem);
        var statement = new IdentityBindingStatement(acme, [fabricIdentity, new EthereumBoundIdentity(_key.Address.ToString().ToLowerInvariant(), ChainId)], now.AddMinutes(-1), now.AddDays(30), "nonce-" + Guid.NewGuid().ToString("N"));
        Guid bindingId;
        using (var created = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", SignedRequest.BindingBody(statement, (fabric, FabricBindingSignatureVerifier.Sign(signer, statement)), (ethereum, EthereumBindingSignatureVerifier.Sign(_key, statement, ChainId)))))
        {
            bindingId = Guid.Parse((await created.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("id"));
        }

        var ethereumKey = $"ethereum:{_key.Address.ToString().ToLowerInvariant()}";
        var fabricKey = Bridge.Host.Api.BindingEndpoints.KeyOf(fabricIdentity);
        var path = $"/api/v1/participants/{acme}/bindings";
        using var anonymous = _host.Client();

        using (var byEthereum = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Get, path, [], ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now), Ct))
        {
            byEthereum.StatusCode.ShouldBe(HttpStatusCode.OK, await byEthereum.Content.ReadAsStringAsync(Ct));
        }

        using (var byFabric = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Get, path, [], fabricKey, input => Convert.ToBase64String(signer.Sign(input)), now), Ct))
        {
            byFabric.StatusCode.ShouldBe(HttpStatusCode.OK, await byFabric.Content.ReadAsStringAsync(Ct));
        }

        var body = System.Text.Encoding.UTF8.GetBytes("{}");
        using (var forOther = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Post, $"/api/v1/participants/{other}/bindings", body, ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now), Ct))
        {
            await forOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        // A write is accepted once: the same signed request again is a replay, the same write with a new timestamp is not.
        using (var replayed = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Post, $"/api/v1/participants/{other}/bindings", body, ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now), Ct))
        {
            (await replayed.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated")).Str("detail").ShouldContain("replay");
        }

        using (var fresh = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Post, $"/api/v1/participants/{other}/bindings", body, ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now.AddSeconds(1)), Ct))
        {
            await fresh.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        var stale = SignedRequest.Create(HttpMethod.Get, path, [], ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now.AddMinutes(-10));
        using (var response = await anonymous.SendAsync(stale, Ct))
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated")).Str("detail").ShouldContain("timestamp");
        }

        var signedForAnotherPath = SignedRequest.Create(HttpMethod.Get, path + "?x=1", [], ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now);
        signedForAnotherPath.RequestUri = new Uri(path, UriKind.Relative);
        using (var response = await anonymous.SendAsync(signedForAnotherPath, Ct))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var revoke = await client.DeleteAsync($"{path}/{bindingId}", Ct))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var afterRevoke = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Get, path, [], ethereumKey, input => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(_key, input).ToBytes65()), now), Ct);
        (await afterRevoke.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated")).Str("detail").ShouldContain("not bound");
    }

    [Fact]
    public async Task SignedRequest_ByAKeyWhoseBindingExpired_IsRefused()
    {
        using var client = _host.Client(_host.OperatorKey);
        var (_, ethereum) = await NetworksAsync(client);
        var acme = await ParticipantAsync(client, "acme");
        var now = WholeSeconds(TimeProvider.System.GetUtcNow());
        using var key = Bridge.Adapters.Ethereum.Crypto.EthPrivateKey.Generate();
        var statement = new IdentityBindingStatement(acme, [new EthereumBoundIdentity(key.Address.ToString().ToLowerInvariant(), ChainId)], now.AddMinutes(-1), now.AddSeconds(3), "nonce-" + Guid.NewGuid().ToString("N"));
        using (var created = await client.PostJsonAsync($"/api/v1/participants/{acme}/bindings", SignedRequest.BindingBody(statement, (ethereum, EthereumBindingSignatureVerifier.Sign(key, statement, ChainId)))))
        {
            await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        }

        var identityKey = $"ethereum:{key.Address.ToString().ToLowerInvariant()}";
        var path = $"/api/v1/participants/{acme}/bindings";
        using var anonymous = _host.Client();
        string Sign(byte[] input) => Convert.ToHexStringLower(Bridge.Adapters.Ethereum.Crypto.PersonalMessage.Sign(key, input).ToBytes65());
        using (var whileBound = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Get, path, [], identityKey, Sign, now), Ct))
        {
            whileBound.StatusCode.ShouldBe(HttpStatusCode.OK, await whileBound.Content.ReadAsStringAsync(Ct));
        }

        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        var later = WholeSeconds(TimeProvider.System.GetUtcNow());
        using var expired = await anonymous.SendAsync(SignedRequest.Create(HttpMethod.Get, path, [], identityKey, Sign, later), Ct);
        (await expired.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated")).Str("detail").ShouldContain("expired");
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());

    private async Task<(string Fabric, string Ethereum)> NetworksAsync(HttpClient client)
    {
        var fabric = UniqueName("fab");
        var ethereum = UniqueName("eth");
        var fabricAnchors = new JsonObject
        {
            ["channel"] = "trade",
            ["chaincode"] = "bridge",
            ["msps"] = new JsonArray(new JsonObject { ["mspId"] = "CarrierMSP", ["rootCertificates"] = new JsonArray(_carrier.Ca.CertificatePem) }),
            ["endorsementPolicy"] = new JsonObject { ["type"] = "n-of", ["n"] = 1, ["mspIds"] = new JsonArray("CarrierMSP") },
        };
        foreach (var body in new[] { Bodies.Network(fabric, "fabric", anchors: fabricAnchors), Bodies.Network(ethereum, "ethereum", anchors: Bodies.EthereumAnchors(ChainId)) })
        {
            using var response = await client.PostJsonAsync("/api/v1/networks", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        }

        return (fabric, ethereum);
    }

    private static async Task<string> ParticipantAsync(HttpClient client, string prefix)
    {
        var name = UniqueName(prefix);
        using var response = await client.PostJsonAsync("/api/v1/participants", Bodies.Participant(name));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return name;
    }
}
