namespace Bridge.Adapters.Abstractions;

/// <summary>
/// A party on one network: which participant, and its address there (an Ethereum address, a Fabric
/// <c>MSPID</c>-qualified identity, a platform organisation id).
/// </summary>
/// <param name="ParticipantId">The bridge's participant id.</param>
/// <param name="Address">The participant's identity on the target network.</param>
public sealed record PartyRef(string ParticipantId, string Address);

/// <summary>
/// A typed state change to submit to a network. A closed set: <see cref="Anchor"/>, <see cref="Lock"/>,
/// <see cref="Mint"/>, <see cref="Burn"/>, <see cref="Release"/>, <see cref="Transfer"/>, <see cref="Acknowledge"/>,
/// <see cref="Refund"/>, <see cref="RawInvoke"/>.
/// </summary>
public abstract record LedgerCommand
{
    private LedgerCommand()
    {
    }

    /// <summary>Which command this is, as a single <see cref="LedgerCommandKinds"/> flag.</summary>
    public abstract LedgerCommandKinds Kind { get; }

    /// <summary>Records a document's hashes on the ledger (only hashes go on a ledger).</summary>
    /// <param name="DocumentId">The bridge's document id.</param>
    /// <param name="Digest">Lower-case hex SHA-256 of the canonical document.</param>
    /// <param name="MerkleRoot">Lower-case hex root of the salted-field Merkle commitment.</param>
    /// <param name="DocumentType">The canonical document type code (e.g. <c>BILL_OF_LADING</c>), when known.</param>
    public sealed record Anchor(string DocumentId, string Digest, string MerkleRoot, string? DocumentType = null) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Anchor;
    }

    /// <summary>Locks a title on its source network before it moves away.</summary>
    /// <param name="TitleId">The title (e.g. an eBL's) being moved.</param>
    /// <param name="MessageId">
    /// The bridge message that carries the move, where the network takes it from the caller. Networks that derive the
    /// message id from their own facts (Ethereum: chain id, contract, lane, nonce) emit it in their event instead.
    /// </param>
    /// <param name="From">The current holder on this network.</param>
    /// <param name="To">The holder on the destination network.</param>
    /// <param name="Lane">The lane the title moves on, when the network records it (Ethereum does).</param>
    /// <param name="DestinationNetwork">The destination network's name, when the network records it.</param>
    public sealed record Lock(string TitleId, string MessageId, PartyRef From, PartyRef To, string? Lane = null, string? DestinationNetwork = null) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Lock;
    }

    /// <summary>Creates the title on the destination network, backed by the source network's proof.</summary>
    /// <param name="TitleId">The title being moved.</param>
    /// <param name="MessageId">The bridge message; the destination applies it at most once.</param>
    /// <param name="From">The holder on the source network.</param>
    /// <param name="To">The new holder on this network.</param>
    /// <param name="Proof">The source proof or relay attestation the destination checks.</param>
    public sealed record Mint(string TitleId, string MessageId, PartyRef From, PartyRef To, Proofs.ProofEnvelope Proof) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Mint;
    }

    /// <summary>Destroys the title on this network before it moves back.</summary>
    /// <param name="TitleId">The title being moved.</param>
    /// <param name="MessageId">The bridge message that carries the move.</param>
    /// <param name="From">The current holder on this network.</param>
    /// <param name="To">The holder on the network the title returns to.</param>
    /// <param name="Lane">The lane the title moves on, when the network records it (Ethereum does).</param>
    /// <param name="DestinationNetwork">The destination network's name, when the network records it.</param>
    public sealed record Burn(string TitleId, string MessageId, PartyRef From, PartyRef To, string? Lane = null, string? DestinationNetwork = null) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Burn;
    }

    /// <summary>Unlocks a title on its source network (after a burn elsewhere, or as a refund), backed by a proof.</summary>
    /// <param name="TitleId">The title being released.</param>
    /// <param name="MessageId">The bridge message; the network applies it at most once.</param>
    /// <param name="From">The holder on the other network.</param>
    /// <param name="To">The holder here after release.</param>
    /// <param name="Proof">The proof of the burn (or of the failed delivery, for a refund).</param>
    public sealed record Release(string TitleId, string MessageId, PartyRef From, PartyRef To, Proofs.ProofEnvelope Proof) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Release;
    }

    /// <summary>Moves a title to a new holder within this network (an endorsement of an eBL).</summary>
    /// <param name="TitleId">The title.</param>
    /// <param name="From">The current holder, who signs the transfer.</param>
    /// <param name="To">The new holder.</param>
    public sealed record Transfer(string TitleId, PartyRef From, PartyRef To) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Transfer;
    }

    /// <summary>
    /// Records on the source network that the destination applied an outbound message (settles it: it can no longer be
    /// refunded), under an M-of-N relay attestation of <see cref="IOutboundSettlementDomain.AcknowledgementDomain"/>.
    /// </summary>
    /// <param name="MessageId">The message id the source emitted (<c>0x</c> + 64 hex).</param>
    /// <param name="DestinationTx">The destination transaction that applied it (<see cref="SettlementWords.Transaction"/>).</param>
    /// <param name="Attestation">A <c>relay-attestation</c> proof whose data carries <c>messageId</c> and <c>signatures</c>.</param>
    public sealed record Acknowledge(string MessageId, string DestinationTx, Proofs.ProofEnvelope Attestation) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Acknowledge;
    }

    /// <summary>
    /// Gives the title of an outbound message that will never arrive back on its source network (active again with the
    /// holder and beneficiary it left with), under an M-of-N relay attestation of
    /// <see cref="IOutboundSettlementDomain.RefundDomain"/>.
    /// </summary>
    /// <param name="MessageId">The message id the source emitted (<c>0x</c> + 64 hex).</param>
    /// <param name="Attestation">A <c>relay-attestation</c> proof whose data carries <c>messageId</c> and <c>signatures</c>.</param>
    public sealed record Refund(string MessageId, Proofs.ProofEnvelope Attestation) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.Refund;
    }

    /// <summary>Invokes a contract or chaincode function directly (operator tooling, not lanes).</summary>
    /// <param name="Function">The function name.</param>
    /// <param name="Args">Its arguments as strings, in order.</param>
    public sealed record RawInvoke(string Function, IReadOnlyList<string> Args) : LedgerCommand
    {
        /// <inheritdoc />
        public override LedgerCommandKinds Kind => LedgerCommandKinds.RawInvoke;
    }
}
