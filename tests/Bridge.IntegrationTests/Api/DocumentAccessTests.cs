using System.Net;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Disclosure;
using Bridge.Testing;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>GET /api/v1/documents/{id}: who sees what.</summary>
[Trait("Category", "Integration")]
public sealed class DocumentAccessTests : IClassFixture<BridgeHostFixture>
{
    private readonly BridgeHostFixture _host;

    public DocumentAccessTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task Get_Operator_SeesTheWholeDocumentWithProvenance()
    {
        var (id, number, stored) = await StoreBillOfLadingAsync(Bodies.RandomLei());
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Records.Documents}/{id}", Ct);

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.Str("id").ShouldBe(id);
        body.Str("docType").ShouldBe("BILL_OF_LADING");
        body.Str("documentNumber").ShouldBe(number);
        body.Str("contentSha256").ShouldBe(stored.Str("contentSha256"));
        body.Str("commitmentRoot").ShouldBe(stored.Str("commitmentRoot"));
        body.GetProperty("version").GetInt32().ShouldBe(1);
        body.GetProperty("provenance").Str("sourceSystem").ShouldBe("CANONICAL");
        body.GetProperty("provenance").Str("rawSha256").ShouldMatch("^[0-9a-f]{64}$");
        var document = body.GetProperty("document");
        document.Str("documentNumber").ShouldBe(number);
        document.GetProperty("goodsItems")[0].Str("description").ShouldBe("Roasted coffee");
        body.Has("disclosure").ShouldBeFalse();
        body.ToString().ShouldNotContain("secret", Case.Insensitive);
    }

    [Fact]
    public async Task Get_ParticipantWhoseLeiIsAParty_SeesTheWholeDocument()
    {
        var lei = Bodies.RandomLei();
        var (id, number, _) = await StoreBillOfLadingAsync(lei);
        using var client = _host.Client(await Records.ParticipantKeyAsync(_host, ("lei", lei)));

        using var response = await client.GetAsync($"{Records.Documents}/{id}", Ct);

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.GetProperty("document").Str("documentNumber").ShouldBe(number);
    }

    [Fact]
    public async Task Get_ParticipantWhoIsTheCarrierByScac_SeesTheWholeDocument()
    {
        var scac = "Q" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(3).Select(char.ToUpperInvariant)]).PadRight(3, 'X');
        using var operatorClient = _host.Client(_host.OperatorKey);
        var payload = Records.BillOfLading(Records.UniqueReference("SCAC"), "B1", "MSCU1234566");
        payload["carrier"]!["value"] = scac;
        var id = (await operatorClient.StoreAsync(Records.Documents, payload)).Single().Str("id");
        using var client = _host.Client(await Records.ParticipantKeyAsync(_host, ("scac", scac)));

        using var response = await client.GetAsync($"{Records.Documents}/{id}", Ct);

        await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_ParticipantNotAParty_Gets404LikeAMissingDocument()
    {
        var (id, _, _) = await StoreBillOfLadingAsync(Bodies.RandomLei());
        using var client = _host.Client(await Records.ParticipantKeyAsync(_host, ("lei", Bodies.RandomLei())));

        using var hidden = await client.GetAsync($"{Records.Documents}/{id}", Ct);
        using var missing = await client.GetAsync($"{Records.Documents}/{Guid.NewGuid()}", Ct);

        var a = await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        var b = await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        a.Str("title").ShouldBe(b.Str("title"));
        a.Str("detail").Replace(id, "ID", StringComparison.Ordinal).ShouldBe(b.Str("detail").Replace(missing.RequestMessage!.RequestUri!.Segments[^1], "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_Auditor_GetsRedactedDisclosureThatVerifiesAgainstTheRoot()
    {
        var lei = Bodies.RandomLei();
        var (id, number, stored) = await StoreBillOfLadingAsync(lei);
        using var client = _host.Client(_host.AuditorKey);

        using var response = await client.GetAsync($"{Records.Documents}/{id}", Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.GetProperty("redacted").GetBoolean().ShouldBeTrue();
        body.Str("commitmentRoot").ShouldBe(stored.Str("commitmentRoot"));
        body.Has("document").ShouldBeFalse();
        var disclosure = body.GetProperty("disclosure");
        disclosure.Str("scheme").ShouldBe("bridge-salted-merkle-v1");
        disclosure.Str("root").ShouldBe(stored.Str("commitmentRoot"));
        disclosure.GetProperty("fields").EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal).ShouldBe(["/docType", "/documentNumber", "/issueDate"]);
        disclosure.GetProperty("fields").Str("/documentNumber").ShouldBe(number);
        disclosure.GetProperty("hidden").GetArrayLength().ShouldBeGreaterThan(5);

        // Nothing hidden leaks: not the party's LEI, the goods, or the booking.
        text.ShouldNotContain(lei);
        text.ShouldNotContain("Roasted coffee");
        text.ShouldNotContain("MSCU1234566");

        var parsed = DisclosureJson.Parse(Encoding.UTF8.GetBytes(disclosure.GetRawText())).ShouldBeOfType<DisclosureParseResult<SaltedDisclosure>.Success>();
        var verdict = CommitmentVerifier.Verify(parsed.Value, stored.Str("commitmentRoot")).ShouldBeOfType<CommitmentVerdict.Valid>();
        verdict.HiddenCount.ShouldBe(disclosure.GetProperty("hidden").GetArrayLength());
    }

    [Fact]
    public async Task Get_AuditorTamperedDisclosure_DoesNotVerify()
    {
        var (id, _, stored) = await StoreBillOfLadingAsync(Bodies.RandomLei());
        using var client = _host.Client(_host.AuditorKey);
        using var response = await client.GetAsync($"{Records.Documents}/{id}", Ct);
        var disclosure = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("disclosure").GetRawText();

        var tampered = disclosure.Replace("\"2024-03-01\"", "\"2024-03-02\"", StringComparison.Ordinal);

        tampered.ShouldNotBe(disclosure);
        var parsed = DisclosureJson.Parse(Encoding.UTF8.GetBytes(tampered)).ShouldBeOfType<DisclosureParseResult<SaltedDisclosure>.Success>();
        CommitmentVerifier.Verify(parsed.Value, stored.Str("commitmentRoot")).ShouldBeOfType<CommitmentVerdict.Invalid>();
    }

    [Fact]
    public async Task Get_NotAGuid_Returns404()
    {
        using var client = _host.Client(_host.OperatorKey);

        using var response = await client.GetAsync($"{Records.Documents}/not-an-id", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<(string Id, string Number, JsonElement Stored)> StoreBillOfLadingAsync(string shipperLei)
    {
        using var client = _host.Client(_host.OperatorKey);
        var number = Records.UniqueReference("ACC");
        var stored = (await client.StoreAsync(Records.Documents, Records.BillOfLading(number, Records.UniqueReference("BKG"), "MSCU1234566", shipperLei))).Single();
        return (stored.Str("id"), number, stored);
    }
}
