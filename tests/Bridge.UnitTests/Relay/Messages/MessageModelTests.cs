using Bridge.Adapters.Abstractions;
using Bridge.Relay.Messages;
using static Bridge.UnitTests.Relay.Messages.MessageFixtures;

namespace Bridge.UnitTests.Relay.Messages;

[Trait("Category", "Unit")]
public sealed class MessageModelTests
{
    [Fact]
    public void Observe_ValidInput_StartsObservedWithTheDerivedId()
    {
        var message = New();

        message.Id.ShouldBe(MessageId.Derive("fabric-ethereum-title", "fabric", "src-1", 0));
        message.State.ShouldBe(MessageState.Observed);
        message.Attempts.ShouldBe(0);
        message.FailedFrom.ShouldBeNull();
        message.LastError.ShouldBeNull();
        message.Transitions.ShouldBeEmpty();
        message.CreatedAt.ShouldBe(T0);
        message.UpdatedAt.ShouldBe(T0);
        message.Deadline.ShouldBe(Deadline);
        message.IsTerminal.ShouldBeFalse();
    }

    [Theory]
    [InlineData("Bad-Lane", "ethereum", Digest, "lane")]
    [InlineData("lane", "Ethereum", Digest, "destinationNetwork")]
    [InlineData("lane", "ethereum", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "payloadDigest")]
    [InlineData("lane", "ethereum", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "payloadDigest")]
    public void Observe_InvalidInput_Throws(string lane, string destination, string digest, string parameter)
    {
        var source = new MessageSource("fabric", new TxRef("tx"), 0, "p");

        Should.Throw<ArgumentException>(() => RelayMessage.Observe(lane, MessageKind.Event, source, destination, digest, null, T0))
            .ParamName.ShouldBe(parameter);
    }

    [Fact]
    public void Observe_MissingProtocolIdOrUndefinedKind_Throws()
    {
        Should.Throw<ArgumentException>(() => RelayMessage.Observe("lane", MessageKind.Event, new MessageSource("fabric", new TxRef("tx"), 0, ""), "ethereum", Digest, null, T0));
        Should.Throw<ArgumentOutOfRangeException>(() => RelayMessage.Observe("lane", (MessageKind)7, new MessageSource("fabric", new TxRef("tx"), 0, "p"), "ethereum", Digest, null, T0));
    }

    [Fact]
    public void Events_BlankEvidence_Throw()
    {
        Should.Throw<ArgumentException>(() => new MessageEvent.SourceRefunded(" "));
        Should.Throw<ArgumentException>(() => new MessageEvent.SourceRefunded(null!));
        Should.Throw<ArgumentException>(() => new MessageEvent.SourceProven(""));
        Should.Throw<ArgumentException>(() => new MessageEvent.SourceFinal(new TxRef("")));
        Should.Throw<ArgumentNullException>(() => new MessageEvent.DestinationSubmitted(null!));
        Should.Throw<ArgumentException>(() => new MessageEvent.StepFailed("", "x", true));
        Should.Throw<ArgumentException>(() => new MessageEvent.RetryRequested(""));
        Should.Throw<ArgumentException>(() => new MessageEvent.CancelRequested("alice", " "));
        Should.Throw<ArgumentException>(() => new MessageEvent.CancelRequested("", "why"));
    }

    [Fact]
    public void Events_WithBlankEvidence_ThrowAndWithOtherEvidenceRecomputes()
    {
        var refund = new MessageEvent.SourceRefunded("proof-1");

        Should.Throw<ArgumentException>(() => refund with { RefundProofId = "" });
        (refund with { RefundProofId = "proof-2" }).Evidence.ShouldBe("proof-2");
        (new MessageEvent.SourceFinal(new TxRef("a")) with { SourceTx = new TxRef("b") }).Evidence.ShouldBe("b");
    }

    [Fact]
    public void Events_ReasonAndEvidence_AreWhatTransitionsRecord()
    {
        new MessageEvent.StepFailed("timeout", "detail is not recorded in the key", true).Reason.ShouldBe("timeout");
        new MessageEvent.StepFailed("timeout", "x", true).Evidence.ShouldBeNull();
        new MessageEvent.RetryRequested().Reason.ShouldBe("automatic");
        new MessageEvent.RetryRequested().Evidence.ShouldBeNull();
        new MessageEvent.RetryRequested("bob").Reason.ShouldBe("operator");
        new MessageEvent.RetryRequested("bob").Evidence.ShouldBe("bob");
        new MessageEvent.CancelRequested("bob", "duplicate").Reason.ShouldBe("duplicate");
        new MessageEvent.DeadlinePassed().Reason.ShouldBe("deadline");
        new MessageEvent.SourceAcknowledged(new TxRef("ack", 3)).Evidence.ShouldBe("ack");
    }

    public static TheoryData<MessageState, string> StateNames => new()
    {
        { MessageState.Observed, "observed" },
        { MessageState.Final, "final" },
        { MessageState.Proven, "proven" },
        { MessageState.Submitted, "submitted" },
        { MessageState.Confirmed, "confirmed" },
        { MessageState.Acknowledged, "acknowledged" },
        { MessageState.Failed, "failed" },
        { MessageState.Expired, "expired" },
        { MessageState.Refunded, "refunded" },
        { MessageState.Cancelled, "cancelled" },
    };

    [Theory]
    [MemberData(nameof(StateNames))]
    public void StateWireName_EveryState_RoundTrips(MessageState state, string name)
    {
        state.ToWireName().ShouldBe(name);
        MessageStates.TryParse(name, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(state);
    }

    [Theory]
    [InlineData(MessageKind.DocumentAnchor, "document-anchor")]
    [InlineData(MessageKind.Event, "event")]
    [InlineData(MessageKind.Title, "title")]
    public void KindWireName_EveryKind_RoundTrips(MessageKind kind, string name)
    {
        kind.ToWireName().ShouldBe(name);
        MessageKinds.TryParse(name, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
        kind.IsRefundable().ShouldBe(kind == MessageKind.Title);
    }

    [Fact]
    public void TriggerWireNames_AreDistinctKebabCaseAndRoundTrip()
    {
        var names = Enum.GetValues<MessageTrigger>().Select(t => t.ToWireName()).ToList();

        names.ShouldBe(["source-final", "source-proven", "destination-submitted", "destination-confirmed", "source-acknowledged",
            "step-failed", "retry-requested", "deadline-passed", "source-refunded", "cancel-requested"]);
        foreach (var trigger in Enum.GetValues<MessageTrigger>())
        {
            MessageTriggers.TryParse(trigger.ToWireName(), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(trigger);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Observed")]
    [InlineData("0")]
    [InlineData("document_anchor")]
    public void TryParse_NotAWireName_ReturnsFalse(string? value)
    {
        MessageStates.TryParse(value, out _).ShouldBeFalse();
        MessageKinds.TryParse(value, out _).ShouldBeFalse();
        MessageTriggers.TryParse(value, out _).ShouldBeFalse();
    }

    [Fact]
    public void IsTerminal_ByState_IsAcknowledgedRefundedCancelled() =>
        Enum.GetValues<MessageState>().Where(s => s.IsTerminal())
            .ShouldBe([MessageState.Acknowledged, MessageState.Refunded, MessageState.Cancelled]);
}
