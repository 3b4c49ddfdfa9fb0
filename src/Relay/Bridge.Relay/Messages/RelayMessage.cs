using Bridge.Relay.Registry;

namespace Bridge.Relay.Messages;

/// <summary>
/// One unit that crosses a lane, with where it is in its life. Immutable: <see cref="MessageStateMachine.Apply"/>
/// returns the next version. Create one with <see cref="Observe"/>; the positional constructor is for rehydrating a
/// stored message.
/// </summary>
/// <param name="Id">The id derived from <paramref name="Lane"/> and <paramref name="Source"/> (<see cref="MessageId.Derive(string, MessageSource)"/>).</param>
/// <param name="Lane">The lane's registry name.</param>
/// <param name="Kind">What it moves.</param>
/// <param name="Source">The source fact: network, transaction, index, protocol id.</param>
/// <param name="DestinationNetwork">The destination network's registry name.</param>
/// <param name="PayloadDigest">Lower-case hex SHA-256 of the canonical payload (RFC 8785 JSON).</param>
/// <param name="State">Where it is.</param>
/// <param name="FailedFrom">While <see cref="MessageState.Failed"/>: the state a retry returns to; otherwise null.</param>
/// <param name="Attempts">How many times a step has failed (all steps together); bounds automatic retries.</param>
/// <param name="Deadline">When it must be confirmed by, or null when the lane sets no deadline.</param>
/// <param name="CreatedAt">When it was observed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="LastError">The last failure, or null when none happened.</param>
/// <param name="Transitions">Every state change, oldest first.</param>
public sealed record RelayMessage(
    MessageId Id,
    string Lane,
    MessageKind Kind,
    MessageSource Source,
    string DestinationNetwork,
    string PayloadDigest,
    MessageState State,
    MessageState? FailedFrom,
    int Attempts,
    DateTimeOffset? Deadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    MessageError? LastError,
    IReadOnlyList<MessageTransition> Transitions)
{
    /// <summary>
    /// What it carries (the destination command's facts and the source proof's subject); null only for messages stored
    /// before schema version 8. When set, <see cref="PayloadDigest"/> is its <see cref="MessagePayload.PayloadDigest"/>.
    /// </summary>
    public MessagePayload? Payload { get; init; }

    /// <summary>
    /// Whether nothing more can happen to it: acknowledged, refunded or cancelled, or expired when its kind has
    /// nothing to refund.
    /// </summary>
    public bool IsTerminal => State.IsTerminal() || (State == MessageState.Expired && !Kind.IsRefundable());

    /// <summary>Whether the destination took it (confirmed, acknowledged, or failed while acknowledging).</summary>
    public bool IsDelivered =>
        State is MessageState.Confirmed or MessageState.Acknowledged
        || (State == MessageState.Failed && FailedFrom == MessageState.Confirmed);

    /// <summary>
    /// Whether it should now be expired: it has a deadline, <paramref name="now"/> is at or after it, and it is neither
    /// delivered nor already ended. What a deadline sweeper asks before applying <see cref="MessageEvent.DeadlinePassed"/>.
    /// </summary>
    public bool IsOverdue(DateTimeOffset now) =>
        Deadline is { } deadline && now >= deadline && !IsDelivered && !IsTerminal && State != MessageState.Expired;

    /// <summary>A new message in <see cref="MessageState.Observed"/>, its id derived from the lane and the source fact.</summary>
    /// <param name="lane">The lane's registry name.</param>
    /// <param name="kind">What it moves.</param>
    /// <param name="source">The source fact.</param>
    /// <param name="destinationNetwork">The destination network's registry name.</param>
    /// <param name="payloadDigest">Lower-case hex SHA-256 of the canonical payload.</param>
    /// <param name="deadline">When it must be confirmed by (from the lane's rule), or null for none.</param>
    /// <param name="now">When it was observed.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule above (a bug in the caller).</exception>
    public static RelayMessage Observe(
        string lane,
        MessageKind kind,
        MessageSource source,
        string destinationNetwork,
        string payloadDigest,
        DateTimeOffset? deadline,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(source.Tx);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined message kind.");
        }

        if (!Names.IsValid(destinationNetwork))
        {
            throw new ArgumentException("A destination network name must be a registry slug.", nameof(destinationNetwork));
        }

        if (string.IsNullOrEmpty(source.ProtocolId))
        {
            throw new ArgumentException("The source protocol id is required.", nameof(source));
        }

        if (!IsSha256Hex(payloadDigest))
        {
            throw new ArgumentException("A payload digest is 64 lower-case hex characters (SHA-256).", nameof(payloadDigest));
        }

        return new RelayMessage(
            MessageId.Derive(lane, source),
            lane,
            kind,
            source,
            destinationNetwork,
            payloadDigest,
            MessageState.Observed,
            FailedFrom: null,
            Attempts: 0,
            deadline,
            now,
            now,
            LastError: null,
            Transitions: []);
    }

    /// <summary>A new message carrying <paramref name="payload"/> (its digest is the payload digest); see the other overload.</summary>
    /// <exception cref="ArgumentException">An argument breaks a rule of the other overload (a bug in the caller).</exception>
    public static RelayMessage Observe(
        string lane,
        MessageKind kind,
        MessageSource source,
        string destinationNetwork,
        MessagePayload payload,
        DateTimeOffset? deadline,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Observe(lane, kind, source, destinationNetwork, payload.PayloadDigest(), deadline, now) with { Payload = payload };
    }

    private static bool IsSha256Hex(string? value) => MessageId.TryParse(value, out _);
}
