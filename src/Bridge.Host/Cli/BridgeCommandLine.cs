using System.CommandLine;
using Bridge.Host.Hosting;
using Bridge.Relay.Persistence;
using Bridge.Relay.Persistence.Embedded;
using Npgsql;

namespace Bridge.Host.Cli;

/// <summary>
/// The <c>bridge</c> command. Exit codes: 0 ok, 1 user error, 2 usage, 3 service unavailable
/// (<see cref="ExitCodes"/>). Errors are one line on stderr, never a stack trace.
/// </summary>
internal static class BridgeCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Build(stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            var verb = string.Join(' ', parse.CommandResult.Command == root ? [] : CommandPath(parse.CommandResult));
            await stderr.WriteLineAsync($"Run 'bridge {(verb.Length > 0 ? verb + " " : string.Empty)}--help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                cancellationToken);
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (Unavailable(ex) is { } message)
        {
            await stderr.WriteLineAsync($"error: {message}");
            return ExitCodes.Unavailable;
        }
        catch (Hosting.RegistryFileException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UserError;
        }
        catch (SchemaMigrationException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }

    /// <summary>The message for failures that mean "a service we need is not available".</summary>
    internal static string? Unavailable(Exception ex) => ex switch
    {
        EmbeddedPostgresException e => e.Message,
        NpgsqlException e => $"cannot use the database: {e.Message}",
        InvalidOperationException { InnerException: NpgsqlException e } => $"cannot use the database: {e.Message}",
        System.Net.Sockets.SocketException e => e.Message,
        IOException e when e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"{e.Message} (choose another address with --urls)",
        _ => null,
    };

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }

    private static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "Trade Chain Bridge: links trade networks on Hyperledger Fabric, Ethereum and REST platforms, " +
            "and relays documents, events and title between them with verifiable proofs.");
        root.Subcommands.Add(ServeCommand.Build(stderr));
        root.Subcommands.Add(DemoCommand.Build(stdout));
        root.Subcommands.Add(DatabaseCommands.BuildDb(stdout));
        root.Subcommands.Add(DatabaseCommands.BuildKeys(stdout, stderr));
        root.Subcommands.Add(RegistryCommands.BuildNetworks(stdout));
        root.Subcommands.Add(RegistryCommands.BuildParticipants(stdout));
        root.Subcommands.Add(RegistryCommands.BuildLanes(stdout));
        root.Subcommands.Add(RegistryCommands.BuildMessages(stdout));
        root.Subcommands.Add(MapCommands.BuildMap(stdout, stderr));
        root.Subcommands.Add(MapCommands.BuildVerifyDocument(stdout));
        root.Subcommands.Add(VerifyCommand.Build(stdout, ProofVerifiers.Create));
        root.Subcommands.Add(EthereumCommands.BuildEth(stdout, stderr));
        root.Subcommands.Add(SimulatorCommands.Build(stdout, stderr));
        root.Subcommands.Add(FabricCommands.BuildFabric(stdout, stderr));
        return root;
    }
}

/// <summary><c>bridge serve</c>: runs the host until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Build(TextWriter stderr)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Addresses to listen on, separated by ';' (default {BridgeApp.DefaultUrl}, or ASPNETCORE_URLS).",
        };
        var command = new Command("serve", "Run the bridge host: REST API, health, metrics and API docs. " +
                                           "Uses ConnectionStrings:Bridge when set, otherwise an embedded PostgreSQL cluster under ./bridge-data. " +
                                           "Further --Section:Key=value arguments set configuration.")
        {
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = parse.UnmatchedTokens.ToList();
            if (parse.GetValue(urls) is { } u)
            {
                args.Add($"--urls={u}");
            }

            await using var bridge = await BridgeApp.BuildAsync([.. args], null, cancellationToken);
            await bridge.App.StartAsync(cancellationToken);
            var addresses = bridge.App.Urls.ToList();
            var first = addresses.FirstOrDefault() ?? BridgeApp.DefaultUrl;
            await stderr.WriteLineAsync(
                $"""
                Trade Chain Bridge is ready ({bridge.StartupTime.TotalSeconds:0.00} s) on {bridge.Database.Description}
                  API            {string.Join(", ", addresses)}
                  API docs       {first}/docs
                  OpenAPI        {first}/openapi/v1.json
                  Health         {first}/health/ready
                  Metrics        {first}/metrics
                Press Ctrl+C to stop.
                """);
            await bridge.App.WaitForShutdownAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }
}
