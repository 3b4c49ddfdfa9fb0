using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;
using static Bridge.UnitTests.Relay.Messages.MessageFixtures;

namespace Bridge.UnitTests.Relay.Messages;

[Trait("Category", "Unit")]
public sealed class MessageStateMachineTests
{
    private static readonly MessageStateMachine Machine = MessageStateMachine.Default;

    // The transition table of docs/relay.md, written out by hand. Columns: the events of MessageFixtures (evidence as
    // on the happy path; the failure has a new code). Cells: a target state's wire name (allowed), "=" (unchanged: the
    // same event was applied before) or a refusal code. Expiry is asked exactly at the deadline, all else before it.
    private static readonly MessageEvent[] Columns =
    [
        Final, Proven, Submitted, Confirmed, Acknowledged,
        new MessageEvent.StepFailed("proof-invalid", "bad signature", Retryable: true),
        AutoRetry, Expire, Refunded, Cancel,
    ];

    public static TheoryData<string, string> Table => new()
    {
        // row                      final      proven     submitted  confirmed  acknowledged  failed   retry        expire       refund    cancel
        { "title:observed",         "final     illegal    illegal    illegal    illegal       failed   illegal      expired      illegal   expired" },
        { "title:final",            "=         proven     illegal    illegal    illegal       failed   illegal      expired      illegal   expired" },
        { "title:proven",           "=         =          submitted  illegal    illegal       failed   illegal      expired      illegal   expired" },
        { "title:submitted",        "=         =          =          confirmed  illegal       failed   illegal      expired      illegal   in-flight" },
        { "title:confirmed",        "=         =          =          =          acknowledged  failed   illegal      delivered    illegal   delivered" },
        { "title:acknowledged",     "=         =          =          =          =             terminal terminal     terminal     terminal  terminal" },
        { "title:failed@observed",  "illegal   illegal    illegal    illegal    illegal       illegal  observed     expired      illegal   expired" },
        { "title:failed@final",     "=         illegal    illegal    illegal    illegal       illegal  final        expired      illegal   expired" },
        { "title:failed@proven",    "=         =          illegal    illegal    illegal       illegal  proven       expired      illegal   expired" },
        { "title:failed@submitted", "=         =          =          illegal    illegal       illegal  submitted    expired      illegal   in-flight" },
        { "title:failed@confirmed", "=         =          =          =          illegal       illegal  confirmed    delivered    illegal   delivered" },
        { "title:expired",          "illegal   illegal    illegal    illegal    illegal       illegal  illegal      =            refunded  illegal" },
        { "title:cancelled",        "illegal   illegal    illegal    illegal    illegal       illegal  illegal      illegal      refunded  =" },
        { "title:refunded",         "terminal  terminal   terminal   terminal   terminal      terminal terminal     =            =         terminal" },
        { "event:observed",         "final     illegal    illegal    illegal    illegal       failed   illegal      expired      illegal   cancelled" },
        { "event:failed@proven",    "=         =          illegal    illegal    illegal       illegal  proven       expired      illegal   cancelled" },
        { "event:expired",          "terminal  terminal   terminal   terminal   terminal      terminal terminal     =            terminal  terminal" },
        { "event:cancelled",        "terminal  terminal   terminal   terminal   terminal      terminal terminal     terminal     terminal  =" },
        { "document-anchor:proven", "=         =          submitted  illegal    illegal       failed   illegal      expired      illegal   cancelled" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Apply_EveryEventInEveryState_FollowsTheDocumentedTable(string row, string cells)
    {
        var expected = cells.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        expected.Length.ShouldBe(Columns.Length);
        var message = Row(row);

        for (var i = 0; i < Columns.Length; i++)
        {
            var @event = Columns[i];
            var now = @event is MessageEvent.DeadlinePassed ? Deadline : T0.AddMinutes(30);
            var result = Machine.Apply(message, @event, now);
            var actual = result switch
            {
                TransitionResult.Allowed allowed => allowed.Message.State.ToWireName(),
                TransitionResult.Unchanged unchanged => ReferenceEquals(unchanged.Message, message) ? "=" : "=(copy)",
                TransitionResult.Refused refused => Short(refused.Code),
                _ => throw new InvalidOperationException(result.ToString()),
            };

            actual.ShouldBe(expected[i], $"{row} + {@event.Trigger.ToWireName()}");
        }
    }

    [Fact]
    public void Table_CoversEveryStateKindAndTrigger()
    {
        var rows = Table.Select(r => Row(r.Data.Item1)).ToList();

        rows.Select(m => m.State).Distinct().Order().ShouldBe(Enum.GetValues<MessageState>());
        rows.Select(m => m.Kind).Distinct().Order().ShouldBe(Enum.GetValues<MessageKind>());
        rows.Where(m => m.State == MessageState.Failed).Select(m => m.FailedFrom).Distinct().Count().ShouldBe(5);
        Columns.Select(e => e.Trigger).Order().ShouldBe(Enum.GetValues<MessageTrigger>());
    }

    [Fact]
    public void Apply_HappyPath_RecordsEveryTransitionWithItsEvidence()
    {
        var message = Walk(New(), PathTo(MessageState.Acknowledged));

        message.State.ShouldBe(MessageState.Acknowledged);
        message.IsTerminal.ShouldBeTrue();
        message.Transitions.ShouldBe(
        [
            new MessageTransition(MessageState.Observed, MessageState.Final, T0.AddMinutes(1), MessageTrigger.SourceFinal, null, "src-1"),
            new MessageTransition(MessageState.Final, MessageState.Proven, T0.AddMinutes(2), MessageTrigger.SourceProven, null, "proof-1"),
            new MessageTransition(MessageState.Proven, MessageState.Submitted, T0.AddMinutes(3), MessageTrigger.DestinationSubmitted, null, "dst-1"),
            new MessageTransition(MessageState.Submitted, MessageState.Confirmed, T0.AddMinutes(4), MessageTrigger.DestinationConfirmed, null, "dst-1"),
            new MessageTransition(MessageState.Confirmed, MessageState.Acknowledged, T0.AddMinutes(5), MessageTrigger.SourceAcknowledged, null, "ack-1"),
        ]);
        message.UpdatedAt.ShouldBe(T0.AddMinutes(5));
        message.CreatedAt.ShouldBe(T0);
        message.Attempts.ShouldBe(0);
    }

    [Fact]
    public void Apply_SameEventTwice_SecondIsUnchangedAndReturnsTheSameMessage()
    {
        var final = Walk(New(), Final);

        var again = Machine.Apply(final, new MessageEvent.SourceFinal(new TxRef("src-1", 10, "block-10")), T0.AddMinutes(9));

        again.ShouldBeOfType<TransitionResult.Unchanged>().Message.ShouldBeSameAs(final);
    }

    [Fact]
    public void Apply_SameFailureTwice_CountsOnce()
    {
        var failed = Walk(New(), Failed);

        Machine.Apply(failed, Failed, T0.AddMinutes(5)).ShouldBeOfType<TransitionResult.Unchanged>();
        failed.Attempts.ShouldBe(1);
    }

    [Fact]
    public void Apply_StepAlreadyRecordedWithOtherEvidence_IsRefusedAsConflicting()
    {
        var proven = Walk(New(), Final, Proven);
        var confirmed = Walk(New(), PathTo(MessageState.Confirmed));

        Refused(Machine.Apply(proven, new MessageEvent.SourceFinal(new TxRef("src-2")), T0.AddMinutes(9))).Code.ShouldBe(TransitionCodes.ConflictingEvidence);
        Refused(Machine.Apply(proven, new MessageEvent.SourceProven("proof-2"), T0.AddMinutes(9))).Code.ShouldBe(TransitionCodes.ConflictingEvidence);
        Refused(Machine.Apply(confirmed, new MessageEvent.DestinationConfirmed(new TxRef("dst-2")), T0.AddMinutes(9))).Code.ShouldBe(TransitionCodes.ConflictingEvidence);
    }

    [Fact]
    public void Apply_StepFailed_RecordsErrorOriginAndCount()
    {
        var proven = Walk(New(), Final, Proven);

        var result = Machine.Apply(proven, new MessageEvent.StepFailed("proof-invalid", "wrong signer", Retryable: false), T0.AddMinutes(20));

        var allowed = result.ShouldBeOfType<TransitionResult.Allowed>();
        allowed.Message.State.ShouldBe(MessageState.Failed);
        allowed.Message.FailedFrom.ShouldBe(MessageState.Proven);
        allowed.Message.Attempts.ShouldBe(1);
        allowed.Message.LastError.ShouldBe(new MessageError("proof-invalid", "wrong signer", false, T0.AddMinutes(20)));
        allowed.Transition.ShouldBe(new MessageTransition(MessageState.Proven, MessageState.Failed, T0.AddMinutes(20), MessageTrigger.StepFailed, "proof-invalid", null));
    }

    [Fact]
    public void Apply_Retry_ReturnsToTheStateItFailedInAndClearsTheOrigin()
    {
        var failed = Walk(New(), Final, Proven, Failed);

        var back = Walk(failed, AutoRetry);

        back.State.ShouldBe(MessageState.Proven);
        back.FailedFrom.ShouldBeNull();
        back.Attempts.ShouldBe(1);
        back.LastError!.Code.ShouldBe("destination-unavailable");
        back.Transitions[^1].Reason.ShouldBe("automatic");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Apply_AutomaticRetries_StopAfterMaxAttemptsButOperatorMayContinue(int maxAttempts)
    {
        var machine = new MessageStateMachine(maxAttempts);
        var message = New();
        for (var attempt = 1; attempt < maxAttempts; attempt++)
        {
            message = Walk(machine, message, new MessageEvent.StepFailed("timeout", $"attempt {attempt}", true), AutoRetry);
        }

        message = Walk(machine, message, new MessageEvent.StepFailed("timeout", "last", true));
        message.Attempts.ShouldBe(maxAttempts);

        Refused(machine.Apply(message, AutoRetry, T0.AddMinutes(50))).Code.ShouldBe(TransitionCodes.AttemptsExhausted);
        var byOperator = machine.Apply(message, new MessageEvent.RetryRequested("alice"), T0.AddMinutes(50)).ShouldBeOfType<TransitionResult.Allowed>();
        byOperator.Message.State.ShouldBe(MessageState.Observed);
        byOperator.Transition.Reason.ShouldBe("operator");
        byOperator.Transition.Evidence.ShouldBe("alice");
    }

    [Fact]
    public void Apply_AutomaticRetryOfNonRetryableFailure_IsRefusedButOperatorMayRetry()
    {
        var failed = Walk(New(), Final, new MessageEvent.StepFailed("proof-invalid", "flipped byte", Retryable: false));

        Refused(Machine.Apply(failed, AutoRetry, T0.AddMinutes(10))).Code.ShouldBe(TransitionCodes.NotRetryable);
        Machine.Apply(failed, new MessageEvent.RetryRequested("alice"), T0.AddMinutes(10)).ShouldBeOfType<TransitionResult.Allowed>().Message.State.ShouldBe(MessageState.Final);
    }

    [Fact]
    public void Apply_ResubmitFailure_RetriesFromProvenAndAcceptsTheSameTransactionAgain()
    {
        var submitted = Walk(New(), PathTo(MessageState.Submitted));

        var failed = Walk(submitted, new MessageEvent.StepFailed("reverted", "execution reverted", Retryable: true, Resubmit: true));
        failed.FailedFrom.ShouldBe(MessageState.Proven);
        var proven = Walk(failed, AutoRetry);
        proven.State.ShouldBe(MessageState.Proven);

        // An idempotency key may make the destination answer with the earlier transaction: that is progress, not a duplicate.
        Walk(proven, Submitted).State.ShouldBe(MessageState.Submitted);
        Walk(proven, new MessageEvent.DestinationSubmitted(new TxRef("dst-2"))).State.ShouldBe(MessageState.Submitted);
    }

    [Theory]
    [InlineData(MessageState.Observed)]
    [InlineData(MessageState.Proven)]
    [InlineData(MessageState.Confirmed)]
    public void Apply_ResubmitFailureOutsideSubmitted_IsIllegal(MessageState state)
    {
        var message = Walk(New(), PathTo(state));

        Refused(Machine.Apply(message, new MessageEvent.StepFailed("reverted", "x", true, Resubmit: true), T0.AddMinutes(30)))
            .Code.ShouldBe(TransitionCodes.IllegalTransition);
    }

    [Fact]
    public void Apply_Expiry_IsRefusedBeforeTheDeadlineAndAllowedFromItOn()
    {
        var proven = Walk(New(), Final, Proven);

        Refused(Machine.Apply(proven, Expire, Deadline.AddTicks(-1))).Code.ShouldBe(TransitionCodes.DeadlineNotReached);
        var expired = Machine.Apply(proven, Expire, Deadline).ShouldBeOfType<TransitionResult.Allowed>();
        expired.Transition.ShouldBe(new MessageTransition(MessageState.Proven, MessageState.Expired, Deadline, MessageTrigger.DeadlinePassed, "deadline", null));
        Machine.Apply(proven, Expire, Deadline.AddDays(3)).ShouldBeOfType<TransitionResult.Allowed>();
    }

    [Fact]
    public void Apply_ExpiryWithoutDeadline_IsRefused()
    {
        var message = New(noDeadline: true);

        Refused(Machine.Apply(message, Expire, T0.AddYears(10))).Code.ShouldBe(TransitionCodes.NoDeadline);
        message.IsOverdue(T0.AddYears(10)).ShouldBeFalse();
        Walk(message, Final, Proven, Submitted).State.ShouldBe(MessageState.Submitted);
    }

    [Fact]
    public void Apply_SubmitOrRetryAtOrAfterTheDeadline_IsRefused()
    {
        var proven = Walk(New(), Final, Proven);
        var failed = Walk(proven, Failed);

        Machine.Apply(proven, Submitted, Deadline.AddTicks(-1)).ShouldBeOfType<TransitionResult.Allowed>();
        Refused(Machine.Apply(proven, Submitted, Deadline)).Code.ShouldBe(TransitionCodes.DeadlinePassed);
        Refused(Machine.Apply(failed, AutoRetry, Deadline)).Code.ShouldBe(TransitionCodes.DeadlinePassed);
        Refused(Machine.Apply(failed, new MessageEvent.RetryRequested("alice"), Deadline.AddHours(1))).Code.ShouldBe(TransitionCodes.DeadlinePassed);
    }

    [Fact]
    public void Apply_ConfirmationAfterTheDeadline_IsStillRecorded()
    {
        // The destination applied it: the fact stands, and the message can no longer expire.
        var submitted = Walk(New(), PathTo(MessageState.Submitted));

        var confirmed = Machine.Apply(submitted, Confirmed, Deadline.AddMinutes(5)).ShouldBeOfType<TransitionResult.Allowed>().Message;

        confirmed.IsOverdue(Deadline.AddMinutes(5)).ShouldBeFalse();
        Refused(Machine.Apply(confirmed, Expire, Deadline.AddMinutes(6))).Code.ShouldBe(TransitionCodes.AlreadyDelivered);
    }

    [Fact]
    public void Apply_TitleExpiredThenRefunded_EndsRefundedWithTheProof()
    {
        var expired = Walk(New(), Final, Failed, Expire);

        var refunded = Machine.Apply(expired, Refunded, Deadline.AddMinutes(10)).ShouldBeOfType<TransitionResult.Allowed>();

        refunded.Message.State.ShouldBe(MessageState.Refunded);
        refunded.Message.IsTerminal.ShouldBeTrue();
        refunded.Transition.ShouldBe(new MessageTransition(MessageState.Expired, MessageState.Refunded, Deadline.AddMinutes(10), MessageTrigger.SourceRefunded, null, "refund-proof-1"));
        Refused(Machine.Apply(refunded.Message, new MessageEvent.SourceRefunded("refund-proof-2"), Deadline.AddMinutes(11))).Code.ShouldBe(TransitionCodes.Terminal);
    }

    [Fact]
    public void Apply_TitleCancelledByOperator_ExpiresNowSoThatItIsRefunded()
    {
        var final = Walk(New(), Final);

        var cancelled = Machine.Apply(final, Cancel, T0.AddMinutes(5)).ShouldBeOfType<TransitionResult.Allowed>();

        cancelled.Message.State.ShouldBe(MessageState.Expired);
        cancelled.Message.IsTerminal.ShouldBeFalse();
        cancelled.Transition.ShouldBe(new MessageTransition(MessageState.Final, MessageState.Expired, T0.AddMinutes(5), MessageTrigger.CancelRequested, "wrong consignee", "alice"));
        Walk(cancelled.Message, Refunded).State.ShouldBe(MessageState.Refunded);
    }

    [Theory]
    [InlineData(MessageKind.Event)]
    [InlineData(MessageKind.DocumentAnchor)]
    public void Apply_NonTitleCancelled_IsTerminal(MessageKind kind)
    {
        var cancelled = Walk(New(kind), Final, Cancel);

        cancelled.State.ShouldBe(MessageState.Cancelled);
        cancelled.IsTerminal.ShouldBeTrue();
        Refused(Machine.Apply(cancelled, Refunded, T0.AddMinutes(9))).Code.ShouldBe(TransitionCodes.Terminal);
    }

    [Fact]
    public void IsOverdue_FollowsDeadlineDeliveryAndEnd()
    {
        var observed = New();
        var confirmed = Walk(New(), PathTo(MessageState.Confirmed));
        var ackFailed = Walk(confirmed, Failed);
        var expired = Walk(New(), Expire);

        observed.IsOverdue(Deadline.AddTicks(-1)).ShouldBeFalse();
        observed.IsOverdue(Deadline).ShouldBeTrue();
        Walk(New(), Final, Proven, Submitted, Failed).IsOverdue(Deadline).ShouldBeTrue();
        confirmed.IsOverdue(Deadline).ShouldBeFalse();
        ackFailed.IsDelivered.ShouldBeTrue();
        ackFailed.IsOverdue(Deadline).ShouldBeFalse();
        expired.IsOverdue(Deadline.AddDays(1)).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_MaxAttemptsOutOfRange_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new MessageStateMachine(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new MessageStateMachine(1001));
        new MessageStateMachine(1).MaxAttempts.ShouldBe(1);
        MessageStateMachine.Default.MaxAttempts.ShouldBe(MessageStateMachine.DefaultMaxAttempts);
    }

    private static TransitionResult.Refused Refused(TransitionResult result) => result.ShouldBeOfType<TransitionResult.Refused>();

    private static string Short(string code) => code switch
    {
        TransitionCodes.IllegalTransition => "illegal",
        TransitionCodes.AlreadyDelivered => "delivered",
        _ => code,
    };

    private static RelayMessage Row(string row)
    {
        var parts = row.Split(':');
        MessageKinds.TryParse(parts[0], out var kind).ShouldBeTrue(row);
        var message = New(kind);
        var state = parts[1];
        if (state.StartsWith("failed@", StringComparison.Ordinal))
        {
            MessageStates.TryParse(state["failed@".Length..], out var from).ShouldBeTrue(row);
            return Walk(message, [.. PathTo(from), Failed]);
        }

        return state switch
        {
            "expired" => Walk(message, Expire),
            "cancelled" => Walk(message, Cancel), // a title message cancelled is expired; others are cancelled
            "refunded" => Walk(message, Expire, Refunded),
            _ when MessageStates.TryParse(state, out var target) => Walk(message, PathTo(target)),
            _ => throw new ArgumentException(row, nameof(row)),
        };
    }
}
