using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;
using Microsoft.EntityFrameworkCore;

namespace Bridge.Relay.Persistence;

internal sealed class NetworkRegistry : INetworkRegistry
{
    private readonly BridgeDbContext _db;
    private readonly TimeProvider _time;

    public NetworkRegistry(BridgeDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task<RegistryResult<Network>> CreateAsync(NetworkDraft draft, CancellationToken cancellationToken)
    {
        var now = _time.GetMicrosecondNow();
        var row = new NetworkRow
        {
            Id = Guid.CreateVersion7(now),
            Name = draft.Name,
            DisplayName = draft.DisplayName,
            Kind = draft.Kind.ToWireName(),
            Endpoints = WriteEndpoints(draft.Endpoints),
            TrustAnchors = TrustAnchorsJson.ToJson(draft.TrustAnchors).GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        _db.Networks.Add(row);
        return await SaveAsync(row, cancellationToken);
    }

    public async Task<Network?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _db.Networks.AsNoTracking().SingleOrDefaultAsync(n => n.Name == name, cancellationToken);
        return row is null ? null : ToDomain(row);
    }

    public async Task<Page<Network>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken)
    {
        var query = _db.Networks.AsNoTracking();
        if (afterName is not null)
        {
            query = query.Where(n => string.Compare(n.Name, afterName) > 0);
        }

        var rows = await query.OrderBy(n => n.Name).Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(ToDomain).ToList();
        return new Page<Network>(items, rows.Count > limit ? PageCursor.Encode(items[^1].Name) : null);
    }

    public async Task<RegistryResult<Network>> UpdateAsync(string name, NetworkDraft draft, CancellationToken cancellationToken)
    {
        var row = await _db.Networks.SingleOrDefaultAsync(n => n.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Network>.NotFound(name);
        }

        row.Name = draft.Name;
        row.DisplayName = draft.DisplayName;
        row.Kind = draft.Kind.ToWireName();
        row.Endpoints = WriteEndpoints(draft.Endpoints);
        row.TrustAnchors = TrustAnchorsJson.ToJson(draft.TrustAnchors).GetRawText();
        row.UpdatedAt = _time.GetMicrosecondNow();
        return await SaveAsync(row, cancellationToken);
    }

    public async Task<RegistryResult<Network>> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _db.Networks.SingleOrDefaultAsync(n => n.Name == name, cancellationToken);
        if (row is null)
        {
            return new RegistryResult<Network>.NotFound(name);
        }

        _db.Networks.Remove(row);
        return await SaveAsync(row, cancellationToken);
    }

    private Task<RegistryResult<Network>> SaveAsync(NetworkRow row, CancellationToken cancellationToken) =>
        StoreErrors.SaveAsync(_db, () => ToDomain(row), cancellationToken);

    private static string WriteEndpoints(IReadOnlyList<NetworkEndpoint> endpoints) =>
        JsonSerializer.Serialize(endpoints.Select(e => new StoredEndpoint(e.Name, e.Url.OriginalString)).ToList(), PersistenceJsonContext.Default.ListStoredEndpoint);

    internal static Network ToDomain(NetworkRow row)
    {
        if (!NetworkKinds.TryParse(row.Kind, out var kind))
        {
            throw new InvalidOperationException($"Network {row.Name} has an unknown kind '{row.Kind}' in the database.");
        }

        using var anchorsDoc = JsonDocument.Parse(row.TrustAnchors);
        var anchors = TrustAnchorsJson.Parse(kind, anchorsDoc.RootElement, "/trustAnchors") switch
        {
            TrustAnchorsParseResult.Success ok => ok.Anchors,
            var failed => throw new InvalidOperationException(
                $"Network {row.Name} has trust anchors in the database that no longer validate: {string.Join("; ", failed.Validation.Errors.Select(e => $"{e.Path} {e.Code}"))}"),
        };
        var endpoints = JsonSerializer.Deserialize(row.Endpoints, PersistenceJsonContext.Default.ListStoredEndpoint) ?? [];
        return new Network(
            row.Id,
            row.Name,
            row.DisplayName,
            kind,
            endpoints.Select(e => new NetworkEndpoint(e.Name, new Uri(e.Url, UriKind.Absolute))).ToList(),
            anchors,
            row.CreatedAt,
            row.UpdatedAt);
    }
}
