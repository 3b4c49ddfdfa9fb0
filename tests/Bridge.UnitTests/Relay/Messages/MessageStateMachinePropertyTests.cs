using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;
using FsCheck;
using FsCheck.Fluent;
using static Bridge.UnitTests.Relay.Messages.MessageFixtures;

namespace Bridge.UnitTests.Relay.Messages;

[Trait("Category", "Unit")]
public sealed class MessageStateMachinePropertyTests
{
    private const MessageState O = MessageState.Observed, F = MessageState.Final, P = MessageState.Proven, S = MessageState.Submitted,
        C = MessageState.Confirmed, A = MessageState.Acknowledged, X = MessageState.Failed, E = MessageState.Expired,
        R = MessageState.Refunded, Z = MessageState.Cancelled;

    // The documented graph (docs/relay.md), written out independently of the implementation.
    private static readonly HashSet<(MessageState From, MessageState To)> Edges =
    [
        (O, F), (F, P), (P, S), (S, C), (C, A),
        (O, X), (F, X), (P, X), (S, X), (C, X),
        (X, O), (X, F), (X, P), (X, S), (X, C),
        (O, E), (F, E), (P, E), (S, E), (X, E),
        (E, R),
        (O, Z), (F, Z), (P, Z), (X, Z),
    ];

    private static readonly Gen<MessageEvent> Failures =
        from code in Gen.Elements("timeout", "proof-invalid")
        from retryable in Gen.Elements(true, true, false)
        from resubmit in Gen.Elements(false, false, true)
        select (MessageEvent)new MessageEvent.StepFailed(code, "detail", retryable, resubmit);

    // Weighted towards progress so that deep states (confirmed, acknowledged) are reached often.
    private static readonly Gen<MessageEvent> Events = Gen.Frequency(
        (4, Gen.Elements("src-1", "src-2").Select(tx => (MessageEvent)new MessageEvent.SourceFinal(new TxRef(tx)))),
        (4, Gen.Elements("proof-1", "proof-2").Select(id => (MessageEvent)new MessageEvent.SourceProven(id))),
        (4, Gen.Elements("dst-1", "dst-2").Select(tx => (MessageEvent)new MessageEvent.DestinationSubmitted(new TxRef(tx)))),
        (4, Gen.Elements("dst-1", "dst-2").Select(tx => (MessageEvent)new MessageEvent.DestinationConfirmed(new TxRef(tx)))),
        (4, Gen.Elements("ack-1", "ack-2").Select(tx => (MessageEvent)new MessageEvent.SourceAcknowledged(new TxRef(tx)))),
        (2, Failures),
        (3, Gen.Elements<string?>(null, null, null, "alice").Select(op => (MessageEvent)new MessageEvent.RetryRequested(op))),
        (1, Gen.Constant((MessageEvent)new MessageEvent.DeadlinePassed())),
        (2, Gen.Elements("refund-1", "refund-2").Select(id => (MessageEvent)new MessageEvent.SourceRefunded(id))),
        (1, Gen.Constant((MessageEvent)new MessageEvent.CancelRequested("alice", "stuck"))));

    private sealed record Scenario(MessageKind Kind, bool HasDeadline, int MaxAttempts, IReadOnlyList<(MessageEvent Event, int Minutes)> Steps)
    {
        public override string ToString() =>
            $"{Kind} deadline={HasDeadline} max={MaxAttempts}: " + string.Join(", ", Steps.Select(s => $"+{s.Minutes}m {s.Event}"));
    }

    private static readonly Gen<Scenario> Scenarios =
        from kind in Gen.Elements(Enum.GetValues<MessageKind>())
        from hasDeadline in Gen.Elements(true, true, false)
        from maxAttempts in Gen.Choose(1, 4)
        from length in Gen.Choose(0, 60)
        from steps in Gen.ArrayOf(Events.Zip(Gen.Choose(0, 6)), length)
        select new Scenario(kind, hasDeadline, maxAttempts, steps);

