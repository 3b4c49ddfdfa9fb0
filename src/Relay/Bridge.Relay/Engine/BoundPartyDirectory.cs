using Bridge.Relay.Registry;

namespace Bridge.Relay.Engine;

/// <summary>
/// <see cref="IPartyDirectory"/> from the active identity bindings: the parties of a network are the signers of the bound
/// identities whose signatures were checked against that network (a Fabric identity's <c>{mspId}::{CN}</c>, an Ethereum
/// address). A revoked or expired binding's identities drop out at once. Read fresh on every call.
/// </summary>
public sealed class BoundPartyDirectory : IPartyDirectory
{
    private readonly IIdentityBindingStore _bindings;
    private readonly TimeProvider _time;

    /// <summary>A directory over <paramref name="bindings"/>, judging activity on <paramref name="time"/>'s clock.</summary>
    public BoundPartyDirectory(IIdentityBindingStore bindings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(time);
        _bindings = bindings;
        _time = time;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> PartiesAsync(string network, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(network);
        return _bindings.BoundSignersAsync(network, _time.GetUtcNow(), cancellationToken);
    }
}
