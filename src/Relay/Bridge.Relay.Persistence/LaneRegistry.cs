using System.Globalization;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Validation;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;
using Microsoft.EntityFrameworkCore;

namespace Bridge.Relay.Persistence;

internal sealed class LaneRegistry : ILaneRegistry
{
    private readonly BridgeDbContext _db;
    private readonly TimeProvider _time;

    public LaneRegistry(BridgeDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task<RegistryResult<Lane>> CreateAsync(LaneDraft draft, CancellationToken cancellationToken)
    {
        var (source, destination, problem) = await ResolveAsync(draft, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = _time.GetMicrosecondNow();
        var row = new LaneRow
        {
            Id = Guid.CreateVersion7(now),
            Name = draft.Name,
            DisplayName = draft.DisplayName,
            SourceNetworkId = source!.Id,
            DestinationNetworkId = destination!.Id,
            Definition = Write(draft),
            Paused = false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        _db.Lanes.Add(row);
        return await SaveAsync(row, draft.Source, draft.Destination, cancellationToken);
    }

    public async Task<Lane?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var row = await Lanes().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        return row is null ? null : ToDomain(row, row.Source!.Name, row.Destination!.Name);
    }

    public async Task<Page<Lane>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken)
    {
        var query = Lanes();
        if (afterName is not null)
        {
            query = query.Where(l => string.Compare(l.Name, afterName) > 0);
        }

        var rows = await query.OrderBy(l => l.Name).Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(r => ToDomain(r, r.Source!.Name, r.Destination!.Name)).ToList();
        return new Page<Lane>(items, rows.Count > limit ? PageCursor.Encode(items[^1].Name) : null);
    }

    public async Task<RegistryResult<Lane>> UpdateAsync(string name, LaneDraft draft, CancellationToken cancellationToken)
    {
        var row = await _db.Lanes.SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Lane>.NotFound(name);
        }

        var (source, destination, problem) = await ResolveAsync(draft, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        row.Name = draft.Name;
        row.DisplayName = draft.DisplayName;
        row.SourceNetworkId = source!.Id;
        row.DestinationNetworkId = destination!.Id;
        row.Definition = Write(draft);
        row.UpdatedAt = _time.GetMicrosecondNow();
        return await SaveAsync(row, draft.Source, draft.Destination, cancellationToken);
    }

    public async Task<RegistryResult<Lane>> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var row = await Lanes(tracking: true).SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Lane>.NotFound(name);
        }

