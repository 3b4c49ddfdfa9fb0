using System.Security.Claims;
using Bridge.Relay.Lanes;
using Bridge.Relay.Registry;

namespace Bridge.Host.Security;

/// <summary>A lane and what the calling participant may do on it (never <see cref="LaneOperations.None"/>).</summary>
internal sealed record GrantedLane(Lane Lane, LaneOperations Operations);

/// <summary>
/// The lanes a participant may use: its registered self (name and roles) and every lane whose access rules grant it
/// anything, ordered by name (ordinal).
/// </summary>
internal sealed record ParticipantLanes(Participant? Participant, IReadOnlyList<GrantedLane> Lanes)
{
    /// <summary>Nothing anywhere: the caller is not a registered participant.</summary>
    public static readonly ParticipantLanes None = new(null, []);

    /// <summary>The ids of the lanes the participant may read (the filter of its message list).</summary>
    public IReadOnlyList<Guid> ReadableIds => [.. Lanes.Where(l => l.Operations.HasFlag(LaneOperations.Read)).Select(l => l.Lane.Id)];

    /// <summary>Whether the participant may read lane <paramref name="name"/> (false for a lane that does not exist).</summary>
    public bool CanRead(string name) => Lanes.Any(l => l.Operations.HasFlag(LaneOperations.Read) && string.Equals(l.Lane.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// Who may see which lanes and messages (docs/relay.md, "Access"). Operators and auditors see every lane and message. A
/// participant — by its API key or by a request signed with a bound identity key, which both carry the <c>participant</c>
/// role and the participant's name — sees only what the lanes' access rules grant it, by name or by one of its registered
/// roles (<see cref="Lane.OperationsFor"/>). Fails closed: any other caller, a participant key without a participant, or a
/// participant no longer registered, is granted nothing.
/// </summary>
internal static class LaneAccess
{
    /// <summary>Operators and auditors: every lane and every message.</summary>
    public static bool SeesEverything(ClaimsPrincipal user) => user.IsInRole("operator") || user.IsInRole("auditor");

    /// <summary>The calling participant's registered record, or null when the caller is not one (or it is gone).</summary>
    public static async Task<Participant?> ParticipantAsync(ClaimsPrincipal user, IParticipantRegistry participants, CancellationToken cancellationToken) =>
        user.IsInRole("participant") && user.FindFirstValue(ApiKeyAuthenticationHandler.ParticipantClaim) is { Length: > 0 } name
            ? await participants.GetAsync(name, cancellationToken)
            : null;

    /// <summary>What the calling participant may do on <paramref name="lane"/>; <see cref="LaneOperations.None"/> for anyone else.</summary>
    public static async Task<LaneOperations> OperationsOnAsync(ClaimsPrincipal user, Lane lane, IParticipantRegistry participants, CancellationToken cancellationToken) =>
        await ParticipantAsync(user, participants, cancellationToken) is { } participant ? lane.OperationsFor(participant.Name, participant.Roles) : LaneOperations.None;

    /// <summary>
    /// Whether the caller may read the messages of lane <paramref name="laneName"/>: always for operators and auditors,
    /// for a participant when the lane grants it <see cref="LaneOperations.Read"/>.
    /// </summary>
    public static async Task<bool> CanReadAsync(ClaimsPrincipal user, string laneName, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken) =>
        SeesEverything(user)
        || (await lanes.GetAsync(laneName, cancellationToken) is { } lane
            && (await OperationsOnAsync(user, lane, participants, cancellationToken)).HasFlag(LaneOperations.Read));

    /// <summary>The calling participant and every lane that grants it any operation (lanes are few: read in full).</summary>
    public static async Task<ParticipantLanes> GrantedAsync(ClaimsPrincipal user, ILaneRegistry lanes, IParticipantRegistry participants, CancellationToken cancellationToken)
    {
        if (await ParticipantAsync(user, participants, cancellationToken) is not { } participant)
        {
            return ParticipantLanes.None;
        }

        var granted = (await AllAsync(lanes.ListAsync, l => l.Name, cancellationToken))
            .Select(l => new GrantedLane(l, l.OperationsFor(participant.Name, participant.Roles)))
            .Where(g => g.Operations != LaneOperations.None)
            .OrderBy(g => g.Lane.Name, StringComparer.Ordinal)
            .ToList();
        return new ParticipantLanes(participant, granted);
    }

    /// <summary>
    /// <paramref name="lane"/> as a participant sees it: the rules of its access list that apply to the participant (naming
    /// it or one of its roles), so that the list never tells one participant who else may use a lane.
    /// </summary>
    public static Lane AsSeenBy(Lane lane, Participant participant) => lane with
    {
        // The same matching as OperationsFor, one rule at a time, so the two can never disagree.
        Access = [.. lane.Access.Where(rule => (lane with { Access = [rule] }).OperationsFor(participant.Name, participant.Roles) != LaneOperations.None)],
    };

    /// <summary>Every entry of a registry list, paged through by name.</summary>
    public static async Task<List<T>> AllAsync<T>(Func<int, string?, CancellationToken, Task<Page<T>>> list, Func<T, string> name, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var page = await list(PageRequest.MaxLimit, after, cancellationToken);
            all.AddRange(page.Items);
            after = page.NextCursor is null || page.Items.Count == 0 ? null : name(page.Items[^1]);
        }
        while (after is not null);

        return all;
    }
}
