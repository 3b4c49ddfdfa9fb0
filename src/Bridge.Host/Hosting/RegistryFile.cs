using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;
using Bridge.Host.Api;
using Bridge.Relay.Lanes;
using Bridge.Relay.Registry;

namespace Bridge.Host.Hosting;

/// <summary>The registry file's content: what must exist (docs/relay.md, "Declaring networks, participants and lanes in a file").</summary>
internal sealed record RegistryFileContent(List<NetworkInput>? Networks, List<ParticipantInput>? Participants, List<LaneInput>? Lanes);

/// <summary>The registry file cannot be read, or breaks a rule: the host does not start.</summary>
internal sealed class RegistryFileException(string message) : Exception(message);

/// <summary>
/// Applies <c>Bridge:Registry:File</c> at start-up, for operators who keep networks, participants and lanes in git: the file
/// says what must exist. Everything in it is validated first (the same rules as the REST API, every finding with its JSON
/// pointer into the file); if anything is wrong the host does not start and nothing is changed. Then each entry is created,
/// or updated when it differs; entries that are not in the file are left alone, so the API and the file can share a
/// registry. Applying the same file again changes nothing. A store refusal while applying (a conflict the file's own rules
/// cannot see) stops the start naming the entry; what was applied before it stays, and a fixed file completes the rest.
/// </summary>
internal static partial class RegistryFile
{
    public const string ConfigurationKey = "Bridge:Registry:File";

    public static async Task ApplyAsync(IServiceProvider services, string path, ILogger logger, CancellationToken cancellationToken)
    {
        RegistryFileContent content;
        try
        {
            await using var stream = File.OpenRead(path);
            content = await JsonSerializer.DeserializeAsync(stream, HostJsonContext.Default.RegistryFileContent, cancellationToken)
                ?? throw new RegistryFileException($"{path}: the registry file is empty (null)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistryFileException($"{path}: cannot read the registry file: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new RegistryFileException($"{path}: not a registry file ({{networks, participants, lanes}}): {e.Message}");
        }

        await using var scope = services.CreateAsyncScope();
        var networkRegistry = scope.ServiceProvider.GetRequiredService<INetworkRegistry>();
        var participantRegistry = scope.ServiceProvider.GetRequiredService<IParticipantRegistry>();
        var laneRegistry = scope.ServiceProvider.GetRequiredService<ILaneRegistry>();

        var findings = new List<string>();
        var networks = Validate(content.Networks, "/networks", NetworkValidator.Validate, d => d.Name, findings);
        var participants = Validate(content.Participants, "/participants", ParticipantValidator.Validate, d => d.Name, findings);
        var kinds = await LaneEndpoints.NetworkKindsAsync(networkRegistry, cancellationToken);
        foreach (var network in networks)
        {
            kinds[network.Name] = network.Kind;
        }

        var lanes = Validate(content.Lanes, "/lanes", input => LaneValidator.Validate(input, kinds), d => d.Name, findings);
        if (findings.Count > 0)
        {
            throw new RegistryFileException($"{path}: the registry file breaks {findings.Count} rule(s); nothing was changed:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", findings));
        }

        var counts = new Counts();
        foreach (var draft in networks)
        {
            var existing = await networkRegistry.GetAsync(draft.Name, cancellationToken);
            await ApplyOneAsync(
                "network",
                draft.Name,
                existing is null ? null : existing.DisplayName == draft.DisplayName && existing.Kind == draft.Kind
                    && existing.Endpoints.SequenceEqual(draft.Endpoints)
                    && TrustAnchorsJson.ToJson(existing.TrustAnchors).GetRawText() == TrustAnchorsJson.ToJson(draft.TrustAnchors).GetRawText(),
                () => networkRegistry.CreateAsync(draft, cancellationToken),
                () => networkRegistry.UpdateAsync(draft.Name, draft, cancellationToken),
                counts);
        }

        foreach (var draft in participants)
        {
            var existing = await participantRegistry.GetAsync(draft.Name, cancellationToken);
            await ApplyOneAsync(
                "participant",
                draft.Name,
                existing is null ? null : existing.DisplayName == draft.DisplayName && existing.Roles.SequenceEqual(draft.Roles)
                    && existing.Identifiers.Select(i => (i.Scheme, i.Value)).SequenceEqual(draft.Identifiers.Select(i => (i.Scheme, i.Value))),
                () => participantRegistry.CreateAsync(draft, cancellationToken),
                () => participantRegistry.UpdateAsync(draft.Name, draft, cancellationToken),
                counts);
        }

        foreach (var draft in lanes)
        {
            var existing = await laneRegistry.GetAsync(draft.Name, cancellationToken);
            await ApplyOneAsync(
                "lane",
                draft.Name,
                existing is null ? null : Same(existing, draft),
                () => laneRegistry.CreateAsync(draft, cancellationToken),
                () => laneRegistry.UpdateAsync(draft.Name, draft, cancellationToken),
                counts);
        }

        Log.Applied(logger, path, counts.Created, counts.Updated, counts.Unchanged);
    }

