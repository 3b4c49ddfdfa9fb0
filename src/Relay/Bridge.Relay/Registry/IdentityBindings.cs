using Bridge.Adapters.Abstractions;

namespace Bridge.Relay.Registry;

/// <summary>One identity a binding names, as stored: a stable key, the network its signature was checked against, and who signed.</summary>
/// <param name="Kind">The network kind.</param>
/// <param name="Key">
/// The identity's stable key: <c>fabric:{mspId}:{SHA-256 of the certificate PEM}</c>, <c>ethereum:{lower-case address}</c>,
/// <c>platform:{issuer}:{organisation id}</c>.
/// </param>
/// <param name="Network">The registered network whose trust anchors verified the signature.</param>
/// <param name="Signer">The signer the verifier reported (MSP id and CN, address, organisation).</param>
public sealed record BindingIdentity(NetworkKind Kind, string Key, string Network, string Signer);

/// <summary>A verified identity binding (docs/bindings.md): participant P controls these identities until it expires or is revoked.</summary>
public sealed record IdentityBinding(
    Guid Id,
    string Participant,
    string Digest,
    IReadOnlyList<BindingIdentity> Identities,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt,
    string Statement)
{
    /// <summary>The networks the binding's statement digest is anchored on (docs/bindings.md), in the order they were stored.</summary>
    public IReadOnlyList<BindingAnchor> Anchors { get; init; } = [];

    /// <summary>Whether the binding authenticates its identities at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>A binding as <see cref="IIdentityBindingStore.StoreAsync"/> left it, and whether this call created it.</summary>
public sealed record StoredIdentityBinding(IdentityBinding Binding, bool Created);

/// <summary>A binding whose every signature has been verified, ready to be stored.</summary>
public sealed record IdentityBindingDraft(string Participant, string Digest, IReadOnlyList<BindingIdentity> Identities, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Statement);

/// <summary>
/// The stored identity bindings. An identity belongs to one participant only: storing a binding that names an identity
/// an active binding of another participant names is a conflict. Storing the same statement again returns the stored
/// binding.
/// </summary>
public interface IIdentityBindingStore
{
    /// <summary>Stores the binding; <see cref="StoredIdentityBinding.Created"/> is false when the same statement was stored before.</summary>
    Task<RegistryResult<StoredIdentityBinding>> StoreAsync(IdentityBindingDraft draft, CancellationToken cancellationToken);

    Task<IReadOnlyList<IdentityBinding>> ListAsync(string participant, CancellationToken cancellationToken);

    Task<RegistryResult<IdentityBinding>> RevokeAsync(string participant, Guid id, CancellationToken cancellationToken);

    /// <summary>The active binding (with its statement) that names <paramref name="identityKey"/> at <paramref name="now"/>, or null.</summary>
    Task<IdentityBinding?> ActiveBindingOfAsync(string identityKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The participant an identity key is actively bound to at <paramref name="now"/>, or null.</summary>
    Task<string?> ParticipantOfAsync(string identityKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The binding with id <paramref name="id"/> (with its anchors), active or not, or null.</summary>
    Task<IdentityBinding?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="anchors"/> of binding <paramref name="id"/> in one transaction, only while the binding is still
    /// active at the database's clock (<see cref="RegistryResult{T}.Conflict"/> otherwise, and nothing is stored). A network
    /// the binding is already anchored on keeps its stored anchor. Returns the binding with all its anchors.
    /// </summary>
    Task<RegistryResult<IdentityBinding>> SaveAnchorsAsync(Guid id, IReadOnlyList<BindingAnchor> anchors, CancellationToken cancellationToken);

    /// <summary>
    /// The signers (a network's own form of a party: <c>{mspId}::{CN}</c>, an address) of the identities that active bindings
    /// at <paramref name="now"/> name and whose signatures were checked against <paramref name="network"/>.
    /// </summary>
    Task<IReadOnlyList<string>> BoundSignersAsync(string network, DateTimeOffset now, CancellationToken cancellationToken);
}
