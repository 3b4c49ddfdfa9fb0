namespace Bridge.Adapters.Abstractions;

/// <summary>A reference to a transaction on one network.</summary>
/// <param name="Id">The transaction id: a Fabric transaction id, an Ethereum <c>0x</c> hash, a platform request id.</param>
/// <param name="BlockNumber">The block that includes it, when known.</param>
/// <param name="BlockHash">That block's hash, when known (detects reorganisations).</param>
public sealed record TxRef(string Id, long? BlockNumber = null, string? BlockHash = null);

/// <summary>The outcome of <see cref="INetworkAdapter.SubmitAsync"/>: <see cref="Accepted"/> or <see cref="Rejected"/>.</summary>
public abstract record SubmitResult
{
    private SubmitResult()
    {
    }

    /// <summary>The network took the command; finality is asked separately.</summary>
    /// <param name="Tx">The transaction that carries it.</param>
    public sealed record Accepted(TxRef Tx) : SubmitResult;

    /// <summary>The network refused the command; retrying the same command will not help.</summary>
    /// <param name="Code">A stable code, e.g. <c>already-consumed</c>, <c>not-holder</c>, <c>endorsement-failure</c>.</param>
    /// <param name="Reason">What the network said, for people.</param>
    public sealed record Rejected(string Code, string Reason) : SubmitResult;
}

/// <summary>
/// The outcome of <see cref="INetworkAdapter.GetFinalityAsync"/>: <see cref="Final"/>, <see cref="NotFinalYet"/>,
/// <see cref="Reorged"/> or <see cref="Invalid"/>.
/// </summary>
public abstract record FinalityStatus
{
    private FinalityStatus()
    {
    }

    /// <summary>The transaction will not be undone.</summary>
    /// <param name="Tx">The transaction, with its block when the network has blocks.</param>
    public sealed record Final(TxRef Tx) : FinalityStatus;

    /// <summary>Not final yet; ask again later.</summary>
    /// <param name="Confirmations">Confirmations so far (0 while pending).</param>
    /// <param name="Required">Confirmations the finality rule requires.</param>
    public sealed record NotFinalYet(int Confirmations, int Required) : FinalityStatus;

    /// <summary>The block that included the transaction is no longer on the canonical chain.</summary>
    /// <param name="Reason">What changed, for people.</param>
    public sealed record Reorged(string Reason) : FinalityStatus;

    /// <summary>The transaction was recorded but did not take effect (e.g. Fabric MVCC_READ_CONFLICT, an EVM revert).</summary>
    /// <param name="Code">The network's code, e.g. <c>MVCC_READ_CONFLICT</c> or <c>reverted</c>.</param>
    /// <param name="Reason">What happened, for people.</param>
    public sealed record Invalid(string Code, string Reason) : FinalityStatus;
}
