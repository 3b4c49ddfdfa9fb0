using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Adapters.Abstractions;

/// <summary>The <see cref="LedgerCommand"/> kinds, as flags so that a set of them is one value.</summary>
[Flags]
public enum LedgerCommandKinds
{
    /// <summary>No command.</summary>
    None = 0,

    /// <summary><see cref="LedgerCommand.Anchor"/>.</summary>
    Anchor = 1,

    /// <summary><see cref="LedgerCommand.Lock"/>.</summary>
    Lock = 2,

    /// <summary><see cref="LedgerCommand.Mint"/>.</summary>
    Mint = 4,

    /// <summary><see cref="LedgerCommand.Burn"/>.</summary>
    Burn = 8,

    /// <summary><see cref="LedgerCommand.Release"/>.</summary>
    Release = 16,

    /// <summary><see cref="LedgerCommand.RawInvoke"/>.</summary>
    RawInvoke = 32,

    /// <summary><see cref="LedgerCommand.Transfer"/>.</summary>
    Transfer = 64,

    /// <summary><see cref="LedgerCommand.Acknowledge"/>.</summary>
    Acknowledge = 128,

    /// <summary><see cref="LedgerCommand.Refund"/>.</summary>
    Refund = 256,

    /// <summary>The title commands: the four cross-network moves and the in-network transfer.</summary>
    Title = Lock | Mint | Burn | Release | Transfer,

    /// <summary>The settlements of an outbound message on its source: acknowledgement and refund.</summary>
    Settlement = Acknowledge | Refund,
}

/// <summary>How a network decides that a transaction will not be undone.</summary>
public enum FinalityModel
{
    /// <summary>Final once committed and validated (Fabric: committed with validation code VALID).</summary>
    Committed,

    /// <summary>Final after a number of confirmations; earlier it may be reorganised away (Ethereum).</summary>
    ConfirmationDepth,

    /// <summary>Final once the platform acknowledges it.</summary>
    Acknowledged,
}

/// <summary>What an adapter can do.</summary>
/// <param name="Commands">The command kinds <see cref="INetworkAdapter.SubmitAsync"/> accepts.</param>
/// <param name="SupportsSubscribe">Whether <see cref="INetworkAdapter.SubscribeAsync"/> streams events.</param>
/// <param name="ProofKinds">The proof kinds <see cref="INetworkAdapter.GetProofAsync"/> produces.</param>
/// <param name="Finality">The network's finality model.</param>
public sealed record AdapterCapabilities(
    LedgerCommandKinds Commands,
    bool SupportsSubscribe,
    IReadOnlyList<ProofKind> ProofKinds,
    FinalityModel Finality)
{
    /// <summary>Whether every command kind in <paramref name="kinds"/> is accepted.</summary>
    public bool CanSubmit(LedgerCommandKinds kinds) => kinds != LedgerCommandKinds.None && (Commands & kinds) == kinds;

    /// <summary>Whether <paramref name="command"/>'s kind is accepted.</summary>
    public bool CanSubmit(LedgerCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CanSubmit(command.Kind);
    }

    /// <summary>Whether proofs of <paramref name="kind"/> are produced.</summary>
    public bool Produces(ProofKind kind) => ProofKinds.Contains(kind);
}
