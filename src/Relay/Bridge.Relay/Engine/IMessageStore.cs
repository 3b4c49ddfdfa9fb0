using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Messages;

namespace Bridge.Relay.Engine;

/// <summary>A message a worker holds the lease of: it may change the message while the lease's token is current.</summary>
/// <param name="Message">The message as stored.</param>
/// <param name="Lease">The lease (owner, expiry, fencing token).</param>
public sealed record LeasedMessage(RelayMessage Message, Lease Lease);

/// <summary>A lane's work at one moment (for <c>/metrics</c> and operators).</summary>
/// <param name="Lane">The lane's name.</param>
/// <param name="Backlog">Messages not yet at an end (acknowledged, refunded, cancelled, or expired with nothing to refund).</param>
/// <param name="OldestPending">When the oldest of them was observed, or null when there is none.</param>
/// <param name="FailedByReason">Messages now failed, by their last error's code.</param>
public sealed record LaneStatus(string Lane, long Backlog, DateTimeOffset? OldestPending, IReadOnlyDictionary<string, long> FailedByReason);

/// <summary>A proof the relay gathered for a message, with the verdict it reached.</summary>
/// <param name="Role">What the proof is for: <c>source</c> (the source fact) or <c>relay-attestation</c> (what the destination checks).</param>
/// <param name="Envelope">The proof envelope.</param>
/// <param name="Verdict">The relay's verdict on it (the relay attestation's is the signer set it assembled).</param>
/// <param name="CreatedAt">When it was stored.</param>
public sealed record StoredProof(string Role, ProofEnvelope Envelope, ProofVerdict Verdict, DateTimeOffset CreatedAt);

/// <summary>What <see cref="IMessageStore.ApplyAsync"/> did.</summary>
public abstract record ApplyOutcome
{
    private ApplyOutcome()
    {
    }

    /// <summary>The transition was stored (with the message's new state), in one transaction.</summary>
    public sealed record Applied(RelayMessage Message, MessageTransition Transition) : ApplyOutcome;

    /// <summary>The event was a repeat; nothing was written.</summary>
    public sealed record Unchanged(RelayMessage Message) : ApplyOutcome;

    /// <summary>The state machine refused the event; nothing was written.</summary>
    public sealed record Refused(string Code, string Reason) : ApplyOutcome;

    /// <summary>The caller's lease is not current (expired, or taken by another worker): nothing was written.</summary>
    public sealed record LeaseLost(Lease? Current) : ApplyOutcome;

    /// <summary>No message with this id.</summary>
    public sealed record NotFound : ApplyOutcome;
}

/// <summary>An event a worker applied, with when it happened.</summary>
/// <param name="Event">The event.</param>
/// <param name="At">When the step that caused it ended (the transition's time).</param>
public sealed record TimedEvent(MessageEvent Event, DateTimeOffset At);

/// <summary>A proof to store with a <see cref="MessageChange"/>.</summary>
/// <param name="Role">The proof's role (<c>source</c>, <c>relay-attestation</c>, …); an earlier proof of the role is replaced.</param>
/// <param name="Envelope">The proof.</param>
/// <param name="Verdict">The relay's verdict on it.</param>
public sealed record ProofToSave(string Role, ProofEnvelope Envelope, ProofVerdict Verdict);

/// <summary>
/// What a worker holding <paramref name="Lease"/> does to <paramref name="Message"/> in one step, written together with
/// other messages' steps by <see cref="IMessageStore.CommitAsync"/>: store <paramref name="Proofs"/>, then apply
/// <paramref name="Event"/> (or, when it is null, only put the work off until <paramref name="Due"/>).
/// </summary>
/// <param name="Message">The message as the worker holds it (its state and full history: the event is applied to this copy).</param>
/// <param name="Lease">The worker's lease; nothing is written unless it is current.</param>
/// <param name="Event">The event to apply, or null to postpone.</param>
/// <param name="Due">When work on the message is due next (null: not until something else makes it due).</param>
/// <param name="KeepLease">Keep the lease to go on with the next step at once (the message must not have ended).</param>
/// <param name="Proofs">Proofs to store first (none for most steps).</param>
public sealed record MessageChange(RelayMessage Message, Lease Lease, MessageEvent? Event, DateTimeOffset? Due, bool KeepLease, IReadOnlyList<ProofToSave> Proofs)
{
    /// <summary>
    /// Events the worker applied to its copy of the message before <see cref="Event"/> in the same round (a message that
    /// went several steps while the worker held it), in order, each with when it happened; written in the same commit,
    /// each as its own transition. Empty for a single step.
    /// </summary>
    public IReadOnlyList<TimedEvent> Earlier { get; init; } = [];

    /// <summary>When <see cref="Event"/> happened (its transition's time); null: at the commit.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Every event of the change, in order: <see cref="Earlier"/>, then <see cref="Event"/> (none for a postponement).</summary>
    public IReadOnlyList<TimedEvent> Events(DateTimeOffset commitTime) =>
        Event is null ? [] : [.. Earlier, new TimedEvent(Event, At ?? commitTime)];

    /// <summary>Put the work off until <paramref name="due"/> and release the lease.</summary>
    public static MessageChange Postpone(RelayMessage message, Lease lease, DateTimeOffset? due) => new(message, lease, null, due, KeepLease: false, []);
}

