namespace Bridge.Relay.Registry;

/// <summary>The persisted registry of networks. Every change is all-or-nothing.</summary>
public interface INetworkRegistry
{
    Task<RegistryResult<Network>> CreateAsync(NetworkDraft draft, CancellationToken cancellationToken);

    Task<Network?> GetAsync(string name, CancellationToken cancellationToken);

    Task<Page<Network>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken);

    Task<RegistryResult<Network>> UpdateAsync(string name, NetworkDraft draft, CancellationToken cancellationToken);

    Task<RegistryResult<Network>> DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The persisted registry of participants. Every change is all-or-nothing.</summary>
public interface IParticipantRegistry
{
    Task<RegistryResult<Participant>> CreateAsync(ParticipantDraft draft, CancellationToken cancellationToken);

    Task<Participant?> GetAsync(string name, CancellationToken cancellationToken);

    Task<Page<Participant>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken);

    Task<RegistryResult<Participant>> UpdateAsync(string name, ParticipantDraft draft, CancellationToken cancellationToken);

    Task<RegistryResult<Participant>> DeleteAsync(string name, CancellationToken cancellationToken);
}