        _db.Lanes.Remove(row);
        return await SaveAsync(row, row.Source!.Name, row.Destination!.Name, cancellationToken);
    }

    public async Task<RegistryResult<Lane>> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken)
    {
        var row = await Lanes(tracking: true).SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Lane>.NotFound(name);
        }

        if (row.Paused != paused)
        {
            row.Paused = paused;
            row.UpdatedAt = _time.GetMicrosecondNow();
        }

        return await SaveAsync(row, row.Source!.Name, row.Destination!.Name, cancellationToken);
    }

    private IQueryable<LaneRow> Lanes(bool tracking = false)
    {
        var lanes = _db.Lanes.Include(l => l.Source).Include(l => l.Destination);
        return tracking ? lanes : lanes.AsNoTracking();
    }

    /// <summary>The draft's networks, and that every participant its access rules name is registered.</summary>
    private async Task<(NetworkRow? Source, NetworkRow? Destination, RegistryResult<Lane>? Problem)> ResolveAsync(LaneDraft draft, CancellationToken cancellationToken)
    {
        var names = new[] { draft.Source, draft.Destination };
        var networks = await _db.Networks.AsNoTracking().Where(n => names.Contains(n.Name)).ToListAsync(cancellationToken);
        var issues = new ValidationCollector();
        var source = networks.SingleOrDefault(n => n.Name == draft.Source);
        var destination = networks.SingleOrDefault(n => n.Name == draft.Destination);
        if (source is null)
        {
            issues.Error("/source", ValidationCodes.UnknownValue, $"no network named '{draft.Source}' is registered");
        }

        if (destination is null)
        {
            issues.Error("/destination", ValidationCodes.UnknownValue, $"no network named '{draft.Destination}' is registered");
        }

        var participants = draft.Access.Where(a => a.Participant is not null).Select(a => a.Participant!).Distinct().ToList();
        var known = await _db.Participants.AsNoTracking().Where(p => participants.Contains(p.Name)).Select(p => p.Name).ToListAsync(cancellationToken);
        for (var i = 0; i < draft.Access.Count; i++)
        {
            if (draft.Access[i].Participant is { } participant && !known.Contains(participant))
            {
                issues.Error($"/access/{i}/participant", ValidationCodes.UnknownValue, $"no participant named '{participant}' is registered");
            }
        }

        var result = issues.ToResult();
        return result.IsValid ? (source, destination, null) : (null, null, new RegistryResult<Lane>.Invalid(result));
    }

    private Task<RegistryResult<Lane>> SaveAsync(LaneRow row, string source, string destination, CancellationToken cancellationToken) =>
        StoreErrors.SaveAsync(_db, () => ToDomain(row, source, destination), cancellationToken);

    private static string Write(LaneDraft draft) => JsonSerializer.Serialize(
        new StoredLaneDefinition(
            [.. LaneWire.FlowNames(draft.Flows)],
            LaneWire.DirectionName(draft.Direction),
            [.. draft.ProofPolicy.SourceProofKinds.Select(k => k.ToWireName())],
            [.. draft.ProofPolicy.RelaySigners],
            draft.ProofPolicy.RelayThreshold,
            draft.MinConfirmations,
            (int)draft.Deadline.TotalSeconds,
            draft.RateLimit.PerSecond,
            draft.RateLimit.Burst,
            [.. draft.Access.Select(a => new StoredLaneAccessRule(a.Participant, a.Role, [.. LaneWire.OperationNames(a.Operations)]))]),
        PersistenceJsonContext.Default.StoredLaneDefinition);

    internal static Lane ToDomain(LaneRow row, string source, string destination)
    {
        var stored = JsonSerializer.Deserialize(row.Definition, PersistenceJsonContext.Default.StoredLaneDefinition)
            ?? throw new InvalidOperationException($"Lane {row.Name} has no definition in the database.");
        var flows = LaneFlows.None;
        foreach (var name in stored.Flows)
        {
            flows |= LaneWire.TryParseFlow(name, out var flow) ? flow : throw Corrupt(row, "flow", name);
        }

        var direction = LaneWire.TryParseDirection(stored.Direction, out var d) ? d : throw Corrupt(row, "direction", stored.Direction);
        var kinds = stored.SourceProofKinds.Select(k => ProofKinds.TryParse(k, out var kind) ? kind : throw Corrupt(row, "proof kind", k)).ToList();
        var access = stored.Access.Select(a => new LaneAccessRule(
            a.Participant,
            a.Role,
            a.Operations.Aggregate(LaneOperations.None, (all, o) => all | (LaneWire.TryParseOperation(o, out var op) ? op : throw Corrupt(row, "operation", o))))).ToList();
        return new Lane(
            row.Id,
            row.Name,
            row.DisplayName,
            source,
            destination,
            flows,
            direction,
            new LaneProofPolicy(kinds, stored.RelaySigners, stored.RelayThreshold),
            stored.MinConfirmations,
            TimeSpan.FromSeconds(stored.DeadlineSeconds),
            new LaneRateLimit(stored.PerSecond, stored.Burst),
            access,
            row.Paused,
            row.CreatedAt,
            row.UpdatedAt);
    }

    private static InvalidOperationException Corrupt(LaneRow row, string what, string value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Lane {row.Name} has an unknown {what} '{value}' in the database."));
}
