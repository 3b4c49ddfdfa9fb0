using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;

namespace Bridge.UnitTests.Relay.Messages;

/// <summary>Messages in every state, reached through the state machine itself (never by setting fields).</summary>
internal static class MessageFixtures
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Deadline = T0.AddHours(1);
    public const string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static readonly MessageEvent Final = new MessageEvent.SourceFinal(new TxRef("src-1", 10, "block-10"));
    public static readonly MessageEvent Proven = new MessageEvent.SourceProven("proof-1");
    public static readonly MessageEvent Submitted = new MessageEvent.DestinationSubmitted(new TxRef("dst-1"));
    public static readonly MessageEvent Confirmed = new MessageEvent.DestinationConfirmed(new TxRef("dst-1", 7));
    public static readonly MessageEvent Acknowledged = new MessageEvent.SourceAcknowledged(new TxRef("ack-1"));
    public static readonly MessageEvent Failed = new MessageEvent.StepFailed("destination-unavailable", "connection refused", Retryable: true);
    public static readonly MessageEvent AutoRetry = new MessageEvent.RetryRequested();
    public static readonly MessageEvent Expire = new MessageEvent.DeadlinePassed();
    public static readonly MessageEvent Refunded = new MessageEvent.SourceRefunded("refund-proof-1");
    public static readonly MessageEvent Cancel = new MessageEvent.CancelRequested("alice", "wrong consignee");

    public static RelayMessage New(MessageKind kind = MessageKind.Title, DateTimeOffset? deadline = null, bool noDeadline = false) =>
        RelayMessage.Observe(
            "fabric-ethereum-title",
            kind,
            new MessageSource("fabric", new TxRef("src-1", 10, "block-10"), 0, "00000000000000000010/0000000000/0000000000"),
            "ethereum",
            Digest,
            noDeadline ? null : deadline ?? Deadline,
            T0);

    /// <summary>Applies <paramref name="events"/> one minute apart (an expiry at the deadline), each of which must be allowed.</summary>
    public static RelayMessage Walk(RelayMessage message, params MessageEvent[] events) => Walk(MessageStateMachine.Default, message, events);

    public static RelayMessage Walk(MessageStateMachine machine, RelayMessage message, params MessageEvent[] events)
    {
        foreach (var @event in events)
        {
            var at = @event is MessageEvent.DeadlinePassed ? message.Deadline!.Value : message.UpdatedAt.AddMinutes(1);
            var result = machine.Apply(message, @event, at);
            message = result.ShouldBeOfType<TransitionResult.Allowed>($"{@event} in {message.State}").Message;
        }

        return message;
    }

    public static MessageEvent[] PathTo(MessageState state) => state switch
    {
        MessageState.Observed => [],
        MessageState.Final => [Final],
        MessageState.Proven => [Final, Proven],
        MessageState.Submitted => [Final, Proven, Submitted],
        MessageState.Confirmed => [Final, Proven, Submitted, Confirmed],
        MessageState.Acknowledged => [Final, Proven, Submitted, Confirmed, Acknowledged],
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not on the happy path."),
    };
}
