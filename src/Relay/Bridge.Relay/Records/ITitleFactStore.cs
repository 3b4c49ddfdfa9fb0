namespace Bridge.Relay.Records;

/// <summary>
/// The title facts the relay's watchers saw (schema version 9, <c>title_facts</c>): one row per title event per network,
/// keyed by (network, protocol id), so recording an event again (a watcher repeating it after a restart) changes nothing.
/// </summary>
public interface ITitleFactStore
{
    /// <summary>Stores the facts not stored yet; returns how many were new.</summary>
    Task<int> RecordAsync(IReadOnlyList<TitleFact> facts, CancellationToken cancellationToken);

    /// <summary>Where title <paramref name="titleId"/> stands on each network that has a fact of it (<see cref="TitleStanding.Fold"/>), in network order.</summary>
    /// <param name="titleId">The title id in the form of <see cref="TitleFact.TitleId"/> (see <see cref="TitleFacts.NormalizeTitleId"/>).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<TitleStanding>> LatestAsync(string titleId, CancellationToken cancellationToken);
}
