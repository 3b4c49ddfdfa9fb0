using Bridge.Relay.Access;
using Bridge.Relay.Messages;
using Microsoft.EntityFrameworkCore;

namespace Bridge.Relay.Persistence;

internal sealed class ApiKeyStore : IApiKeyStore
{
    private readonly BridgeDbContext _db;
    private readonly TimeProvider _time;

    public ApiKeyStore(BridgeDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task<CreatedApiKey?> CreateAsync(AccessRole role, string? participantName, string label, CancellationToken cancellationToken)
    {
        Guid? participantId = null;
        if (participantName is not null)
        {
            participantId = await _db.Participants.Where(p => p.Name == participantName).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken);
            if (participantId is null)
            {
                return null;
            }
        }

        var now = _time.GetMicrosecondNow();
        var (keyId, secret, plainText) = ApiKeyFormat.Generate();
        var row = new ApiKeyRow
        {
            Id = Guid.CreateVersion7(now),
            KeyId = keyId,
            SecretHash = ApiKeyFormat.HashSecret(secret),
            Role = role.ToWireName(),
            ParticipantId = participantId,
            Label = label,
            CreatedAt = now,
        };
        _db.ApiKeys.Add(row);
        await _db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(new ApiKeyInfo(row.Id, keyId, role, participantName, label, now, null), plainText);
    }

    public async Task<ApiKeyPrincipal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var keyId, out var secret))
        {
            return null;
        }

        var row = await _db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyId == keyId && k.RevokedAt == null)
            .Select(k => new { k.SecretHash, k.Role, k.ParticipantId, ParticipantName = k.Participant != null ? k.Participant.Name : null })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || !ApiKeyFormat.SecretMatches(secret, row.SecretHash) || !AccessRoles.TryParse(row.Role, out var role))
        {
            return null;
        }

        return new ApiKeyPrincipal(keyId, role, row.ParticipantId, row.ParticipantName);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await _db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt)
            .Select(k => new { k.Id, k.KeyId, k.Role, ParticipantName = k.Participant != null ? k.Participant.Name : null, k.Label, k.CreatedAt, k.RevokedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(k => new ApiKeyInfo(k.Id, k.KeyId, AccessRoles.TryParse(k.Role, out var r) ? r : throw new InvalidOperationException($"Unknown role '{k.Role}' in api_keys."), k.ParticipantName, k.Label, k.CreatedAt, k.RevokedAt)).ToList();
    }

    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = _time.GetMicrosecondNow();
        var changed = await _db.ApiKeys.Where(k => k.KeyId == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        return changed == 1 || await _db.ApiKeys.AnyAsync(k => k.KeyId == keyId, cancellationToken);
    }
}