    private static List<TDraft> Validate<TInput, TDraft>(List<TInput>? inputs, string pointer, Func<TInput, (TDraft? Draft, ValidationResult Result)> validate, Func<TDraft, string> name, List<string> findings)
        where TDraft : class
    {
        var drafts = new List<TDraft>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var at = JsonPointer.Append(pointer, i);
            if (inputs![i] is not { } input)
            {
                findings.Add($"{at}: must be an object");
                continue;
            }

            var (draft, result) = validate(input);
            findings.AddRange(result.Errors.Select(e => $"{at}{e.Path}: {e.Message} ({e.Code})"));
            if (draft is null)
            {
                continue;
            }

            if (!seen.Add(name(draft)))
            {
                findings.Add($"{at}/name: '{name(draft)}' is declared twice (duplicate)");
                continue;
            }

            drafts.Add(draft);
        }

        return drafts;
    }

    private static async Task ApplyOneAsync<T>(string what, string name, bool? same, Func<Task<RegistryResult<T>>> create, Func<Task<RegistryResult<T>>> update, Counts counts)
    {
        if (same == true)
        {
            counts.Unchanged++;
            return;
        }

        var result = same is null ? await create() : await update();
        switch (result)
        {
            case RegistryResult<T>.Ok:
                if (same is null)
                {
                    counts.Created++;
                }
                else
                {
                    counts.Updated++;
                }

                return;
            case RegistryResult<T>.Invalid invalid:
                throw new RegistryFileException($"{what} '{name}': " + string.Join("; ", invalid.Validation.Errors.Select(e => $"{e.Path}: {e.Message} ({e.Code})")));
            case RegistryResult<T>.Conflict conflict:
                throw new RegistryFileException($"{what} '{name}': {conflict.Field}: {conflict.Message}");
            default:
                throw new RegistryFileException($"{what} '{name}' could not be stored ({result.GetType().Name})");
        }
    }

    private static bool Same(Lane lane, LaneDraft draft) =>
        lane.DisplayName == draft.DisplayName && lane.Source == draft.Source && lane.Destination == draft.Destination
        && lane.Flows == draft.Flows && lane.Direction == draft.Direction
        && lane.ProofPolicy.SourceProofKinds.SequenceEqual(draft.ProofPolicy.SourceProofKinds)
        && lane.ProofPolicy.RelaySigners.SequenceEqual(draft.ProofPolicy.RelaySigners, StringComparer.Ordinal)
        && lane.ProofPolicy.RelayThreshold == draft.ProofPolicy.RelayThreshold
        && lane.MinConfirmations == draft.MinConfirmations && lane.Deadline == draft.Deadline && lane.RateLimit == draft.RateLimit
        && lane.Access.SequenceEqual(draft.Access);

    private sealed class Counts
    {
        public int Created { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Applied registry file {Path}: {Created} created, {Updated} updated, {Unchanged} unchanged")]
        public static partial void Applied(ILogger logger, string path, int created, int updated, int unchanged);
    }
}
