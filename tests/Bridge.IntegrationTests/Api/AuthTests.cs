using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

[Trait("Category", "Integration")]
public sealed class AuthTests : IClassFixture<BridgeHostFixture>
{
    private const string Keys = "/api/v1/keys";
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private readonly BridgeHostFixture _host;

    public AuthTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task Get_NoKey_Returns401WithChallenge()
    {
        using var client = _host.Client();

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
        problem.Str("detail").ShouldContain("No API key");
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("tcb_")]
    [InlineData("tcb_abcdefghijkm_tooShort")]
    [InlineData("TCB_abcdefghijkm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Get_MalformedKey_Returns401(string key)
    {
        using var client = _host.Client(key);

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        problem.GetRawText().ShouldNotContain(key);
    }

    [Fact]
    public async Task Get_UnknownWellFormedKey_Returns401()
    {
        using var client = _host.Client(RandomKey(RandomNumberGenerator.GetString(KeyIdAlphabet, 12)));

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        problem.Str("detail").ShouldContain("not valid");
    }

    [Fact]
    public async Task Get_KnownKeyIdWrongSecret_Returns401()
    {
        var keyId = _host.OperatorKey.Split('_')[1];
        using var client = _host.Client(RandomKey(keyId));

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Get_RevokedKey_Returns401()
    {
        var (keyId, key) = await CreateKeyAsync("auditor");
        using var client = _host.Client(key);
        using (var before = await client.GetAsync("/api/v1/networks", Ct))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var operatorClient = _host.Client(_host.OperatorKey);
        using var revoke = await operatorClient.DeleteAsync($"{Keys}/{keyId}", Ct);
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE key_id = '{keyId}' AND revoked_at IS NOT NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task Get_KeyInXApiKeyHeader_Authenticates()
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", _host.AuditorKey);

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_BadKeyInXApiKeyHeader_Returns401()
    {
        using var client = _host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", RandomKey(RandomNumberGenerator.GetString(KeyIdAlphabet, 12)));

        using var response = await client.GetAsync("/api/v1/networks", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("participant", "/api/v1/networks")]
    [InlineData("participant", "/api/v1/participants")]
    [InlineData("auditor", "/api/v1/networks")]
    [InlineData("auditor", "/api/v1/participants")]
    [InlineData("participant", "/api/v1/participants/fixture-participant")]
    public async Task Get_ReaderRoles_Returns200(string role, string path)
    {
        using var client = _host.Client(KeyFor(role));

        using var response = await client.GetAsync(path, Ct);

        await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("participant", "POST", "networks")]
    [InlineData("participant", "PUT", "networks")]
    [InlineData("participant", "DELETE", "networks")]
    [InlineData("participant", "POST", "participants")]
    [InlineData("participant", "PUT", "participants")]
    [InlineData("participant", "DELETE", "participants")]
    [InlineData("auditor", "POST", "networks")]
    [InlineData("auditor", "PUT", "networks")]
    [InlineData("auditor", "DELETE", "networks")]
    [InlineData("auditor", "POST", "participants")]
    [InlineData("auditor", "PUT", "participants")]
    [InlineData("auditor", "DELETE", "participants")]
    public async Task Change_ReaderRoles_Returns403AndChangesNothing(string role, string method, string resource)
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        var name = UniqueName("target");
        JsonObject Body(string n) => resource == "networks" ? Bodies.Network(n) : Bodies.Participant(n);
        using (var create = await operatorClient.PostJsonAsync($"/api/v1/{resource}", Body(name)))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var client = _host.Client(KeyFor(role));
        var before = await _host.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), method == "POST" ? $"/api/v1/{resource}" : $"/api/v1/{resource}/{name}");
        if (method != "DELETE")
        {
            request.Content = Json(Body(method == "POST" ? UniqueName("new") : name));
        }

        using var response = await client.SendAsync(request, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        problem.Str("detail").ShouldContain(role);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task ListKeys_Auditor_Returns200WithoutSecrets()
    {
        var (keyId, key) = await CreateKeyAsync("auditor");
        using var client = _host.Client(_host.AuditorKey);

        using var response = await client.GetAsync(Keys, Ct);

        var list = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        var raw = list.GetRawText();
        raw.ShouldNotContain(Secret(key));
        raw.ShouldNotContain(Secret(_host.OperatorKey));
        raw.ShouldNotContain("tcb_");
        var entry = list.EnumerateArray().Single(k => k.Str("keyId") == keyId);
        entry.Str("role").ShouldBe("auditor");
        entry.Has("key").ShouldBeFalse();
        entry.Has("secretHash").ShouldBeFalse();
        list.EnumerateArray().ShouldContain(k => k.Str("role") == "participant" && k.Str("participant") == "fixture-participant");
    }

    [Fact]
    public async Task ListKeys_Participant_Returns403()
    {
        using var client = _host.Client(_host.ParticipantKey);

        using var response = await client.GetAsync(Keys, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("participant")]
    [InlineData("auditor")]
    public async Task CreateKey_ReaderRoles_Returns403AndChangesNothing(string role)
    {
        using var client = _host.Client(KeyFor(role));
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "operator", ["label"] = "escalation" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("participant")]
    [InlineData("auditor")]
    public async Task RevokeKey_ReaderRoles_Returns403AndChangesNothing(string role)
    {
        var (keyId, _) = await CreateKeyAsync("auditor");
        using var client = _host.Client(KeyFor(role));
        var before = await _host.SnapshotAsync();

        using var response = await client.DeleteAsync($"{Keys}/{keyId}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateKey_Operator_Returns201AndStoresOnlyAHash()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "auditor", ["label"] = "ci reader" });

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var keyId = created.Str("keyId");
        var key = created.Str("key");
        key.ShouldStartWith($"tcb_{keyId}_");
        response.Headers.Location!.OriginalString.ShouldBe($"{Keys}/{keyId}");
        created.Str("role").ShouldBe("auditor");
        created.Str("label").ShouldBe("ci reader");
        var secret = Secret(key);
        secret.Length.ShouldBe(43);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM api_keys t WHERE strpos(t::text, '{secret}') > 0")).ShouldBe(0);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE key_id = '{keyId}'")).ShouldBe(1);
        var storedHash = await _host.ScalarAsync<string>($"SELECT encode(secret_hash, 'hex') FROM api_keys WHERE key_id = '{keyId}'");
        storedHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));

        using var newClient = _host.Client(key);
        using var get = await newClient.GetAsync("/api/v1/networks", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var list = await newClient.GetAsync(Keys, Ct);
        (await list.ShouldBeJsonAsync(HttpStatusCode.OK)).GetRawText().ShouldNotContain(secret);
    }

    [Fact]
    public async Task CreateKey_ParticipantRole_KeyActsForThatParticipantAndCannotChange()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("keyholder");
        using (var create = await client.PostJsonAsync("/api/v1/participants", Bodies.Participant(name)))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "participant", ["participant"] = name });

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        created.Str("participant").ShouldBe(name);
        using var participantClient = _host.Client(created.Str("key"));
        using var get = await participantClient.GetAsync($"/api/v1/participants/{name}", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var delete = await participantClient.DeleteAsync($"/api/v1/participants/{name}", Ct);
        await delete.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("admin", "/role", "unknown-value")]
    [InlineData("Operator", "/role", "unknown-value")]
    [InlineData(null, "/role", "required")]
    public async Task CreateKey_BadRole_Returns400AtRole(string? role, string field, string code)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = role, ["label"] = "x" });

        await response.ShouldBeValidationProblemAsync(field, code);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateKey_ParticipantRoleWithoutParticipant_Returns400AtParticipant()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "participant" });

        await response.ShouldBeValidationProblemAsync("/participant", "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateKey_UnknownParticipant_Returns400AtParticipant()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "participant", ["participant"] = UniqueName("ghost") });

        await response.ShouldBeValidationProblemAsync("/participant", "unknown-value");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateKey_OperatorWithParticipant_Returns400MismatchAtParticipant()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "operator", ["participant"] = "fixture-participant" });

        await response.ShouldBeValidationProblemAsync("/participant", "mismatch");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateKey_LabelTooLong_Returns400AtLabel()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = "auditor", ["label"] = new string('l', 201) });

        await response.ShouldBeValidationProblemAsync("/label", "invalid-format");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task RevokeKey_Unknown_Returns404AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.DeleteAsync($"{Keys}/{RandomNumberGenerator.GetString(KeyIdAlphabet, 12)}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task RevokeKey_Twice_SecondIs204AndKeepsFirstRevocationTime()
    {
        var (keyId, _) = await CreateKeyAsync("auditor");
        using var client = _host.Client(_host.OperatorKey);
        using (var first = await client.DeleteAsync($"{Keys}/{keyId}", Ct))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var before = await _host.SnapshotAsync();

        using var second = await client.DeleteAsync($"{Keys}/{keyId}", Ct);

        second.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    private static string Secret(string key) => key[(key.IndexOf('_', 4) + 1)..];

    private static string RandomKey(string keyId) =>
        $"tcb_{keyId}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    private string KeyFor(string role) => role switch
    {
        "operator" => _host.OperatorKey,
        "auditor" => _host.AuditorKey,
        "participant" => _host.ParticipantKey,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private async Task<(string KeyId, string Key)> CreateKeyAsync(string role)
    {
        using var client = _host.Client(_host.OperatorKey);
        using var response = await client.PostJsonAsync(Keys, new JsonObject { ["role"] = role, ["label"] = "test" });
        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (created.Str("keyId"), created.Str("key"));
    }
}
