using Bridge.Testing;

namespace Bridge.EndToEndTests;

/// <summary>
/// <c>bridge demo</c>, the README's run command (through <c>eng/run.sh</c>), as a process: it starts the simulators, the dev
/// chain and the host, walks through flows (a)–(d) and checks a proof file offline; with <c>--exit</c> it stops after that.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_WalksThroughTheFlowsAndSaysWhereToLook()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridge-tests", $"e2e-demo-{Guid.NewGuid():N}")).FullName;
        try
        {
            var url = $"http://127.0.0.1:{BridgeProcess.FreePort()}";
            var (exit, stdout, stderr) = await BridgeProcess.RunAsync(dir, ["demo", "--exit", "--urls", url, "--data", Path.Combine(dir, "demo")], null, ct);

            exit.ShouldBe(0, $"{stdout}\n{stderr}");
            stdout.ShouldContain("(a) Sharing a bill of lading on the platform");
            stdout.ShouldContain("both proven by the platform's signature");
            stdout.ShouldContain("released on Fabric (tx");
            stdout.ShouldContain("Fabric active, Ethereum burned", Case.Sensitive, "after the round trip the title is live on Fabric only");
            stdout.ShouldContain("flags title-live-twice");
            stdout.ShouldContain("bundle valid: all 3 checks hold");
            stdout.ShouldContain($"{url}/api/v1/shipments/");
            File.Exists(Path.Combine(dir, "demo", "proofs", "document-anchor-ethereum.json")).ShouldBeTrue();
            File.Exists(Path.Combine(dir, "demo", "proofs", "title-ethereum-to-fabric.json")).ShouldBeTrue();
            stdout.ShouldNotContain(File.ReadAllText(Path.Combine(dir, "demo", "keys", "relay-1.key")).Trim(), Case.Insensitive, "keys are never printed");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
