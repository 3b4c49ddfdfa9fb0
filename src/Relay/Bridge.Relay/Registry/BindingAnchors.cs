using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Engine;

namespace Bridge.Relay.Registry;

/// <summary>
/// An identity binding's statement digest anchored on one network (docs/bindings.md "Anchoring a binding on the lanes'
/// ledgers"): the transaction that recorded it, the network's proof of that transaction and the verdict of the pure
/// verifier against the network's registered trust anchors.
/// </summary>
/// <param name="Network">The registered network it is anchored on.</param>
/// <param name="TxId">The anchor transaction (Fabric transaction id, Ethereum transaction hash).</param>
/// <param name="BlockNumber">The block that holds it, when the network has blocks.</param>
/// <param name="BlockHash">That block's hash, when the network tells (Ethereum).</param>
/// <param name="Proof">The network's proof of the anchor transaction.</param>
/// <param name="Verdict">The verifier's verdict on <paramref name="Proof"/> (always valid when stored: anchoring fails closed).</param>
/// <param name="AnchoredAt">When the bridge stored it.</param>
public sealed record BindingAnchor(string Network, string TxId, long? BlockNumber, string? BlockHash, ProofEnvelope Proof, ProofVerdict Verdict, DateTimeOffset AnchoredAt);

/// <summary>The outcome of anchoring a binding on one network: <see cref="Anchored"/> or <see cref="Failed"/>.</summary>
public abstract record BindingAnchorResult
{
    private BindingAnchorResult()
    {
    }

    /// <summary>The digest is on the ledger, final, proven and the proof verified.</summary>
    public sealed record Anchored(BindingAnchor Anchor) : BindingAnchorResult;

    /// <summary>Anchoring did not complete; nothing is stored for this network.</summary>
    /// <param name="Code">A stable code (<see cref="BindingAnchoring"/>'s constants, or the ledger's rejection code).</param>
    /// <param name="Reason">What happened, for people (no key material, no statement body).</param>
    /// <param name="Transient">Whether asking again later can help (the ledger was unreachable or slow).</param>
    public sealed record Failed(string Code, string Reason, bool Transient) : BindingAnchorResult;
}

/// <summary>How long anchoring waits for finality, and how often it asks.</summary>
public sealed record BindingAnchorTiming(TimeSpan FinalityTimeout, TimeSpan FinalityPoll);

/// <summary>
/// Anchors a binding's statement digest on one network through that network's adapter: a document anchor with document id
/// = the binding id, digest = the statement digest (SHA-256 of its canonical bytes), document type
/// <see cref="DocumentType"/>; then waits for finality, builds the network's proof of the anchor transaction and checks
/// it with the pure verifier against the network's registered anchors (as the relay checks source proofs), and reads the
/// anchor back from the ledger to confirm the digest. Submitting is idempotent per (binding, network), so a retry after a
/// failure finds the same ledger anchor instead of writing a second.
/// </summary>
public static class BindingAnchoring
{
    /// <summary>The document type the anchor carries on every ledger.</summary>
    public const string DocumentType = "identity-binding";

    /// <summary>The adapter takes no document anchors, or builds no proof of the network's kind.</summary>
    public const string CannotAnchorCode = "cannot-anchor";

    /// <summary>The transaction was not final within <see cref="BindingAnchorTiming.FinalityTimeout"/>.</summary>
    public const string NotFinal = "not-final";

    /// <summary>The ledger could not be reached, or could not build the proof.</summary>
    public const string LedgerUnavailable = "ledger-unavailable";

    /// <summary>The proof did not verify, or proves another transaction or network.</summary>
    public const string ProofInvalid = "proof-invalid";

    /// <summary>The ledger's anchor holds another digest than the statement's.</summary>
    public const string DigestMismatch = "digest-mismatch";

    /// <summary>The digest placeholder that asks a proof builder to fill in the proven digest (Fabric and Ethereum builders).</summary>
    private static readonly string UnknownDigest = new('0', 64);

    /// <summary>The submission's idempotency key: one ledger anchor per binding and network, whatever the retries.</summary>
    public static string IdempotencyKey(Guid binding, string network) => $"identity-binding/{binding:D}/{network}";

    /// <summary>
    /// The anchor command of <paramref name="binding"/>: the statement digest as content digest and as commitment root (a
    /// statement has no salted-field commitment; the root slot must still be 32 bytes on Ethereum).
    /// </summary>
    public static LedgerCommand.Anchor Command(IdentityBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new LedgerCommand.Anchor(binding.Id.ToString("D"), binding.Digest, binding.Digest, DocumentType);
    }

    /// <summary>
    /// Why <paramref name="adapter"/> cannot anchor a binding on <paramref name="network"/> (it takes no document anchors,
    /// or builds no proof of the network's kind), or null when it can. Asked for every network before any ledger is written.
    /// </summary>
    public static string? CannotAnchor(INetworkAdapter adapter, Network network)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(network);
        if (!adapter.Capabilities.CanSubmit(LedgerCommandKinds.Anchor))
        {
            return $"the adapter of network {network.Name} takes no document anchors";
        }

