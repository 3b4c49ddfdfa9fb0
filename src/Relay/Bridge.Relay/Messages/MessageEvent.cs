using System.Diagnostics.CodeAnalysis;
using Bridge.Adapters.Abstractions;

namespace Bridge.Relay.Messages;

/// <summary>What can happen to a message; one per event type of <see cref="MessageEvent"/>. Stored as its wire name.</summary>
public enum MessageTrigger
{
    /// <summary><see cref="MessageEvent.SourceFinal"/> (<c>source-final</c>).</summary>
    SourceFinal,

    /// <summary><see cref="MessageEvent.SourceProven"/> (<c>source-proven</c>).</summary>
    SourceProven,

    /// <summary><see cref="MessageEvent.DestinationSubmitted"/> (<c>destination-submitted</c>).</summary>
    DestinationSubmitted,

    /// <summary><see cref="MessageEvent.DestinationConfirmed"/> (<c>destination-confirmed</c>).</summary>
    DestinationConfirmed,

    /// <summary><see cref="MessageEvent.SourceAcknowledged"/> (<c>source-acknowledged</c>).</summary>
    SourceAcknowledged,

    /// <summary><see cref="MessageEvent.StepFailed"/> (<c>step-failed</c>).</summary>
    StepFailed,

    /// <summary><see cref="MessageEvent.RetryRequested"/> (<c>retry-requested</c>).</summary>
    RetryRequested,

    /// <summary><see cref="MessageEvent.DeadlinePassed"/> (<c>deadline-passed</c>).</summary>
    DeadlinePassed,

    /// <summary><see cref="MessageEvent.SourceRefunded"/> (<c>source-refunded</c>).</summary>
    SourceRefunded,

    /// <summary><see cref="MessageEvent.CancelRequested"/> (<c>cancel-requested</c>).</summary>
    CancelRequested,
}

/// <summary>Converts <see cref="MessageTrigger"/> to and from its stable wire name.</summary>
public static class MessageTriggers
{
    /// <summary>The wire name, e.g. <c>source-final</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined trigger (a bug in the caller).</exception>
    public static string ToWireName(this MessageTrigger trigger) => trigger switch
    {
        MessageTrigger.SourceFinal => "source-final",
        MessageTrigger.SourceProven => "source-proven",
        MessageTrigger.DestinationSubmitted => "destination-submitted",
        MessageTrigger.DestinationConfirmed => "destination-confirmed",
        MessageTrigger.SourceAcknowledged => "source-acknowledged",
        MessageTrigger.StepFailed => "step-failed",
        MessageTrigger.RetryRequested => "retry-requested",
        MessageTrigger.DeadlinePassed => "deadline-passed",
        MessageTrigger.SourceRefunded => "source-refunded",
        MessageTrigger.CancelRequested => "cancel-requested",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Not a defined message trigger."),
    };

    /// <summary>Parses a wire name (exact, ordinal).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out MessageTrigger trigger)
    {
        foreach (var candidate in Enum.GetValues<MessageTrigger>())
        {
            if (string.Equals(candidate.ToWireName(), value, StringComparison.Ordinal))
            {
                trigger = candidate;
                return true;
            }
        }

        trigger = default;
        return false;
    }
}

/// <summary>
/// Something that happened to a message, applied with <see cref="MessageStateMachine.Apply"/>. Each event carries its
/// evidence (a transaction, a proof id, an operator); the constructors reject empty evidence, so, for example, a refund
/// without a refund proof reference cannot be expressed. Time is not part of an event: it is passed to
/// <see cref="MessageStateMachine.Apply"/>.
/// </summary>
public abstract record MessageEvent
{
    private MessageEvent()
    {
    }

    /// <summary>The event type.</summary>
    public abstract MessageTrigger Trigger { get; }

    /// <summary>A short code recorded with the transition (a failure code, <c>automatic</c>/<c>operator</c>, ...), or null.</summary>
    public virtual string? Reason => null;

    /// <summary>The evidence recorded with the transition (a transaction id, a proof id, an operator), or null.</summary>
    public virtual string? Evidence => null;

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Required evidence is missing.", name) : value;

    private static TxRef Required(TxRef? tx, string name)
    {
        ArgumentNullException.ThrowIfNull(tx, name);
        Required(tx.Id, name);
        return tx;
    }

    /// <summary>The source transaction became final under the lane's finality rule: observed → final.</summary>
    /// <param name="SourceTx">The final source transaction (with its block).</param>
    public sealed record SourceFinal(TxRef SourceTx) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public TxRef SourceTx { get; init => field = Required(value, nameof(SourceTx)); } = Required(SourceTx, nameof(SourceTx));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.SourceFinal;

