namespace Bridge.Relay.Messages;

/// <summary>
/// The rules of a message's life, as a pure function: <see cref="Apply"/> takes a message, an event and the time, and
/// says <see cref="TransitionResult.Allowed"/> (with the next message and the transition to record),
/// <see cref="TransitionResult.Unchanged"/> (the same event was applied before) or
/// <see cref="TransitionResult.Refused"/> (with a code from <see cref="TransitionCodes"/>). No I/O, no clock.
/// The full table is in docs/relay.md ("Messages").
/// </summary>
public sealed class MessageStateMachine
{
    /// <summary>The default bound on failures retried automatically.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>A machine with <see cref="DefaultMaxAttempts"/>.</summary>
    public static MessageStateMachine Default { get; } = new(DefaultMaxAttempts);

    /// <summary>A machine whose automatic retries stop after <paramref name="maxAttempts"/> failures.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAttempts"/> is below 1 or above 1000.</exception>
    public MessageStateMachine(int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAttempts, 1000);
        MaxAttempts = maxAttempts;
    }

    /// <summary>
    /// The number of failures after which automatic retries stop: a message is tried at most this many times without
    /// an operator. An operator's retry is not bounded.
    /// </summary>
    public int MaxAttempts { get; }

    /// <summary>Applies <paramref name="event"/> to <paramref name="message"/> at <paramref name="now"/>.</summary>
    /// <remarks>
    /// Idempotency: an event equal (type, reason, evidence) to the one that made the last transition gives
    /// <see cref="TransitionResult.Unchanged"/>; so does one equal to any earlier transition when it is not legal now (a
    /// stale redelivery), except failures and retries, which may legitimately recur. A once-only step (finality, proof,
    /// confirmation, acknowledgement, refund) already recorded with other evidence is refused with
    /// <see cref="TransitionCodes.ConflictingEvidence"/>; in a terminal state the refusal is <see cref="TransitionCodes.Terminal"/>.
    /// </remarks>
    public TransitionResult Apply(RelayMessage message, MessageEvent @event, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(@event);

        if (message.Transitions is [.., var last] && last.IsFrom(@event))
        {
            return new TransitionResult.Unchanged(message);
        }

        var decision = Decide(message, @event, now);
        if (decision is Decision.Move move)
        {
            return Move(message, @event, now, move.To);
        }

        var refused = (Decision.Refuse)decision;
        if (!IsRepeatable(@event.Trigger) && message.Transitions.Any(t => t.IsFrom(@event)))
        {
            return new TransitionResult.Unchanged(message);
        }

        if (refused.Code != TransitionCodes.Terminal && IsProgress(@event.Trigger) && message.Transitions.Any(t => t.Trigger == @event.Trigger))
        {
            return new TransitionResult.Refused(
                TransitionCodes.ConflictingEvidence,
                $"'{@event.Trigger.ToWireName()}' was already recorded with other evidence.");
        }

        return new TransitionResult.Refused(refused.Code, refused.Reason);
    }

    // Failures and retries legitimately happen again with the same code; only an exact repeat of the last one is a duplicate.
    private static bool IsRepeatable(MessageTrigger trigger) => trigger is MessageTrigger.StepFailed or MessageTrigger.RetryRequested;

    // Steps that happen at most once per message: other evidence for them is a conflict, not a new step.
    private static bool IsProgress(MessageTrigger trigger) => trigger is MessageTrigger.SourceFinal
        or MessageTrigger.SourceProven or MessageTrigger.DestinationConfirmed
        or MessageTrigger.SourceAcknowledged or MessageTrigger.SourceRefunded;

    private Decision Decide(RelayMessage message, MessageEvent @event, DateTimeOffset now)
    {
        var state = message.State;
        if (message.IsTerminal)
        {
            return Decision.Refused(TransitionCodes.Terminal, $"The message is {state.ToWireName()}: nothing more can happen to it.");
        }

        var deadlinePassed = message.Deadline is { } deadline && now >= deadline;
        switch (@event)
        {
            case MessageEvent.SourceFinal:
                return Step(state, MessageState.Observed, MessageState.Final);
            case MessageEvent.SourceProven:
                return Step(state, MessageState.Final, MessageState.Proven);
            case MessageEvent.DestinationSubmitted when state == MessageState.Proven && deadlinePassed:
                return Decision.Refused(TransitionCodes.DeadlinePassed, "The deadline has passed: the message must expire, not be submitted.");
            case MessageEvent.DestinationSubmitted:
                return Step(state, MessageState.Proven, MessageState.Submitted);
            case MessageEvent.DestinationConfirmed:
                return Step(state, MessageState.Submitted, MessageState.Confirmed);
            case MessageEvent.SourceAcknowledged:
                return Step(state, MessageState.Confirmed, MessageState.Acknowledged);
            case MessageEvent.StepFailed failed:
                if (failed.Resubmit && state != MessageState.Submitted)
                {
                    return Decision.Refused(TransitionCodes.IllegalTransition, "Only a submitted message can fail back to resubmission.");
                }

                return state is MessageState.Observed or MessageState.Final or MessageState.Proven or MessageState.Submitted or MessageState.Confirmed
                    ? new Decision.Move(MessageState.Failed)
                    : Illegal(state, @event);
            case MessageEvent.RetryRequested retry:
                return DecideRetry(message, retry, deadlinePassed);
            case MessageEvent.DeadlinePassed:
                if (message.IsDelivered)
                {
                    return Decision.Refused(TransitionCodes.AlreadyDelivered, "The destination confirmed the message: it cannot expire.");
                }

                if (state is not (MessageState.Observed or MessageState.Final or MessageState.Proven or MessageState.Submitted or MessageState.Failed))
                {
                    return Illegal(state, @event);
                }

                if (message.Deadline is null)
                {
                    return Decision.Refused(TransitionCodes.NoDeadline, "The message has no deadline.");
                }

                return deadlinePassed
                    ? new Decision.Move(MessageState.Expired)
                    : Decision.Refused(TransitionCodes.DeadlineNotReached, "The deadline has not passed yet.");
            case MessageEvent.SourceRefunded:
                // Expired messages of kinds with nothing to refund are terminal (handled above).
                return Step(state, MessageState.Expired, MessageState.Refunded);
            case MessageEvent.CancelRequested:
                return DecideCancel(message, @event);
            default:
                throw new ArgumentOutOfRangeException(nameof(@event), @event.Trigger, "Not a known message event.");
        }
    }

    private Decision DecideRetry(RelayMessage message, MessageEvent.RetryRequested retry, bool deadlinePassed)
    {
        if (message.State != MessageState.Failed)
        {
            return Illegal(message.State, retry);
        }

        if (deadlinePassed)
        {
            return Decision.Refused(TransitionCodes.DeadlinePassed, "The deadline has passed: the message must expire, not be retried.");
        }

        if (retry.Operator is null)
        {
            if (message.LastError is { Retryable: false })
            {
                return Decision.Refused(TransitionCodes.NotRetryable, "The failure is not retryable; an operator may retry it.");
            }

            if (message.Attempts >= MaxAttempts)
            {
                return Decision.Refused(TransitionCodes.AttemptsExhausted, $"{message.Attempts} of {MaxAttempts} attempts failed; an operator may retry it.");
            }
        }

        var back = message.FailedFrom
            ?? throw new InvalidOperationException($"Message {message.Id} is failed without the state it failed in.");
        return new Decision.Move(back);
    }

    private static Decision DecideCancel(RelayMessage message, MessageEvent @event)
    {
        var state = message.State;
        if (message.IsDelivered)
        {
            return Decision.Refused(TransitionCodes.AlreadyDelivered, "The destination confirmed the message: it cannot be cancelled.");
        }

        if (state == MessageState.Submitted || (state == MessageState.Failed && message.FailedFrom == MessageState.Submitted))
        {
            return Decision.Refused(TransitionCodes.InFlight, "The message was submitted and may still take effect: wait for confirmation or the deadline.");
        }

        if (state is not (MessageState.Observed or MessageState.Final or MessageState.Proven or MessageState.Failed))
        {
            return Illegal(state, @event);
        }

        return new Decision.Move(message.Kind.IsRefundable() ? MessageState.Expired : MessageState.Cancelled);
    }

    private static Decision Step(MessageState state, MessageState from, MessageState to) =>
        state == from
            ? new Decision.Move(to)
            : Decision.Refused(TransitionCodes.IllegalTransition, $"Only a {from.ToWireName()} message can become {to.ToWireName()}; this one is {state.ToWireName()}.");

    private static Decision Illegal(MessageState state, MessageEvent @event) =>
        Decision.Refused(TransitionCodes.IllegalTransition, $"'{@event.Trigger.ToWireName()}' is not legal for a {state.ToWireName()} message.");

    private static TransitionResult.Allowed Move(RelayMessage message, MessageEvent @event, DateTimeOffset now, MessageState to)
    {
        var transition = new MessageTransition(message.State, to, now, @event.Trigger, @event.Reason, @event.Evidence);
        var next = message with
        {
            State = to,
            FailedFrom = null,
            UpdatedAt = now,
            Transitions = [.. message.Transitions, transition],
        };

        if (@event is MessageEvent.StepFailed failed)
        {
            next = next with
            {
                FailedFrom = failed.Resubmit ? MessageState.Proven : message.State,
                Attempts = message.Attempts + 1,
                LastError = new MessageError(failed.Code, failed.Detail, failed.Retryable, now),
            };
        }

        return new TransitionResult.Allowed(next, transition);
    }

    /// <summary>The verdict before idempotency is considered.</summary>
    private abstract record Decision
    {
        private Decision()
        {
        }

        public static Refuse Refused(string code, string reason) => new(code, reason);

        public sealed record Move(MessageState To) : Decision;

        public sealed record Refuse(string Code, string Reason) : Decision;
    }
}
