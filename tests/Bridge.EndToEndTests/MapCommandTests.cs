using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary><c>bridge map</c> and <c>bridge verify-document</c> as a shell runs them: offline, exit codes, stdout/stderr.</summary>
[Trait("Category", "EndToEnd")]
public sealed class MapCommandTests : IClassFixture<BridgeHostFixture>, IDisposable
{
    private const string BillOfLading =
        """
        {"docType":"BILL_OF_LADING","documentNumber":"MEDUTT912077","issueDate":"2024-03-01","isToOrder":true,
         "carrier":{"scheme":"SCAC","value":"MSCU"},"equipmentReferences":["MSMU1301725"],
         "parties":[{"name":"Shipper Co","roles":["SHIPPER"],"identifiers":[{"scheme":"LEI","value":"5493001KJTIIGC8Y1R12"}]}]}
        """;

    private readonly BridgeHostFixture _host;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"map-{Guid.NewGuid():N}")).FullName;

    public MapCommandTests(BridgeHostFixture host) => _host = host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Map_CanonicalDocument_Exits0AndPrintsIdHashAndDocument()
    {
        var file = Write("bl.json", BillOfLading);

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", file], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        using var output = JsonDocument.Parse(stdout);
        var document = output.RootElement.GetProperty("documents").EnumerateArray().Single();
        document.GetProperty("contentSha256").GetString()!.ShouldMatch("^[0-9a-f]{64}$");
        Guid.TryParse(document.GetProperty("id").GetString(), out _).ShouldBeTrue();
        document.GetProperty("document").GetProperty("documentNumber").GetString().ShouldBe("MEDUTT912077");
        document.GetProperty("document").GetProperty("provenance").GetProperty("rawSha256").GetString()
            .ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        output.RootElement.TryGetProperty("events", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Map_SameFileTwice_GivesTheSameIdAndHash()
    {
        var file = Write("bl.json", BillOfLading);

        var first = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", file], cancellationToken: Ct);
        var second = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", file], cancellationToken: Ct);

        Pick(first.Stdout, "id").ShouldBe(Pick(second.Stdout, "id"));
        Pick(first.Stdout, "contentSha256").ShouldBe(Pick(second.Stdout, "contentSha256"));

        static string Pick(string stdout, string member)
        {
            using var d = JsonDocument.Parse(stdout);
            return d.RootElement.GetProperty("documents")[0].GetProperty(member).GetString()!;
        }
    }

    [Fact]
    public async Task Map_StandardInput_ReadsTheDash()
    {
        var (exit, stdout, stderr) = await RunWithStdinAsync(["map", "--from", "canonical", "-"], BillOfLading);

        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("MEDUTT912077");
    }

    [Fact]
    public async Task Map_CheckDigitWarning_PrintedOnStderrAndExit0()
    {
        var file = Write("event.json", """{"category":"EQUIPMENT","classifier":"ACT","typeCode":"LOAD","eventDateTime":"2024-03-02T10:00:00+01:00","equipment":{"equipmentReference":"MSCU1234567"}}""");

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", file], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        stderr.ShouldContain("warning: /equipment/equipmentReference check-digit ");
        stdout.ShouldContain("\"eventDateTime\": \"2024-03-02T10:00:00+01:00\"");
    }

    [Fact]
    public async Task Map_InvalidInput_Exits1WithFieldLevelErrors()
    {
        var file = Write("bad.json", """{"category":"EQUIPMENT","classifier":"ACT","typeCode":"FLY","eventDateTime":"2024-03-02T10:00:00Z","location":{"unLocode":"NL-RTM"}}""");
        var missing = Write("missing.json", """{"category":"EQUIPMENT","classifier":"ACT","typeCode":"LOAD"}""");

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", file], cancellationToken: Ct);
        var second = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", missing], cancellationToken: Ct);

        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error: /typeCode unknown-value ");
        stderr.ShouldContain("error: /location/unLocode invalid-format ");
        second.ExitCode.ShouldBe(1);
        second.Stderr.ShouldContain("error: /eventDateTime required ");
    }

    [Fact]
    public async Task Map_UnknownFormat_Exits2()
    {
        var file = Write("bl.json", BillOfLading);

        var (exit, _, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "edifact", file], cancellationToken: Ct);

        exit.ShouldBe(2);
        stderr.ShouldContain("edifact");
    }

    [Fact]
    public async Task Map_MissingFile_Exits1()
    {
        var (exit, _, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "canonical", Path.Combine(_dir, "nope.json")], cancellationToken: Ct);

        exit.ShouldBe(1);
        stderr.ShouldStartWith("error: cannot read");
    }

    [Fact]
    public async Task VerifyDocument_SavedAuditorResponse_Exits0Valid_AndTamperedExits1()
    {
        using var operatorClient = Client(_host.OperatorKey);
        using var post = await operatorClient.PostAsync("/api/v1/documents", new StringContent(BillOfLading.Replace("MEDUTT912077", $"E2E{Guid.NewGuid():N}"[..16], StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);
        post.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await post.Content.ReadAsStringAsync(Ct));
        using var stored = JsonDocument.Parse(await post.Content.ReadAsStringAsync(Ct));
        var item = stored.RootElement.GetProperty("items")[0];
        using var auditor = Client(_host.AuditorKey);
        var saved = await auditor.GetStringAsync($"/api/v1/documents/{item.GetProperty("id").GetString()}", Ct);
        var file = Write("redacted.json", saved);

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["verify-document", file], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        stdout.ShouldStartWith($"valid bridge-salted-merkle-v1 root {item.GetProperty("commitmentRoot").GetString()}");

        var node = JsonNode.Parse(saved)!;
        node["disclosure"]!["fields"]!["/issueDate"] = "2024-03-02";
        var tampered = await BridgeProcess.RunAsync(_dir, ["verify-document", Write("tampered.json", node.ToJsonString())], cancellationToken: Ct);
        tampered.ExitCode.ShouldBe(1);
        tampered.Stdout.ShouldStartWith("invalid: root-mismatch");

        node = JsonNode.Parse(saved)!;
        node["commitmentRoot"] = new string('0', 64);
        var otherRoot = await BridgeProcess.RunAsync(_dir, ["verify-document", Write("other-root.json", node.ToJsonString())], cancellationToken: Ct);
        otherRoot.ExitCode.ShouldBe(1);
        otherRoot.Stdout.ShouldStartWith("invalid: unexpected-root");
    }

    [Fact]
    public async Task VerifyDocument_NotADocument_Exits1()
    {
        var (exit, stdout, _) = await BridgeProcess.RunAsync(_dir, ["verify-document", Write("x.json", """{"hello":"world"}""")], cancellationToken: Ct);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("invalid: not a recognised document");
    }

    [Fact]
    public async Task Map_Tnt22FixtureToTnt22_Exits0AndWritesEveryEventBack()
    {
        var fixture = Conformance("dcsa", "tnt-2.2", "tnt-220-response.json");

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "dcsa-tnt-2.2", "--to", "dcsa-tnt-2.2", fixture], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        using var output = JsonDocument.Parse(stdout);
        using var input = JsonDocument.Parse(File.ReadAllBytes(fixture));
        output.RootElement.EnumerateArray().Select(e => e.GetProperty("eventID").GetString())
            .ShouldBe(input.RootElement.EnumerateArray().Select(e => e.GetProperty("eventID").GetString()));
        output.RootElement[0].GetProperty("eventDateTime").GetString().ShouldBe("2021-01-09T14:12:56+01:00");
    }

    [Fact]
    public async Task Map_EblFixture_Exits1NamingTheMissingReferenceWithWarnings()
    {
        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "dcsa-ebl-3.0", Conformance("dcsa", "ebl-3.0", "ebl-api-3.0.0-negotiable-bl.json")], cancellationToken: Ct);

        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error: /transportDocumentReference required ");
        stderr.ShouldContain("warning: /utilizedTransportEquipments/0/equipmentReference check-digit ");
    }

    [Fact]
    public async Task Map_EblFixtureWithReferenceToEbl30_Exits0AndKeepsTheReference()
    {
        var document = JsonNode.Parse(File.ReadAllText(Conformance("dcsa", "ebl-3.0", "ebl-api-3.0.0-negotiable-bl.json")))!;
        document["transportDocumentReference"] = "E2EBL0000001";

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "dcsa-ebl-3.0", "--to", "dcsa-ebl-3.0", Write("ebl.json", document.ToJsonString())], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        using var output = JsonDocument.Parse(stdout);
        output.RootElement.GetProperty("transportDocumentReference").GetString().ShouldBe("E2EBL0000001");
        output.RootElement.GetProperty("isToOrder").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Map_EventsToEbl30_Exits1()
    {
        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["map", "--from", "dcsa-tnt-3.0", "--to", "dcsa-ebl-3.0", Conformance("dcsa", "tnt-3.0", "tnt-300-request-equipment.json")], cancellationToken: Ct);

        exit.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("error: (root) required ");
    }

    [Theory]
    [InlineData("not-obfuscated-wrapped.json")]
    [InlineData("obfuscated-wrapped.json")]
    public async Task VerifyDocument_OpenAttestationFixture_Exits0WithItsHashes(string file)
    {
        var path = Conformance("openattestation", "v2", file);
        using var fixture = JsonDocument.Parse(File.ReadAllBytes(path));
        var signature = fixture.RootElement.GetProperty("signature");

        var (exit, stdout, stderr) = await BridgeProcess.RunAsync(_dir, ["verify-document", path], cancellationToken: Ct);

        exit.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe($"valid openattestation-v2 targetHash {signature.GetProperty("targetHash").GetString()} merkleRoot {signature.GetProperty("merkleRoot").GetString()}");
    }

    [Fact]
    public async Task VerifyDocument_TamperedOpenAttestation_Exits1()
    {
        var document = JsonNode.Parse(File.ReadAllText(Conformance("openattestation", "v2", "not-obfuscated-wrapped.json")))!;
        var issuerName = document["data"]!["issuers"]![0]!["name"]!.GetValue<string>();
        document["data"]!["issuers"]![0]!["name"] = issuerName[..^1] + (issuerName[^1] == 'x' ? 'y' : 'x');

        var (exit, stdout, _) = await BridgeProcess.RunAsync(_dir, ["verify-document", Write("oa.json", document.ToJsonString())], cancellationToken: Ct);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("invalid: target-hash-mismatch");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file of ../shared/conformance beside the folder that holds Bridge.sln.</summary>
    private static string Conformance(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
        {
            dir = dir.Parent;
        }

        dir.ShouldNotBeNull("no Bridge.sln above the test binaries");
        return Path.Combine([dir.Parent!.FullName, "shared", "conformance", .. parts]);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Runs the real bridge program with <paramref name="stdin"/> piped in (BridgeProcess does not redirect input).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunWithStdinAsync(IReadOnlyList<string> args, string stdin)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(BridgeProcess.BridgeDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