    [Fact]
    public void Apply_RandomEventSequences_StayOnTheDocumentedGraphAndKeepTheInvariants()
    {
        var reached = new HashSet<MessageState>();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(Scenarios), scenario =>
        {
            var machine = new MessageStateMachine(scenario.MaxAttempts);
            var message = New(scenario.Kind, deadline: T0.AddMinutes(60), noDeadline: !scenario.HasDeadline);
            var now = T0;
            foreach (var (@event, minutes) in scenario.Steps)
            {
                now = now.AddMinutes(minutes);
                var before = message;
                var result = machine.Apply(before, @event, now);
                switch (result)
                {
                    case TransitionResult.Allowed allowed:
                        CheckAllowed(machine, before, @event, now, allowed);
                        message = allowed.Message;
                        break;
                    case TransitionResult.Unchanged unchanged:
                        unchanged.Message.ShouldBeSameAs(before);
                        before.Transitions.ShouldContain(t => t.IsFrom(@event));
                        break;
                    case TransitionResult.Refused refused:
                        refused.Code.ShouldNotBeNullOrWhiteSpace();
                        break;
                    default:
                        throw new InvalidOperationException(result.ToString());
                }

                CheckInvariants(message);
                reached.Add(message.State);
            }
        }));

        reached.ShouldBe(Enum.GetValues<MessageState>(), ignoreOrder: true);
    }

    private static void CheckAllowed(MessageStateMachine machine, RelayMessage before, MessageEvent @event, DateTimeOffset now, TransitionResult.Allowed allowed)
    {
        var (from, to) = (allowed.Transition.From, allowed.Transition.To);
        Edges.ShouldContain((from, to), $"{from} -> {to} by {@event}");
        from.ShouldBe(before.State);
        before.IsTerminal.ShouldBeFalse("nothing leaves acknowledged, refunded, cancelled, or a non-title expired");
        allowed.Message.Transitions.Count.ShouldBe(before.Transitions.Count + 1);
        allowed.Message.Transitions[^1].ShouldBe(allowed.Transition);
        allowed.Transition.IsFrom(@event).ShouldBeTrue();
        allowed.Transition.At.ShouldBe(now);
        allowed.Message.UpdatedAt.ShouldBe(now);
        var restored = allowed.Message with
        {
            State = before.State,
            FailedFrom = before.FailedFrom,
            Attempts = before.Attempts,
            UpdatedAt = before.UpdatedAt,
            LastError = before.LastError,
            Transitions = before.Transitions,
        };
        restored.ShouldBe(before, "only the state fields change");

        switch (to)
        {
            case MessageState.Refunded:
                before.Kind.ShouldBe(MessageKind.Title);
                @event.ShouldBeOfType<MessageEvent.SourceRefunded>().RefundProofId.ShouldNotBeNullOrWhiteSpace();
                break;
            case MessageState.Cancelled:
                before.Kind.ShouldNotBe(MessageKind.Title);
                break;
            case MessageState.Expired when @event is MessageEvent.DeadlinePassed:
                now.ShouldBeGreaterThanOrEqualTo(before.Deadline!.Value);
                break;
            case MessageState.Expired:
                @event.ShouldBeOfType<MessageEvent.CancelRequested>();
                before.Kind.ShouldBe(MessageKind.Title);
                break;
            case MessageState.Submitted when from == MessageState.Proven && before.Deadline is { } deadline:
                now.ShouldBeLessThan(deadline, "never submit at or after the deadline");
                break;
            default:
                break;
        }

        if (from == MessageState.Failed && @event is MessageEvent.RetryRequested retry)
        {
            to.ShouldBe(before.FailedFrom!.Value);
            if (retry.Operator is null)
            {
                before.Attempts.ShouldBeLessThan(machine.MaxAttempts);
                before.LastError!.Retryable.ShouldBeTrue();
            }
        }

        if (to is MessageState.Cancelled || (to == MessageState.Expired && @event is MessageEvent.CancelRequested))
        {
            before.Transitions.ShouldNotContain(t => t.To == MessageState.Confirmed, "delivered messages are never cancelled");
            (before.State == MessageState.Submitted || before.FailedFrom is MessageState.Submitted or MessageState.Confirmed)
                .ShouldBeFalse("in-flight messages are never cancelled");
        }
    }

    private static void CheckInvariants(RelayMessage message)
    {
        (message.Transitions.Count == 0 ? MessageState.Observed : message.Transitions[^1].To).ShouldBe(message.State);
        (message.FailedFrom is not null).ShouldBe(message.State == MessageState.Failed);
        message.Attempts.ShouldBe(message.Transitions.Count(t => t.Trigger == MessageTrigger.StepFailed));
        for (var i = 1; i < message.Transitions.Count; i++)
        {
            message.Transitions[i].From.ShouldBe(message.Transitions[i - 1].To);
        }

        var confirmed = message.Transitions.Any(t => t.To == MessageState.Confirmed);
        if (confirmed)
        {
            message.Transitions.ShouldNotContain(t => t.To == MessageState.Expired || t.To == MessageState.Cancelled, "delivered and expired both");
        }
    }
}
