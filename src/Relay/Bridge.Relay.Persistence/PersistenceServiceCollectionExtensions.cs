using Bridge.Relay.Access;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Records;
using Bridge.Relay.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Bridge.Relay.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the DbContext on <paramref name="connectionString"/>, the registries, the API key store, the canonical record store and the migrator.</summary>
    public static IServiceCollection AddBridgePersistence(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        // A named data source: metrics label the pool "bridge" instead of by its connection string.
        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "bridge" }.Build());
        services.AddDbContextPool<BridgeDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<INetworkRegistry, NetworkRegistry>();
        services.AddScoped<IParticipantRegistry, ParticipantRegistry>();
        services.AddScoped<ILaneRegistry, LaneRegistry>();
        services.AddSingleton<IMessageStore, MessageStore>();
        services.AddSingleton<IWatcherStore, WatcherStore>();
        services.AddSingleton<ITitleFactStore, TitleFactStore>();
        services.AddSingleton<IRelayRegistry, ScopedRelayRegistry>();
        services.AddSingleton<IIdentityBindingStore, IdentityBindingStore>();
        services.AddSingleton<Bridge.Relay.Access.ISignedRequestUses, SignedRequestUseStore>();
        services.AddScoped<IApiKeyStore, ApiKeyStore>();
        services.AddScoped<CanonicalRecordStore>();
        services.AddScoped<ICanonicalRecordStore>(sp => sp.GetRequiredService<CanonicalRecordStore>());
        services.AddScoped<IInboundDeliveryStore>(sp => sp.GetRequiredService<CanonicalRecordStore>());
        services.AddSingleton<SchemaMigrator>();
        return services;
    }
}

/// <summary><see cref="IRelayRegistry"/> over the scoped registries: a new scope (and DbContext) per call, so reads are fresh and thread-safe.</summary>
internal sealed class ScopedRelayRegistry(IServiceScopeFactory scopes) : IRelayRegistry
{
    public async Task<Lane?> GetLaneAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILaneRegistry>().GetAsync(name, cancellationToken);
    }

    public async Task<Network?> GetNetworkAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<INetworkRegistry>().GetAsync(name, cancellationToken);
    }
}
