namespace Bridge.Relay.Messages;

/// <summary>
/// The outcome of <see cref="MessageStateMachine.Apply"/>: <see cref="Allowed"/> (persist the new message and the
/// transition), <see cref="Unchanged"/> (the same event was already applied; nothing to write) or
/// <see cref="Refused"/> (the event is not legal now; nothing changed).
/// </summary>
public abstract record TransitionResult
{
    private TransitionResult()
    {
    }

    /// <summary>The event moved the message.</summary>
    /// <param name="Message">The message after the event.</param>
    /// <param name="Transition">The transition to record (also the last of <see cref="RelayMessage.Transitions"/>).</param>
    public sealed record Allowed(RelayMessage Message, MessageTransition Transition) : TransitionResult;

    /// <summary>The same event was applied before (a redelivery or a retried call): a no-op, not an error.</summary>
    /// <param name="Message">The message, unchanged.</param>
    public sealed record Unchanged(RelayMessage Message) : TransitionResult;

    /// <summary>The event is not legal in the message's current state; nothing changed.</summary>
    /// <param name="Code">A stable code from <see cref="TransitionCodes"/>.</param>
    /// <param name="Reason">Why, for people.</param>
    public sealed record Refused(string Code, string Reason) : TransitionResult;
}

/// <summary>The stable codes of <see cref="TransitionResult.Refused"/>.</summary>
public static class TransitionCodes
{
    /// <summary>The message is acknowledged, refunded, cancelled, or expired with nothing to refund.</summary>
    public const string Terminal = "terminal";

    /// <summary>The event does not lead anywhere from the current state.</summary>
    public const string IllegalTransition = "illegal-transition";

    /// <summary>The step was already recorded with different evidence (another transaction or proof).</summary>
    public const string ConflictingEvidence = "conflicting-evidence";

    /// <summary>Expiry was asked before the deadline.</summary>
    public const string DeadlineNotReached = "deadline-not-reached";

    /// <summary>Submission or retry was asked at or after the deadline: the message must expire instead.</summary>
    public const string DeadlinePassed = "deadline-passed";

    /// <summary>Expiry was asked for a message without a deadline.</summary>
    public const string NoDeadline = "no-deadline";

    /// <summary>An automatic retry after <see cref="MessageStateMachine.MaxAttempts"/> failures; an operator may still retry.</summary>
    public const string AttemptsExhausted = "attempts-exhausted";

    /// <summary>An automatic retry of a failure marked not retryable; an operator may still retry.</summary>
    public const string NotRetryable = "not-retryable";

    /// <summary>The destination already confirmed the message: it can neither expire nor be cancelled.</summary>
    public const string AlreadyDelivered = "already-delivered";

    /// <summary>The message was submitted to the destination and may still take effect: it cannot be cancelled.</summary>
    public const string InFlight = "in-flight";
}