/// <summary>
/// The relay's persisted messages and their work (docs/relay.md, "The message store and the outbox"): a message row is
/// also its outbox entry (<c>due_at</c> says when work on it is next due), workers lease due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> so two hosts never take the same one, and every change goes through the pure
/// <see cref="MessageStateMachine"/> inside a transaction that locks the row and checks the lease's fencing token.
/// </summary>
public interface IMessageStore
{
    /// <summary>Stores a newly observed message, due now; false (and nothing changed) when its id is already stored.</summary>
    Task<bool> ObserveAsync(RelayMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Stores newly observed messages in one round trip and one transaction, each due now; returns how many were new (ids
    /// already stored are skipped, as <see cref="ObserveAsync"/> does).
    /// </summary>
    /// <exception cref="InvalidOperationException">A message names a lane that does not exist (nothing is stored).</exception>
    Task<int> ObserveManyAsync(IReadOnlyList<RelayMessage> messages, CancellationToken cancellationToken);

    /// <summary>The message with <paramref name="id"/>, with its transitions, or null.</summary>
    Task<RelayMessage?> GetAsync(MessageId id, CancellationToken cancellationToken);

    /// <summary>
    /// One page of messages, newest first (by id within equal update times: keyset on (updated_at, id)), optionally of one
    /// lane, of a set of lanes and in one state; without their transitions.
    /// </summary>
    /// <param name="lane">Only this lane's messages (by name), or null.</param>
    /// <param name="laneIds">
    /// Only messages of these lanes (by id; empty: none at all), or null for every lane. This is how a participant's list is
    /// scoped to the lanes it may read: one filter in the query, so pages, cursors and counts never see other lanes.
    /// </param>
    /// <param name="state">Only messages in this state, or null.</param>
    /// <param name="limit">Page size, at least 1.</param>
    /// <param name="cursor">The previous page's <see cref="Bridge.Relay.Registry.Page{T}.NextCursor"/>, or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="FormatException"><paramref name="cursor"/> is not a cursor this list gave out.</exception>
    Task<Bridge.Relay.Registry.Page<RelayMessage>> ListAsync(string? lane, IReadOnlyCollection<Guid>? laneIds, MessageState? state, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Every lane's backlog, oldest pending message and failures by reason (lanes without messages included).</summary>
    Task<IReadOnlyList<LaneStatus>> LaneStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> messages whose work is due and whose lease is free or expired, oldest due first,
    /// for <paramref name="duration"/>; each lease gets a new fencing token.
    /// </summary>
    Task<IReadOnlyList<LeasedMessage>> LeaseDueAsync(string owner, int max, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="event"/> to message <paramref name="id"/> through <paramref name="machine"/>, in one
    /// transaction that locks the row. With a <paramref name="lease"/>, only while that lease is current; the lease is
    /// released when <paramref name="nextDue"/> is given or the message ends. <paramref name="nextDue"/> is when work is
    /// next due (null: none until something else makes it due). With <paramref name="keepLease"/>, the caller keeps its
    /// lease to work on the next step at once (<paramref name="nextDue"/> is then when the work is due again should the
    /// caller die holding it, typically the lease's expiry).
    /// </summary>
    Task<ApplyOutcome> ApplyAsync(MessageId id, MessageEvent @event, MessageStateMachine machine, Lease? lease, DateTimeOffset? nextDue, CancellationToken cancellationToken, bool keepLease = false);

    /// <summary>
    /// Puts work on message <paramref name="id"/> off until <paramref name="due"/> without changing its state (not final
    /// yet, lane paused or over its rate, destination unreachable), releasing <paramref name="lease"/>; false when the
    /// lease is no longer current (nothing written).
    /// </summary>
    /// <remarks>A null <paramref name="due"/> means no work is due until something else makes it due (an operator's retry).</remarks>
    Task<bool> PostponeAsync(MessageId id, Lease lease, DateTimeOffset? due, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="proof"/> for message <paramref name="id"/> under <paramref name="role"/> (replacing an
    /// earlier one of that role: a retried step gathers its proof again) while <paramref name="lease"/> is current; false
    /// (nothing written) when it is not.
    /// </summary>
    Task<bool> SaveProofAsync(MessageId id, Lease lease, string role, ProofEnvelope proof, ProofVerdict verdict, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="changes"/> (each to a different message, each under its own lease) in one database round trip
    /// and one transaction: every change's proofs, events (through <paramref name="machine"/>, applied to the caller's copy of
    /// the message and fenced on the lease and the stored state) and postponements. Returns one outcome per change, in order:
    /// <see cref="ApplyOutcome.Applied"/>/<see cref="ApplyOutcome.Unchanged"/>/<see cref="ApplyOutcome.Refused"/> as
    /// <see cref="ApplyAsync"/> would, <see cref="ApplyOutcome.Unchanged"/> for a postponement that was written, and
    /// <see cref="ApplyOutcome.LeaseLost"/> when the lease was not current (nothing of that change written). A change whose
    /// stored message moved on under the caller (an operator's retry or cancel) is decided again as <see cref="ApplyAsync"/>
    /// decides it.
    /// </summary>
    Task<IReadOnlyList<ApplyOutcome>> CommitAsync(IReadOnlyList<MessageChange> changes, MessageStateMachine machine, CancellationToken cancellationToken);

    /// <summary>The proofs stored for message <paramref name="id"/>, source first.</summary>
    Task<IReadOnlyList<StoredProof>> GetProofsAsync(MessageId id, CancellationToken cancellationToken);
}
