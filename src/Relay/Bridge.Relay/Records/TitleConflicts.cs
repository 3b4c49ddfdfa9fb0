namespace Bridge.Relay.Records;

/// <summary>
/// Where a title stands on one network after every fact seen there: the state of the latest fact, and the holder and
/// beneficiary of the latest facts that name them (an Ethereum <c>HolderTransferred</c> names only the holder).
/// </summary>
/// <param name="TitleId">The title (<see cref="TitleFact.TitleId"/>).</param>
/// <param name="Network">The network.</param>
/// <param name="State">The state after the latest fact.</param>
/// <param name="Holder">The holder, or null when no fact named one.</param>
/// <param name="Beneficiary">The beneficiary, or null when no fact named one.</param>
/// <param name="Latest">The latest fact (highest protocol id on the network).</param>
public sealed record TitleStanding(string TitleId, string Network, LedgerTitleState State, string? Holder, string? Beneficiary, TitleFact Latest)
{
    /// <summary>
    /// The standing of each (title, network) in <paramref name="facts"/>, in (title, network) order, folding each
    /// network's facts in ledger order (protocol ids compared ordinally, <see cref="Adapters.Abstractions.LedgerEvent.ProtocolId"/>).
    /// </summary>
    public static IReadOnlyList<TitleStanding> Fold(IEnumerable<TitleFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var standings = new List<TitleStanding>();
        foreach (var group in facts
            .GroupBy(f => (f.TitleId, f.Network))
            .OrderBy(g => g.Key.TitleId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Network, StringComparer.Ordinal))
        {
            string? holder = null;
            string? beneficiary = null;
            TitleFact? latest = null;
            foreach (var fact in group.OrderBy(f => f.ProtocolId, StringComparer.Ordinal))
            {
                holder = fact.Holder ?? holder;
                beneficiary = fact.Beneficiary ?? beneficiary;
                latest = fact;
            }

            standings.Add(new TitleStanding(group.Key.TitleId, group.Key.Network, latest!.State, holder, beneficiary, latest));
        }

        return standings;
    }
}

/// <summary>One network's side of a <see cref="TitleConflict"/>.</summary>
/// <param name="Network">The network.</param>
/// <param name="State">The title's state there.</param>
/// <param name="Holder">Its holder there, as that network names parties (null when no fact named one).</param>
public sealed record TitleConflictParty(string Network, LedgerTitleState State, string? Holder);

/// <summary>Networks that disagree about a title (see <see cref="TitleConflicts"/>).</summary>
/// <param name="Kind"><see cref="TitleConflicts.LiveTwice"/> or <see cref="TitleConflicts.HolderDisagreement"/>.</param>
/// <param name="TitleId">The title.</param>
/// <param name="Networks">The networks involved, in name order.</param>
public sealed record TitleConflict(string Kind, string TitleId, IReadOnlyList<TitleConflictParty> Networks);

/// <summary>
/// The conflict rules over titles' standings (pure). A title is meant to be live on exactly one network at a time (the
/// relay locks or burns it on one before it is imported or released on the other), so:
/// <list type="bullet">
/// <item><see cref="LiveTwice"/>: the title is <see cref="LedgerTitleState.Active"/> on more than one network;</item>
/// <item><see cref="HolderDisagreement"/>: networks where it is active name different holders. Holders are compared as the
/// networks name them (Ethereum addresses without regard to case); a Fabric identity and an Ethereum address are
/// different names, so across a Fabric and an Ethereum network this goes with <see cref="LiveTwice"/>.</item>
/// </list>
/// A locked or burned record keeps the holder at export, which may differ from the holder the title has since been
/// transferred to on the network where it is live: that is no disagreement.
/// </summary>
public static class TitleConflicts
{
    /// <summary>The title is active on more than one network.</summary>
    public const string LiveTwice = "title-live-twice";

    /// <summary>Networks where the title is active name different holders.</summary>
    public const string HolderDisagreement = "holder-disagreement";

    /// <summary>The conflicts among <paramref name="standings"/>, by title, live-twice before holder disagreement.</summary>
    public static IReadOnlyList<TitleConflict> Find(IEnumerable<TitleStanding> standings)
    {
        ArgumentNullException.ThrowIfNull(standings);
        var conflicts = new List<TitleConflict>();
        foreach (var title in standings.GroupBy(s => s.TitleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var active = title
                .Where(s => s.State == LedgerTitleState.Active)
                .GroupBy(s => s.Network)
                .Select(g => g.Last())
                .OrderBy(s => s.Network, StringComparer.Ordinal)
                .ToList();
            if (active.Count < 2)
            {
                continue;
            }

            var parties = active.Select(s => new TitleConflictParty(s.Network, s.State, s.Holder)).ToList();
            conflicts.Add(new TitleConflict(LiveTwice, title.Key, parties));
            var named = parties.Where(p => p.Holder is not null).ToList();
            if (named.Skip(1).Any(p => !SameHolder(p.Holder!, named[0].Holder!)))
            {
                conflicts.Add(new TitleConflict(HolderDisagreement, title.Key, named));
            }
        }

        return conflicts;
    }

    /// <summary>Two holders' names are the same party: Ethereum addresses compare without case (EIP-55 is only a checksum), others ordinally.</summary>
    internal static bool SameHolder(string a, string b) =>
        IsAddress(a) && IsAddress(b) ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase) : string.Equals(a, b, StringComparison.Ordinal);

    private static bool IsAddress(string value) =>
        value.Length == 42 && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");
}
