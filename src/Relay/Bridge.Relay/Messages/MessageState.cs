using System.Diagnostics.CodeAnalysis;

namespace Bridge.Relay.Messages;

/// <summary>
/// Where a message is in its life (issue 7 §3). The happy path is
/// <see cref="Observed"/> → <see cref="Final"/> → <see cref="Proven"/> → <see cref="Submitted"/> →
/// <see cref="Confirmed"/> → <see cref="Acknowledged"/>; the rules are in <see cref="MessageStateMachine"/> and
/// docs/relay.md. Written as its wire name (<see cref="MessageStates"/>).
/// </summary>
public enum MessageState
{
    /// <summary>The source event was seen; its transaction is not final yet (<c>observed</c>).</summary>
    Observed,

    /// <summary>The source transaction is final under the lane's finality rule (<c>final</c>).</summary>
    Final,

    /// <summary>The source proof was built and verified under the lane's policy (<c>proven</c>).</summary>
    Proven,

    /// <summary>Sent to the destination, which accepted the transaction (<c>submitted</c>).</summary>
    Submitted,

    /// <summary>The destination transaction is final: the message took effect there (<c>confirmed</c>).</summary>
    Confirmed,

    /// <summary>The acknowledgement was recorded back on the source. Terminal (<c>acknowledged</c>).</summary>
    Acknowledged,

    /// <summary>A step failed; retry returns to the state the step started from (<c>failed</c>).</summary>
    Failed,

    /// <summary>
    /// Not confirmed by its deadline (or a title message cancelled by an operator): it will not be delivered. Title
    /// goes on to <see cref="Refunded"/>; for other kinds this is the end (<c>expired</c>).
    /// </summary>
    Expired,

    /// <summary>The source gave back what it held (title unlocked), with a refund proof. Terminal (<c>refunded</c>).</summary>
    Refunded,

    /// <summary>Cancelled by an operator before anything reached the destination. Terminal (<c>cancelled</c>).</summary>
    Cancelled,
}

/// <summary>Helpers for <see cref="MessageState"/>.</summary>
public static class MessageStates
{
    /// <summary>
    /// Whether no event can move a message out of this state, whatever its kind: acknowledged, refunded, cancelled.
    /// (<see cref="MessageState.Expired"/> is terminal only for kinds with nothing to refund; see
    /// <see cref="RelayMessage.IsTerminal"/>.)
    /// </summary>
    public static bool IsTerminal(this MessageState state) =>
        state is MessageState.Acknowledged or MessageState.Refunded or MessageState.Cancelled;

    /// <summary>The wire name, e.g. <c>observed</c>, <c>acknowledged</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined state (a bug in the caller).</exception>
    public static string ToWireName(this MessageState state) => state switch
    {
        MessageState.Observed => "observed",
        MessageState.Final => "final",
        MessageState.Proven => "proven",
        MessageState.Submitted => "submitted",
        MessageState.Confirmed => "confirmed",
        MessageState.Acknowledged => "acknowledged",
        MessageState.Failed => "failed",
        MessageState.Expired => "expired",
        MessageState.Refunded => "refunded",
        MessageState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined message state."),
    };

    /// <summary>Parses a wire name (exact, ordinal).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out MessageState state)
    {
        foreach (var candidate in Enum.GetValues<MessageState>())
        {
            if (string.Equals(candidate.ToWireName(), value, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
