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

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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