        return ProofKindFor(adapter, network) is null ? $"the adapter of network {network.Name} builds no {network.Kind.ToWireName()} proof" : null;
    }

    /// <summary>Anchors <paramref name="binding"/> on <paramref name="network"/> through <paramref name="adapter"/> (see the class summary).</summary>
    public static async Task<BindingAnchorResult> AnchorAsync(
        IdentityBinding binding, Network network, INetworkAdapter adapter, ProofVerifierRegistry verifiers, TimeProvider time, BindingAnchorTiming timing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(verifiers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(timing);
        var cannot = CannotAnchor(adapter, network);
        if (cannot is not null || ProofKindFor(adapter, network) is not { } kind)
        {
            return new BindingAnchorResult.Failed(CannotAnchorCode, cannot ?? $"the adapter of network {network.Name} builds no proof", Transient: false);
        }

        try
        {
            var submitted = await adapter.SubmitAsync(Command(binding), IdempotencyKey(binding.Id, network.Name), cancellationToken);
            if (submitted is SubmitResult.Rejected rejected)
            {
                return new BindingAnchorResult.Failed(rejected.Code, $"network {network.Name} refused the anchor: {rejected.Reason}", Transient: false);
            }

            var tx = ((SubmitResult.Accepted)submitted).Tx;
            var (finalTx, failed) = await FinalAsync(adapter, tx, time, timing, cancellationToken);
            if (finalTx is null)
            {
                return failed! with { Reason = $"network {network.Name}: {failed.Reason}" };
            }

            var proof = await adapter.GetProofAsync(new ProofRequest(kind, new ProofSubject(ProofSubjectType.Transaction, finalTx.Id, UnknownDigest), finalTx), cancellationToken);
            var verdict = Check(proof, finalTx, network, verifiers);
            if (verdict is not ProofVerdict.Valid)
            {
                var why = verdict switch
                {
                    ProofVerdict.Invalid invalid => $"{invalid.Code}: {invalid.Reason}",
                    ProofVerdict.NotApplicable na => $"not-applicable: {na.Reason}",
                    _ => "unknown verdict",
                };
                return new BindingAnchorResult.Failed(ProofInvalid, $"the proof of the anchor on network {network.Name} does not hold ({why})", Transient: false);
            }

            if (await adapter.QueryAsync(new LedgerQuery.AnchorOf(binding.Id.ToString("D")), cancellationToken) is not QueryResult.Found found
                || !found.Value.TryGetProperty("contentDigest", out var digest) || !string.Equals(digest.GetString(), binding.Digest, StringComparison.OrdinalIgnoreCase))
            {
                return new BindingAnchorResult.Failed(DigestMismatch, $"network {network.Name} does not hold the statement digest under document {binding.Id:D}", Transient: false);
            }

            return new BindingAnchorResult.Anchored(new BindingAnchor(network.Name, finalTx.Id, finalTx.BlockNumber, finalTx.BlockHash, proof, verdict, time.GetUtcNow()));
        }
        catch (AdapterException e)
        {
            return new BindingAnchorResult.Failed(LedgerUnavailable, $"network {network.Name}: {e.Message}", e.IsTransient);
        }
        catch (NotSupportedException e)
        {
            return new BindingAnchorResult.Failed(CannotAnchorCode, $"network {network.Name}: {e.Message}", Transient: false);
        }
    }

    /// <summary>
    /// Valid when <paramref name="proof"/> is from <paramref name="network"/>, proves transaction <paramref name="tx"/>, and
    /// verifies against the network's trust anchors; for Ethereum the block the network reported the transaction final in is
    /// added to the trusted blocks, as <see cref="SourceProofs.Check"/> does for a source fact. Pure.
    /// </summary>
    public static ProofVerdict Check(ProofEnvelope proof, TxRef tx, Network network, ProofVerifierRegistry verifiers)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(verifiers);
        if (!string.Equals(proof.SourceNetwork, network.Name, StringComparison.Ordinal))
        {
            return new ProofVerdict.Invalid("wrong-network", $"the proof is from network {proof.SourceNetwork}, not {network.Name}");
        }

        if (proof.Subject.Type != ProofSubjectType.Transaction || !string.Equals(proof.Subject.Id, tx.Id, StringComparison.OrdinalIgnoreCase))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the proof is of {proof.Subject.Type.ToWireName()} {proof.Subject.Id}, not of the anchor transaction {tx.Id}");
        }

        var anchors = network.TrustAnchors;
        if (anchors is EthereumTrustAnchors ethereum && tx is { BlockNumber: { } block, BlockHash: { } hash })
        {
            anchors = ethereum with { TrustedBlocks = [.. ethereum.TrustedBlocks ?? [], new EthereumTrustedBlock(block, hash)] };
        }

        return verifiers.Verify(proof, anchors);
    }

    private static ProofKind? ProofKindFor(INetworkAdapter adapter, Network network) =>
        adapter.Capabilities.ProofKinds.Cast<ProofKind?>().FirstOrDefault(k => k!.Value.NetworkKindOf() == network.Kind);

    private static async Task<(TxRef? Final, BindingAnchorResult.Failed? Failed)> FinalAsync(INetworkAdapter adapter, TxRef tx, TimeProvider time, BindingAnchorTiming timing, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timing.FinalityTimeout;
        while (true)
        {
            switch (await adapter.GetFinalityAsync(tx, cancellationToken))
            {
                case FinalityStatus.Final final:
                    return (final.Tx, null);
                case FinalityStatus.Reorged reorged:
                    return (null, new BindingAnchorResult.Failed(NotFinal, $"the anchor transaction was reorganised away ({reorged.Reason}); ask again", Transient: true));
                case FinalityStatus.Invalid invalid:
                    return (null, new BindingAnchorResult.Failed(invalid.Code, $"the anchor transaction did not take effect: {invalid.Reason}", Transient: false));
            }

            if (time.GetUtcNow() >= deadline)
            {
                return (null, new BindingAnchorResult.Failed(NotFinal, $"the anchor transaction {tx.Id} was not final within {timing.FinalityTimeout.TotalSeconds:0} s; ask again (the same anchor is found)", Transient: true));
            }

            await Task.Delay(timing.FinalityPoll, time, cancellationToken);
        }
    }
}
