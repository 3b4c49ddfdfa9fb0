namespace Bridge.Relay.Messages;

/// <summary>One recorded change of a message's state: the audit trail, and the memory that makes events idempotent.</summary>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="At">When it was applied (the time passed to <see cref="MessageStateMachine.Apply"/>).</param>
/// <param name="Trigger">The event type.</param>
/// <param name="Reason">The event's <see cref="MessageEvent.Reason"/>.</param>
/// <param name="Evidence">The event's <see cref="MessageEvent.Evidence"/> (transaction id, proof id, operator).</param>
public sealed record MessageTransition(
    MessageState From,
    MessageState To,
    DateTimeOffset At,
    MessageTrigger Trigger,
    string? Reason,
    string? Evidence)
{
    /// <summary>Whether this transition was made by an event with the same type, reason and evidence as <paramref name="event"/>.</summary>
    public bool IsFrom(MessageEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Trigger == @event.Trigger
            && string.Equals(Reason, @event.Reason, StringComparison.Ordinal)
            && string.Equals(Evidence, @event.Evidence, StringComparison.Ordinal);
    }
}

/// <summary>The last failure of a message.</summary>
/// <param name="Code">The stable failure code.</param>
/// <param name="Detail">What happened, for people.</param>
/// <param name="Retryable">Whether retrying can help.</param>
/// <param name="At">When it failed.</param>
public sealed record MessageError(string Code, string Detail, bool Retryable, DateTimeOffset At);
