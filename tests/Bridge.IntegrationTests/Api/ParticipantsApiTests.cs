using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

[Trait("Category", "Integration")]
public sealed class ParticipantsApiTests : IClassFixture<BridgeHostFixture>
{
    private const string Participants = "/api/v1/participants";
    private readonly BridgeHostFixture _host;

    public ParticipantsApiTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task Create_WithRolesAndIdentifiers_Returns201WithLocationAndBody()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("carrier");
        var body = Bodies.Participant(
            name,
            new JsonArray("carrier", "shipper"),
            new JsonArray(Bodies.Identifier("scac", "MSCU"), Bodies.Identifier("lei", Bodies.ValidLei), Bodies.Identifier("gln", Bodies.ValidGln)));

        using var response = await client.PostJsonAsync(Participants, body);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe($"{Participants}/{name}");
        created.Str("name").ShouldBe(name);
        created.Str("displayName").ShouldBe($"Participant {name}");
        Guid.TryParse(created.Str("id"), out _).ShouldBeTrue();
        created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["carrier", "shipper"]);
        created.GetProperty("identifiers").EnumerateArray().Select(i => $"{i.Str("scheme")}:{i.Str("value")}")
            .ShouldBe([$"gln:{Bodies.ValidGln}", $"lei:{Bodies.ValidLei}", "scac:MSCU"]);

        using var get = await client.GetAsync(response.Headers.Location, Ct);
        var stored = await get.ShouldBeJsonAsync(HttpStatusCode.OK);
        stored.Str("id").ShouldBe(created.Str("id"));
        JsonElement.DeepEquals(stored.GetProperty("identifiers"), created.GetProperty("identifiers")).ShouldBeTrue(stored.GetRawText());
        JsonElement.DeepEquals(stored.GetProperty("roles"), created.GetProperty("roles")).ShouldBeTrue(stored.GetRawText());
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM participant_identifiers i JOIN participants p ON p.id = i.participant_id WHERE p.name = '{name}'")).ShouldBe(3);
    }

    [Fact]
    public async Task Create_NoIdentifiersNoDisplayName_DefaultsDisplayNameAndEmptyIdentifiers()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("bare");
        var body = Bodies.Participant(name);
        body.Remove("displayName");
        body.Remove("identifiers");

        using var response = await client.PostJsonAsync(Participants, body);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        created.Str("displayName").ShouldBe(name);
        created.GetProperty("identifiers").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_PagesOfTwo_ReturnsEveryParticipantOnceInNameOrder()
    {
        using var client = _host.Client(_host.OperatorKey);
        var prefix = UniqueName("page");
        var mine = Enumerable.Range(1, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in mine.AsEnumerable().Reverse())
        {
            using var create = await client.PostJsonAsync(Participants, Bodies.Participant(name, identifiers: new JsonArray(Bodies.Identifier("lei", Bodies.RandomLei()))));
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = cursor is null ? $"{Participants}?limit=2" : $"{Participants}?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            using var response = await client.GetAsync(url, Ct);
            var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            items.Count.ShouldBeLessThanOrEqualTo(2);
            if (cursor is not null)
            {
                items.Count.ShouldBe(2);
            }

            foreach (var item in items.Where(i => i.Str("name").StartsWith(prefix, StringComparison.Ordinal)))
            {
                item.GetProperty("identifiers").GetArrayLength().ShouldBe(1);
            }

            seen.AddRange(items.Select(i => i.Str("name")));
            (++pages).ShouldBeLessThan(1000);
        }
        while (cursor is not null);

        // Tests of one class run one at a time, so the table holds exactly what was paged through.
        seen.ShouldBeUnique();
        seen.Count.ShouldBe((int)await _host.ScalarAsync<long>("SELECT count(*) FROM participants"));
        seen.ShouldContain("fixture-participant");
        seen.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)).ShouldBe(mine);
    }

    [Fact]
    public async Task Update_NewRolesAndIdentifiers_ReplacesThem()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("upd");
        var oldLei = Bodies.RandomLei();
        var keptLei = Bodies.RandomLei();
        using var create = await client.PostJsonAsync(Participants, Bodies.Participant(
            name, new JsonArray("carrier"), new JsonArray(Bodies.Identifier("lei", oldLei), Bodies.Identifier("lei", keptLei))));
        var created = await create.ShouldBeJsonAsync(HttpStatusCode.Created);
        var changed = Bodies.Participant(name, new JsonArray("bank", "insurer"), new JsonArray(Bodies.Identifier("lei", keptLei), Bodies.Identifier("bic", "DEUTDEFF500")));
        changed["displayName"] = "Changed";

        using var response = await client.PutJsonAsync($"{Participants}/{name}", changed);

        var updated = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        updated.Str("id").ShouldBe(created.Str("id"));
        updated.Str("displayName").ShouldBe("Changed");
        updated.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["bank", "insurer"]);
        var expected = new[] { "bic:DEUTDEFF500", $"lei:{keptLei}" };
        updated.GetProperty("identifiers").EnumerateArray().Select(i => $"{i.Str("scheme")}:{i.Str("value")}").ShouldBe(expected);
        using var get = await client.GetAsync($"{Participants}/{name}", Ct);
        (await get.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("identifiers").EnumerateArray().Select(i => $"{i.Str("scheme")}:{i.Str("value")}").ShouldBe(expected);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM participant_identifiers WHERE value = '{oldLei}'")).ShouldBe(0);

        // The released identifier may now be used by someone else.
        using var reuse = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("reuse"), identifiers: new JsonArray(Bodies.Identifier("lei", oldLei))));
        reuse.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Update_NewNameInBody_RenamesParticipant()
    {
        using var client = _host.Client(_host.OperatorKey);
        var oldName = UniqueName("old");
        var newName = UniqueName("new");
        var lei = Bodies.RandomLei();
        using (var create = await client.PostJsonAsync(Participants, Bodies.Participant(oldName, identifiers: new JsonArray(Bodies.Identifier("lei", lei)))))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await client.PutJsonAsync($"{Participants}/{oldName}", Bodies.Participant(newName, identifiers: new JsonArray(Bodies.Identifier("lei", lei))));

        (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").ShouldBe(newName);
        using var getOld = await client.GetAsync($"{Participants}/{oldName}", Ct);
        await getOld.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var getNew = await client.GetAsync($"{Participants}/{newName}", Ct);
        (await getNew.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("identifiers")[0].Str("value").ShouldBe(lei);
    }

    [Fact]
    public async Task Delete_Existing_Returns204AndRemovesItsIdentifiers()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("del");
        var lei = Bodies.RandomLei();
        using (var create = await client.PostJsonAsync(Participants, Bodies.Participant(name, identifiers: new JsonArray(Bodies.Identifier("lei", lei)))))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var response = await client.DeleteAsync($"{Participants}/{name}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var get = await client.GetAsync($"{Participants}/{name}", Ct);
        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM participant_identifiers WHERE value = '{lei}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409AtNameAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("dup");
        using (var first = await client.PostJsonAsync(Participants, Bodies.Participant(name)))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(name, identifiers: new JsonArray(Bodies.Identifier("lei", Bodies.RandomLei()))));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_IdentifierOfAnotherParticipant_Returns409AtIdentifiersAndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var lei = Bodies.RandomLei();
        using (var first = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("owner"), identifiers: new JsonArray(Bodies.Identifier("lei", lei)))))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var name = UniqueName("thief");
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(
            name, identifiers: new JsonArray(Bodies.Identifier("scac", "ABCD"), Bodies.Identifier("lei", lei))));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/identifiers");
        (await _host.SnapshotAsync()).ShouldBe(before);
        using var get = await client.GetAsync($"{Participants}/{name}", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_IdentifierOfAnotherParticipant_Returns409AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var takenLei = Bodies.RandomLei();
        var ownLei = Bodies.RandomLei();
        var name = UniqueName("upd409");
        using (var owner = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("owner"), identifiers: new JsonArray(Bodies.Identifier("lei", takenLei)))))
        using (var create = await client.PostJsonAsync(Participants, Bodies.Participant(name, identifiers: new JsonArray(Bodies.Identifier("lei", ownLei)))))
        {
            owner.StatusCode.ShouldBe(HttpStatusCode.Created);
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = await _host.SnapshotAsync();
        var changed = Bodies.Participant(name, new JsonArray("bank"), new JsonArray(Bodies.Identifier("lei", takenLei)));
        changed["displayName"] = "Must not stick";

        using var response = await client.PutJsonAsync($"{Participants}/{name}", changed);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/identifiers");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Update_RenameOntoExistingName_Returns409AndBothUnchanged()
    {
        using var client = _host.Client(_host.OperatorKey);
        var a = UniqueName("a");
        var b = UniqueName("b");
        using (var createA = await client.PostJsonAsync(Participants, Bodies.Participant(a)))
        using (var createB = await client.PostJsonAsync(Participants, Bodies.Participant(b, new JsonArray("bank"))))
        {
            createA.StatusCode.ShouldBe(HttpStatusCode.Created);
            createB.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = await _host.SnapshotAsync();

        using var response = await client.PutJsonAsync($"{Participants}/{a}", Bodies.Participant(b, new JsonArray("customs")));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        (await _host.SnapshotAsync()).ShouldBe(before);
        using var getB = await client.GetAsync($"{Participants}/{b}", Ct);
        (await getB.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("roles")[0].GetString().ShouldBe("bank");
    }

    [Theory]
    [InlineData("captain", "/roles/0", "unknown-value")]
    [InlineData("Carrier", "/roles/0", "unknown-value")]
    [InlineData("", "/roles/0", "required")]
    public async Task Create_InvalidRole_Returns400AtThatRole(string role, string field, string code)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("role"), new JsonArray(role)));

        await response.ShouldBeValidationProblemAsync(field, code);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_DuplicateRole_Returns400DuplicateAtSecondRole()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("role"), new JsonArray("bank", "bank")));

        await response.ShouldBeValidationProblemAsync("/roles/1", "duplicate");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_NoRoles_Returns400RequiredAtRoles()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("noroles"), new JsonArray()));

        await response.ShouldBeValidationProblemAsync("/roles", "required");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("lei", "5493001KJTIIGC8Y1R13", "/identifiers/0/value", "check-digit")]
    [InlineData("lei", "5493001KJTIIGC8Y1R1", "/identifiers/0/value", "invalid-format")]
    [InlineData("gln", "0614141073468", "/identifiers/0/value", "check-digit")]
    [InlineData("scac", "mscu", "/identifiers/0/value", "invalid-format")]
    [InlineData("duns", "150483782", "/identifiers/0/scheme", "unknown-value")]
    [InlineData("lei", "", "/identifiers/0/value", "required")]
    public async Task Create_InvalidIdentifier_Returns400AtThatIdentifier(string scheme, string value, string field, string code)
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("ident"), identifiers: new JsonArray(Bodies.Identifier(scheme, value))));

        await response.ShouldBeValidationProblemAsync(field, code);
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_SameIdentifierTwice_Returns400DuplicateAtSecond()
    {
        using var client = _host.Client(_host.OperatorKey);
        var lei = Bodies.RandomLei();
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(
            UniqueName("twice"), identifiers: new JsonArray(Bodies.Identifier("lei", lei), Bodies.Identifier("lei", lei))));

        await response.ShouldBeValidationProblemAsync("/identifiers/1", "duplicate");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_InvalidName_Returns400AtName()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant("Not A Slug"));

        await response.ShouldBeValidationProblemAsync("/name", "invalid-format");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_UnknownIdentifierMember_Returns400MalformedAtThatMember()
    {
        using var client = _host.Client(_host.OperatorKey);
        var identifier = Bodies.Identifier("lei", Bodies.RandomLei());
        identifier["issuer"] = "GLEIF";
        var before = await _host.SnapshotAsync();

        using var response = await client.PostJsonAsync(Participants, Bodies.Participant(UniqueName("member"), identifiers: new JsonArray(identifier)));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed-request", "/identifiers/0/issuer");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Participants}/{UniqueName("missing")}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Update_Unknown_Returns404AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("missing");
        var before = await _host.SnapshotAsync();

        using var response = await client.PutJsonAsync($"{Participants}/{name}", Bodies.Participant(name));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_Unknown_Returns404AndChangesNothing()
    {
        using var client = _host.Client(_host.OperatorKey);
        var before = await _host.SnapshotAsync();

        using var response = await client.DeleteAsync($"{Participants}/{UniqueName("missing")}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await _host.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_WithActiveApiKey_Returns409UntilTheKeyIsRevoked()
    {
        using var client = _host.Client(_host.OperatorKey);
        var name = UniqueName("keyed");
        var lei = Bodies.RandomLei();
        using (var create = await client.PostJsonAsync(Participants, Bodies.Participant(name, identifiers: new JsonArray(Bodies.Identifier("lei", lei)))))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var keyResponse = await client.PostJsonAsync("/api/v1/keys", new JsonObject { ["role"] = "participant", ["participant"] = name, ["label"] = "for delete test" });
        var key = await keyResponse.ShouldBeJsonAsync(HttpStatusCode.Created);
        var before = await _host.SnapshotAsync();

        using var refused = await client.DeleteAsync($"{Participants}/{name}", Ct);

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict", "/name");
        (await _host.SnapshotAsync()).ShouldBe(before);
        using (var stillThere = await client.GetAsync($"{Participants}/{name}", Ct))
        {
            stillThere.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var revoke = await client.DeleteAsync($"/api/v1/keys/{key.Str("keyId")}", Ct);
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var deleted = await client.DeleteAsync($"{Participants}/{name}", Ct);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var get = await client.GetAsync($"{Participants}/{name}", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE key_id = '{key.Str("keyId")}'")).ShouldBe(0);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM participant_identifiers WHERE value = '{lei}'")).ShouldBe(0);
    }
}
