using Bridge.Relay.Messages;
using Bridge.Relay.Registry;
using Microsoft.EntityFrameworkCore;

namespace Bridge.Relay.Persistence;

internal sealed class ParticipantRegistry : IParticipantRegistry
{
    private readonly BridgeDbContext _db;
    private readonly TimeProvider _time;

    public ParticipantRegistry(BridgeDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task<RegistryResult<Participant>> CreateAsync(ParticipantDraft draft, CancellationToken cancellationToken)
    {
        var now = _time.GetMicrosecondNow();
        var row = new ParticipantRow
        {
            Id = Guid.CreateVersion7(now),
            Name = draft.Name,
            DisplayName = draft.DisplayName,
            Roles = [.. draft.Roles],
            CreatedAt = now,
            UpdatedAt = now,
            Identifiers = draft.Identifiers.Select(i => new ParticipantIdentifierRow { Scheme = i.Scheme, Value = i.Value }).ToList(),
        };
        _db.Participants.Add(row);
        return await SaveAsync(row, cancellationToken);
    }

    public async Task<Participant?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _db.Participants.AsNoTracking().Include(p => p.Identifiers).SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        return row is null ? null : ToDomain(row);
    }

    public async Task<Page<Participant>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken)
    {
        var query = _db.Participants.AsNoTracking().Include(p => p.Identifiers).AsQueryable();
        if (afterName is not null)
        {
            query = query.Where(p => string.Compare(p.Name, afterName) > 0);
        }

        var rows = await query.OrderBy(p => p.Name).Take(limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(ToDomain).ToList();
        return new Page<Participant>(items, rows.Count > limit ? PageCursor.Encode(items[^1].Name) : null);
    }

    public async Task<RegistryResult<Participant>> UpdateAsync(string name, ParticipantDraft draft, CancellationToken cancellationToken)
    {
        var row = await _db.Participants.Include(p => p.Identifiers).SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Participant>.NotFound(name);
        }

        row.Name = draft.Name;
        row.DisplayName = draft.DisplayName;
        row.Roles = [.. draft.Roles];
        row.UpdatedAt = _time.GetMicrosecondNow();

        // Replace the identifier set by difference, so unchanged rows are left alone.
        var wanted = draft.Identifiers.ToHashSet();
        row.Identifiers.RemoveAll(i => !wanted.Contains(new PartyIdentifier(i.Scheme, i.Value)));
        foreach (var id in wanted.Where(w => !row.Identifiers.Exists(i => i.Scheme == w.Scheme && i.Value == w.Value)))
        {
            row.Identifiers.Add(new ParticipantIdentifierRow { Scheme = id.Scheme, Value = id.Value, ParticipantId = row.Id });
        }

        return await SaveAsync(row, cancellationToken);
    }

    public async Task<RegistryResult<Participant>> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _db.Participants.Include(p => p.Identifiers).SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Participant>.NotFound(name);
        }

        if (await _db.ApiKeys.AnyAsync(k => k.ParticipantId == row.Id && k.RevokedAt == null, cancellationToken))
        {
            return new RegistryResult<Participant>.Conflict("/name", "the participant still has active API keys; revoke them first");
        }

        // Revoked keys go with the participant, in the same transaction.
        _db.ApiKeys.RemoveRange(await _db.ApiKeys.Where(k => k.ParticipantId == row.Id).ToListAsync(cancellationToken));
        _db.Participants.Remove(row);
        return await SaveAsync(row, cancellationToken);
    }

    private Task<RegistryResult<Participant>> SaveAsync(ParticipantRow row, CancellationToken cancellationToken) =>
        StoreErrors.SaveAsync(_db, () => ToDomain(row), cancellationToken);

    private static Participant ToDomain(ParticipantRow row) =>
        new(
            row.Id,
            row.Name,
            row.DisplayName,
            row.Roles,
            row.Identifiers.OrderBy(i => i.Scheme, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)
                .Select(i => new PartyIdentifier(i.Scheme, i.Value)).ToList(),
            row.CreatedAt,
            row.UpdatedAt);
}
