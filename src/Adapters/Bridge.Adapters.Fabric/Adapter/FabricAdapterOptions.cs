using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>How a <see cref="FabricAdapter"/> reaches its channel and chaincode and whom it acts as.</summary>
public sealed class FabricAdapterOptions
{
    /// <summary>The network's name in the relay (it becomes the source network of proofs and the name in errors).</summary>
    public required string Network { get; init; }

    /// <summary>The channel the bridge chaincode runs on.</summary>
    public required string Channel { get; init; }

    /// <summary>The bridge chaincode's name (default <c>bridge</c>).</summary>
    public string Chaincode { get; init; } = "bridge";

    /// <summary>
    /// The identity the adapter signs with: the creator of anchors, imports, releases and raw invocations, and of every
    /// query, subscription and proof request. Not disposed by the adapter.
    /// </summary>
    public required FabricSigner Signer { get; init; }

    /// <summary>
    /// Further identities of the parties whose titles the adapter moves (a holder signs its own transfer, lock and burn),
    /// addressed as <c>{mspId}::{CN}</c> (<see cref="FabricAdapter.PartyOf"/>). A command naming a holder with no signer
    /// here is rejected with <c>no-key-for-holder</c>. Not disposed by the adapter.
    /// </summary>
    public IReadOnlyList<FabricSigner> PartySigners { get; init; } = [];

    /// <summary>
    /// The organisations whose peers attest blocks in proofs (docs/fabric.md "Proofs"): at least the channel's endorsement
    /// policy's n, or the verifier refuses the proofs.
    /// </summary>
    public required IReadOnlyList<string> AttestingOrganizations { get; init; }

    /// <summary>The organisations asked to endorse submissions; empty lets the gateway choose (the default).</summary>
    public IReadOnlyList<string> EndorsingOrganizations { get; init; } = [];

    /// <summary>The first block a subscription without a checkpoint reads (default 0, the genesis block).</summary>
    public ulong StartBlock { get; init; }

    /// <summary>
    /// How many transaction ids one idempotency key may use (default 4): a transaction committed with a read conflict
    /// (<c>MVCC_READ_CONFLICT</c>, <c>PHANTOM_READ_CONFLICT</c>) did not apply, so the key moves on to its next id.
    /// </summary>
    public int MaxSubmitAttempts { get; init; } = 4;

    /// <summary>Deadlines of the Gateway calls; <see cref="FabricGatewayOptions"/>'s defaults when null.</summary>
    public FabricGatewayOptions? Gateway { get; init; }

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Network);
        ArgumentException.ThrowIfNullOrWhiteSpace(Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(Chaincode);
        ArgumentNullException.ThrowIfNull(Signer);
        ArgumentNullException.ThrowIfNull(PartySigners);
        ArgumentNullException.ThrowIfNull(EndorsingOrganizations);
        ArgumentNullException.ThrowIfNull(AttestingOrganizations);
        if (AttestingOrganizations.Count == 0 || AttestingOrganizations.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one attesting organisation is required, and none may be blank.", nameof(AttestingOrganizations));
        }

        if (PartySigners.Any(s => s is null))
        {
            throw new ArgumentException("A party signer is null.", nameof(PartySigners));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSubmitAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSubmitAttempts, 64);
    }
}
