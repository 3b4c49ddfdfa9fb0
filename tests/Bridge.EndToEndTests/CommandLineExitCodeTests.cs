using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>The <c>bridge</c> program's exit codes as a shell sees them.</summary>
[Trait("Category", "EndToEnd")]
public sealed class CommandLineExitCodeTests
{
    private static readonly string Workdir = Path.GetTempPath();

    [Fact]
    public async Task UnknownVerb_Exits2()
    {
        var (exit, _, stderr) = await BridgeProcess.RunAsync(Workdir, ["frobnicate"], cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(2);
        stderr.ShouldContain("frobnicate");
    }

    [Fact]
    public async Task NetworksList_HostUnreachable_Exits3()
    {
        var url = $"http://127.0.0.1:{BridgeProcess.FreePort()}";
        var (exit, _, stderr) = await BridgeProcess.RunAsync(Workdir, ["networks", "list", "--url", url, "--api-key", "tcb_notarealkey"], cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(3);
        stderr.ShouldContain("cannot reach the bridge");
    }

    [Fact]
    public async Task Serve_PostgresBinariesMissing_Exits3AndNamesThePackage()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-{Guid.NewGuid():N}")).FullName;
        try
        {
            var (exit, _, stderr) = await BridgeProcess.RunAsync(dir, ["serve", "--urls", $"http://127.0.0.1:{BridgeProcess.FreePort()}", "--Bridge:Database:Embedded:BinDirectory=/nonexistent/pg/bin"], cancellationToken: TestContext.Current.CancellationToken);
            exit.ShouldBe(3);
            stderr.ShouldContain("apt-get install -y postgresql");
            stderr.ShouldNotContain("   at ", customMessage: "errors are one line, not a stack trace");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
