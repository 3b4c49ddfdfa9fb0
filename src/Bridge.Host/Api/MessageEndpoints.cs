using System.Security.Claims;
using Bridge.Host.Security;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;

namespace Bridge.Host.Api;

/// <summary>A relay message as the API shows it.</summary>
internal sealed record MessageResponse(
    string Id,
    string Lane,
    string Kind,
    MessageSourceResponse Source,
    string DestinationNetwork,
    string PayloadDigest,
    string State,
    string? FailedFrom,
    int Attempts,
    DateTimeOffset? Deadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    MessageErrorResponse? LastError,
    IReadOnlyList<MessageTransitionResponse>? Transitions)
{
    public static MessageResponse From(RelayMessage m, bool withTransitions) => new(
        m.Id.Value,
        m.Lane,
        m.Kind.ToWireName(),
        new MessageSourceResponse(m.Source.Network, m.Source.Tx.Id, m.Source.Tx.BlockNumber, m.Source.Tx.BlockHash, m.Source.Index, m.Source.ProtocolId),
        m.DestinationNetwork,
        m.PayloadDigest,
        m.State.ToWireName(),
        m.FailedFrom?.ToWireName(),
        m.Attempts,
        m.Deadline,
        m.CreatedAt,
        m.UpdatedAt,
        m.LastError is { } e ? new MessageErrorResponse(e.Code, e.Detail, e.Retryable, e.At) : null,
        withTransitions ? [.. m.Transitions.Select(t => new MessageTransitionResponse(t.From.ToWireName(), t.To.ToWireName(), t.At, t.Trigger.ToWireName(), t.Reason, t.Evidence))] : null);
}

internal sealed record MessageSourceResponse(string Network, string TxId, long? BlockNumber, string? BlockHash, ulong Index, string ProtocolId);

internal sealed record MessageErrorResponse(string Code, string Detail, bool Retryable, DateTimeOffset At);

internal sealed record MessageTransitionResponse(string From, string To, DateTimeOffset At, string Trigger, string? Reason, string? Evidence);

/// <summary>The body of <c>POST /api/v1/messages/{id}/cancel</c>.</summary>
internal sealed record MessageCancelRequest(string? Reason);