        /// <inheritdoc />
        public override string Evidence => SourceTx.Id;
    }

    /// <summary>The source proof was built and verified under the lane's policy: final → proven.</summary>
    /// <param name="ProofId">The stored proof's id.</param>
    public sealed record SourceProven(string ProofId) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public string ProofId { get; init => field = Required(value, nameof(ProofId)); } = Required(ProofId, nameof(ProofId));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.SourceProven;

        /// <inheritdoc />
        public override string Evidence => ProofId;
    }

    /// <summary>The destination accepted the submission: proven → submitted (refused once the deadline has passed).</summary>
    /// <param name="DestinationTx">The destination transaction.</param>
    public sealed record DestinationSubmitted(TxRef DestinationTx) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public TxRef DestinationTx { get; init => field = Required(value, nameof(DestinationTx)); } = Required(DestinationTx, nameof(DestinationTx));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.DestinationSubmitted;

        /// <inheritdoc />
        public override string Evidence => DestinationTx.Id;
    }

    /// <summary>The destination transaction is final and took effect: submitted → confirmed.</summary>
    /// <param name="DestinationTx">The final destination transaction.</param>
    public sealed record DestinationConfirmed(TxRef DestinationTx) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public TxRef DestinationTx { get; init => field = Required(value, nameof(DestinationTx)); } = Required(DestinationTx, nameof(DestinationTx));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.DestinationConfirmed;

        /// <inheritdoc />
        public override string Evidence => DestinationTx.Id;
    }

    /// <summary>The acknowledgement was recorded on the source: confirmed → acknowledged.</summary>
    /// <param name="AcknowledgementTx">The source transaction carrying the acknowledgement.</param>
    public sealed record SourceAcknowledged(TxRef AcknowledgementTx) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public TxRef AcknowledgementTx { get; init => field = Required(value, nameof(AcknowledgementTx)); } = Required(AcknowledgementTx, nameof(AcknowledgementTx));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.SourceAcknowledged;

        /// <inheritdoc />
        public override string Evidence => AcknowledgementTx.Id;
    }

    /// <summary>
    /// The step out of the current state failed: observed, final, proven, submitted or confirmed → failed. The message
    /// remembers the state to return to on retry (<see cref="RelayMessage.FailedFrom"/>) and counts the failure.
    /// </summary>
    /// <param name="Code">A stable failure code, e.g. <c>proof-invalid</c>, <c>destination-unavailable</c>.</param>
    /// <param name="Detail">What happened, for people (never key material or document bodies).</param>
    /// <param name="Retryable">Whether retrying the same step can help (automatic retries only happen when true).</param>
    /// <param name="Resubmit">
    /// Only from <see cref="MessageState.Submitted"/>: the destination transaction definitely did not take effect
    /// (reverted, invalid), so retry returns to <see cref="MessageState.Proven"/> and submits again instead of waiting
    /// for the same transaction.
    /// </param>
    public sealed record StepFailed(string Code, string Detail, bool Retryable, bool Resubmit = false) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public string Code { get; init => field = Required(value, nameof(Code)); } = Required(Code, nameof(Code));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.StepFailed;

        /// <inheritdoc />
        public override string Reason => Code;
    }

    /// <summary>Retry the failed step: failed → the state it failed in.</summary>
    /// <param name="Operator">
    /// Null for the relay's automatic retry (bounded by <see cref="MessageStateMachine.MaxAttempts"/> and only for
    /// retryable failures); otherwise the operator who asked (allowed whatever the count and the failure).
    /// </param>
    public sealed record RetryRequested(string? Operator = null) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; null or not blank.</summary>
        public string? Operator { get; init => field = value is null ? null : Required(value, nameof(Operator)); } =
            Operator is null ? null : Required(Operator, nameof(Operator));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.RetryRequested;

        /// <inheritdoc />
        public override string Reason => Operator is null ? "automatic" : "operator";

        /// <inheritdoc />
        public override string? Evidence => Operator;
    }

    /// <summary>
    /// The message's deadline has passed without confirmation: observed, final, proven, submitted or failed →
    /// expired. Refused before the deadline and once the destination confirmed.
    /// </summary>
    public sealed record DeadlinePassed : MessageEvent
    {
        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.DeadlinePassed;

        /// <inheritdoc />
        public override string Reason => "deadline";
    }

    /// <summary>The source gave back what it held: expired → refunded (title only).</summary>
    /// <param name="RefundProofId">The stored proof of the refund (and of non-delivery).</param>
    public sealed record SourceRefunded(string RefundProofId) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public string RefundProofId { get; init => field = Required(value, nameof(RefundProofId)); } = Required(RefundProofId, nameof(RefundProofId));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.SourceRefunded;

        /// <inheritdoc />
        public override string Evidence => RefundProofId;
    }

    /// <summary>
    /// An operator cancels the message before anything reached the destination: observed, final, proven or failed
    /// before submission → cancelled; a title message → expired instead, so that its title is refunded.
    /// </summary>
    /// <param name="Operator">Who cancelled.</param>
    /// <param name="Why">Why, as the operator gave it.</param>
    public sealed record CancelRequested(string Operator, string Why) : MessageEvent
    {
        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public string Operator { get; init => field = Required(value, nameof(Operator)); } = Required(Operator, nameof(Operator));

        /// <summary>See the record's parameter of the same name; never null or blank.</summary>
        public string Why { get; init => field = Required(value, nameof(Why)); } = Required(Why, nameof(Why));

        /// <inheritdoc />
        public override MessageTrigger Trigger => MessageTrigger.CancelRequested;

        /// <inheritdoc />
        public override string Reason => Why;

        /// <inheritdoc />
        public override string Evidence => Operator;
    }
}
