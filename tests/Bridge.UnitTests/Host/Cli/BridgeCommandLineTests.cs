using System.Net.Sockets;
using Bridge.Host.Cli;
using Bridge.Relay.Persistence.Embedded;
using Npgsql;

namespace Bridge.UnitTests.Host.Cli;

/// <summary>
/// Runs the real command tree with captured output. Only paths that fail before touching a database or a
/// reachable host are exercised here; the API key is always passed explicitly so that BRIDGE_API_KEY in the
/// environment cannot change the outcome.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BridgeCommandLineTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await BridgeCommandLine.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_UnknownVerb_IsUsageErrorNamingIt()
    {
        var (exitCode, stdout, stderr) = await RunAsync("frobnicate");

        exitCode.ShouldBe(ExitCodes.Usage);
        exitCode.ShouldBe(2);
        stderr.ShouldContain("frobnicate");
        stderr.ShouldContain("Run 'bridge --help' for usage.");
        stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_NetworksAddWithUnknownKind_IsUsageErrorPointingAtTheVerbHelp()
    {
        var (exitCode, _, stderr) = await RunAsync("networks", "add", "--name", "n", "--kind", "bitcoin", "--api-key", "k");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("bitcoin");
        stderr.ShouldContain("Run 'bridge networks add --help' for usage.");
    }

    [Fact]
    public async Task RunAsync_KeysCreateWithoutRole_IsUsageError()
    {
        var (exitCode, _, stderr) = await RunAsync("keys", "create");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--role");
        stderr.ShouldContain("Run 'bridge keys create --help' for usage.");
    }

    [Fact]
    public async Task RunAsync_KeysCreateWithUnknownRole_IsUsageError()
    {
        var (exitCode, _, stderr) = await RunAsync("keys", "create", "--role", "admin");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("admin");
    }

    [Fact]
    public async Task RunAsync_RootHelp_ListsEveryVerb()
    {
        var (exitCode, stdout, stderr) = await RunAsync("--help");

        exitCode.ShouldBe(ExitCodes.Ok);
        foreach (var verb in new[] { "serve", "db", "keys", "networks", "participants" })
        {
            stdout.ShouldContain(verb);
        }

        stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_NetworksHelp_ListsItsSubcommands()
    {
        var (exitCode, stdout, _) = await RunAsync("networks", "--help");

        exitCode.ShouldBe(ExitCodes.Ok);
        stdout.ShouldContain("list");
        stdout.ShouldContain("add");
        stdout.ShouldContain("show");
    }

    [Fact]
    public async Task RunAsync_ParticipantsListHelp_ListsTheClientOptions()
    {
        var (exitCode, stdout, _) = await RunAsync("participants", "list", "--help");

        exitCode.ShouldBe(ExitCodes.Ok);
        stdout.ShouldContain("--url");
        stdout.ShouldContain("--api-key");
        stdout.ShouldContain("--output");
        stdout.ShouldContain("BRIDGE_API_KEY");
    }

    [Fact]
    public async Task RunAsync_NetworksAddHelp_ListsTheDefinitionOptions()
    {
        var (exitCode, stdout, _) = await RunAsync("networks", "add", "--help");

        exitCode.ShouldBe(ExitCodes.Ok);
        foreach (var option in new[] { "--file", "--name", "--kind", "--display-name", "--endpoint", "--trust-anchors" })
        {
            stdout.ShouldContain(option);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RunAsync_NetworksListWithoutApiKey_IsUsageErrorExplainingTheKey(string apiKey)
    {
        var (exitCode, _, stderr) = await RunAsync("networks", "list", "--api-key", apiKey, "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("an API key is required: pass --api-key or set BRIDGE_API_KEY");
    }

    [Theory]
    [InlineData("ftp://bridge.example.com")]
    [InlineData("not a url")]
    public async Task RunAsync_NonHttpUrl_IsUsageError(string url)
    {
        var (exitCode, _, stderr) = await RunAsync("participants", "list", "--api-key", "k", "--url", url);

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain($"--url '{url}' is not an http(s) URL");
    }

    [Fact]
    public async Task RunAsync_HostNotListening_IsUnavailable()
    {
        // Port 1 (tcpmux) is closed on any normal machine: the connection is refused at once.
        var (exitCode, _, stderr) = await RunAsync("networks", "list", "--api-key", "x", "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.Unavailable);
        exitCode.ShouldBe(3);
        stderr.ShouldContain("cannot reach the bridge at http://127.0.0.1:1/");
        stderr.ShouldNotContain("   at "); // no stack trace
    }

    [Fact]
    public async Task RunAsync_UnknownOutputFormat_IsUsageError()
    {
        var (exitCode, _, stderr) = await RunAsync("networks", "list", "--api-key", "x", "-o", "yaml");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("yaml");
    }

    [Fact]
    public async Task RunAsync_EndpointWithoutEquals_IsUsageErrorBeforeAnyRequest()
    {
        var (exitCode, _, stderr) = await RunAsync("networks", "add", "--name", "n", "--kind", "ethereum", "--endpoint", "rpc", "--api-key", "x", "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--endpoint 'rpc' must be name=url");
    }

    [Fact]
    public async Task RunAsync_IdentifierWithoutEquals_IsUsageErrorBeforeAnyRequest()
    {
        var (exitCode, _, stderr) = await RunAsync("participants", "add", "--name", "p", "--role", "bank", "--identifier", "=x", "--api-key", "x", "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--identifier '=x' must be scheme=value");
    }

    [Fact]
    public async Task RunAsync_TrustAnchorsNotJson_IsUserError()
    {
        var (exitCode, _, stderr) = await RunAsync("networks", "add", "--name", "n", "--kind", "ethereum", "--trust-anchors", "{chainId:", "--api-key", "x", "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.UserError);
        stderr.ShouldContain("--trust-anchors is not valid JSON");
    }

    [Fact]
    public async Task RunAsync_DefinitionFileMissing_IsUserErrorNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"bridge-missing-{Guid.NewGuid():N}.json");

        var (exitCode, _, stderr) = await RunAsync("networks", "add", "--file", missing, "--api-key", "x", "--url", "http://127.0.0.1:1");

        exitCode.ShouldBe(ExitCodes.UserError);
        stderr.ShouldContain($"cannot read {missing}");
    }

    [Fact]
    public void Unavailable_EmbeddedPostgresException_IsItsMessage()
    {
        BridgeCommandLine.Unavailable(new EmbeddedPostgresException(PostgresBinaries.MissingMessage)).ShouldBe(PostgresBinaries.MissingMessage);
    }

    [Fact]
    public void Unavailable_DatabaseErrors_SayTheDatabaseCannotBeUsed()
    {
        BridgeCommandLine.Unavailable(new NpgsqlException("Connection refused")).ShouldBe("cannot use the database: Connection refused");
        BridgeCommandLine.Unavailable(new InvalidOperationException("outer", new NpgsqlException("Connection refused")))
            .ShouldBe("cannot use the database: Connection refused");
    }

    [Fact]
    public void Unavailable_AddressInUse_SuggestsAnotherAddress()
    {
        BridgeCommandLine.Unavailable(new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use."))
            .ShouldBe("Failed to bind to address http://127.0.0.1:5080: address already in use. (choose another address with --urls)");
    }

    [Fact]
    public void Unavailable_SocketException_IsItsMessage()
    {
        var socket = new SocketException((int)SocketError.ConnectionRefused);

        BridgeCommandLine.Unavailable(socket).ShouldBe(socket.Message);
    }

    [Fact]
    public void Unavailable_OtherExceptions_AreNotUnavailability()
    {
        BridgeCommandLine.Unavailable(new IOException("disk full")).ShouldBeNull();
        BridgeCommandLine.Unavailable(new InvalidOperationException("bug")).ShouldBeNull();
        BridgeCommandLine.Unavailable(new TimeoutException()).ShouldBeNull();
    }
}