/// <summary>
/// <c>/api/v1/messages</c>: operators and auditors list and inspect every relay message with its transitions; a participant
/// only the messages of lanes whose access rules grant it <c>read</c> (another lane's message is 404, as if it did not
/// exist; a list filter naming such a lane is 403). Operators alone retry a failed message or cancel one (docs/relay.md,
/// "Access"). Every change goes through the state machine: a refused one is 409 with its code and changes nothing.
/// </summary>
internal static class MessageEndpoints
{
    public static void MapMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/v1/messages").WithTags("Messages");
        messages.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithName("ListMessages")
            .WithSummary("List relay messages, most recently changed first (?lane=, ?state=, limit 1-200, cursor from nextCursor); a participant sees only the lanes it may read.");
        messages.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Reader).WithName("GetMessage")
            .WithSummary("One message with every state change, its time, trigger, reason and evidence (404 for a participant when its lane does not grant read).");
        messages.MapGet("/{id}/proof", GetProofAsync).RequireAuthorization(Policies.Reader).WithName("GetMessageProof")
            .WithSummary("The message's proof bundle: its payload and every proof gathered for it (source proof, relay attestation) with the relay's verdict; check it offline with 'bridge verify' (participants: lanes they may read).");
        messages.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(Policies.Operator).WithName("RetryMessage")
            .WithSummary("Operators: retry a failed message from the step it failed in (whatever its attempt count); recorded with the operator's key id.");
        messages.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(Policies.Operator).WithName("CancelMessage")
            .WithSummary("Operators: cancel a message that has not been submitted: an anchor or event ends, a title expires and is refunded.");
    }

    private static async Task<IResult> ListAsync(
        string? lane, string? state, string? limit, string? cursor, ClaimsPrincipal user, IMessageStore store, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken)
    {
        var n = PageRequest.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n) || n is < 1 or > PageRequest.MaxLimit))
        {
            return Problems.Validation("/query/limit", "out-of-range", $"must be 1 to {PageRequest.MaxLimit}");
        }

        MessageState? wanted = null;
        if (state is not null)
        {
            if (!MessageStates.TryParse(state, out var parsed))
            {
                return Problems.Validation("/query/state", "unknown-value", "must be one of " + string.Join(", ", Enum.GetValues<MessageState>().Select(s => s.ToWireName())));
            }

            wanted = parsed;
        }

        IReadOnlyCollection<Guid>? laneIds = null;
        if (!LaneAccess.SeesEverything(user))
        {
            // One filter on the readable lanes' ids in the query itself, so that neither the page nor its cursor can reflect
            // another lane's messages. A lane the participant may not read is refused whether or not it exists.
            var granted = await LaneAccess.GrantedAsync(user, lanes, participants, cancellationToken);
            if (lane is not null && !granted.CanRead(lane))
            {
                return Problems.Create(ProblemTypes.Forbidden, $"This key may not read the messages of lane '{lane}'.", "/query/lane");
            }

            laneIds = granted.ReadableIds;
        }

        try
        {
            var page = await store.ListAsync(lane, laneIds, wanted, n, cursor, cancellationToken);
            return TypedResults.Ok(new ListResponse<MessageResponse>([.. page.Items.Select(m => MessageResponse.From(m, withTransitions: false))], page.NextCursor));
        }
        catch (FormatException)
        {
            return Problems.Validation("/query/cursor", "invalid-format", "not a cursor this list gave out");
        }
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, IMessageStore store, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken) =>
        await ReadableAsync(id, user, store, lanes, participants, cancellationToken) is { } message
            ? TypedResults.Ok(MessageResponse.From(message, withTransitions: true))
            : Problems.NotFound("message", id);

    private static async Task<IResult> GetProofAsync(string id, ClaimsPrincipal user, IMessageStore store, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken)
    {
        if (await ReadableAsync(id, user, store, lanes, participants, cancellationToken) is not { } message)
        {
            return Problems.NotFound("message", id);
        }

        var proofs = await store.GetProofsAsync(message.Id, cancellationToken);
        if (proofs.Count == 0 || message.Payload is null)
        {
            return Problems.Create(ProblemTypes.NotFound, $"Message {id} has no proof yet (it is {message.State.ToWireName()}).");
        }

        return TypedResults.Json(ProofBundles.Create(message, proofs), ProofBundles.JsonOptions, "application/json");
    }

    /// <summary>
    /// The message <paramref name="id"/> when the caller may read it; null when it does not exist <em>or</em> is on a lane the
    /// caller may not read, so that both answer the same 404 and a participant cannot probe for other lanes' messages.
    /// </summary>
    private static async Task<RelayMessage?> ReadableAsync(string id, ClaimsPrincipal user, IMessageStore store, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken) =>
        MessageId.TryParse(id, out var messageId)
        && await store.GetAsync(messageId, cancellationToken) is { } message
        && await LaneAccess.CanReadAsync(user, message.Lane, lanes, participants, cancellationToken)
            ? message
            : null;

    private static Task<IResult> RetryAsync(string id, IMessageStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ApplyAsync(id, new MessageEvent.RetryRequested(Operator(user)), store, time, cancellationToken);

    private static Task<IResult> CancelAsync(string id, MessageCancelRequest? request, IMessageStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ApplyAsync(id, new MessageEvent.CancelRequested(Operator(user), string.IsNullOrWhiteSpace(request?.Reason) ? "cancelled by an operator" : request.Reason), store, time, cancellationToken);

    private static async Task<IResult> ApplyAsync(string id, MessageEvent @event, IMessageStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MessageId.TryParse(id, out var messageId))
        {
            return Problems.NotFound("message", id);
        }

        var outcome = await store.ApplyAsync(messageId, @event, MessageStateMachine.Default, lease: null, nextDue: time.GetUtcNow(), cancellationToken);
        return outcome switch
        {
            ApplyOutcome.Applied applied => TypedResults.Ok(MessageResponse.From(applied.Message, withTransitions: true)),
            ApplyOutcome.Unchanged unchanged => TypedResults.Ok(MessageResponse.From(unchanged.Message, withTransitions: true)),
            ApplyOutcome.Refused refused => Problems.Create(ProblemTypes.MessageTransitionRefused, $"{refused.Code}: {refused.Reason}", "/state"),
            ApplyOutcome.NotFound => Problems.NotFound("message", id),
            _ => Problems.Create(ProblemTypes.ServiceUnavailable, "The message is being worked on; try again."),
        };
    }

    private static string Operator(ClaimsPrincipal user) => "key:" + (user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? "unknown");
}
