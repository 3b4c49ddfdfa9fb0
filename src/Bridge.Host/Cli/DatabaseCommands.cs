using System.CommandLine;
using Bridge.Host.Api;
using Bridge.Host.Hosting;
using Bridge.Relay.Access;
using Bridge.Relay.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Host.Cli;

/// <summary>
/// Verbs that work on the database directly (no running host needed): <c>bridge db migrate</c> and
/// <c>bridge keys create</c>, which makes the first operator key. They find the database as
/// <c>bridge serve</c> does; with the embedded default they attach to the cluster a running host uses,
/// or start it for the duration of the command.
/// </summary>
internal static class DatabaseCommands
{
    public static Command BuildDb(TextWriter stdout)
    {
        var migrate = new Command("migrate", "Apply pending schema versions and exit (hosts also do this at start-up; concurrent runs are safe).");
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = CliConfiguration.Build(parse.UnmatchedTokens);
            using var loggers = CliConfiguration.QuietLoggers();
            await using var database = await BridgeDatabase.OpenAsync(configuration, loggers, cancellationToken);
            var report = await new SchemaMigrator(loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(database.ConnectionString, cancellationToken);
            await stdout.WriteLineAsync(report.Applied.Count == 0
                ? $"Schema is current (version {report.CurrentVersion}) on {database.Description}."
                : $"Applied {string.Join(", ", report.Applied.Select(v => $"{v.Version} ({v.Name})"))}; schema is now at version {report.CurrentVersion} on {database.Description}.");
            return ExitCodes.Ok;
        });
        return new Command("db", "Database administration.") { migrate };
    }

    public static Command BuildKeys(TextWriter stdout, TextWriter stderr)
    {
        var role = new Option<string>("--role") { Description = "operator, participant or auditor.", Required = true };
        role.AcceptOnlyFromAmong("operator", "participant", "auditor");
        var participant = new Option<string?>("--participant") { Description = "The participant (by name) a participant key acts for." };
        var label = new Option<string?>("--label") { Description = "A note to recognise the key by (who holds it, what for)." };
        var create = new Command("create", "Create an API key directly in the database and print it once. The bridge stores only its hash.")
        {
            role, participant, label,
        };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = CliConfiguration.Build(parse.UnmatchedTokens);
            using var loggers = CliConfiguration.QuietLoggers();
            await using var database = await BridgeDatabase.OpenAsync(configuration, loggers, cancellationToken);
            await new SchemaMigrator(loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(database.ConnectionString, cancellationToken);

            var services = new ServiceCollection().AddBridgePersistence(database.ConnectionString);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IApiKeyStore>();
            var request = new ApiKeyCreateRequest(parse.GetValue(role), parse.GetValue(participant), parse.GetValue(label));
            var (key, result) = await KeyEndpoints.CreateKeyAsync(store, request, cancellationToken);
            if (key is null)
            {
                var first = result.Errors.First();
                throw new CliException(ExitCodes.UserError, $"{first.Path.TrimStart('/')}: {first.Message}");
            }

            await stdout.WriteLineAsync(key.PlainText);
            await stderr.WriteLineAsync($"Created key id {key.Info.KeyId}, role {key.Info.Role.ToWireName()}{(key.Info.ParticipantName is { } p ? $", participant {p}" : string.Empty)}. Store it now: it is not shown again.");
            return ExitCodes.Ok;
        });
        return new Command("keys", "API keys.") { create };
    }
}
