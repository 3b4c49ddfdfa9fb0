using System.Text.Json;

namespace Bridge.Adapters.Abstractions;

/// <summary>
/// A typed read of ledger state. A closed set: <see cref="AnchorOf"/>, <see cref="TitleOf"/>,
/// <see cref="MessageStatus"/>, <see cref="RawEvaluate"/>.
/// </summary>
public abstract record LedgerQuery
{
    private LedgerQuery()
    {
    }

    /// <summary>The anchored hashes of a document.</summary>
    /// <param name="DocumentId">The bridge's document id.</param>
    public sealed record AnchorOf(string DocumentId) : LedgerQuery;

    /// <summary>Who holds a title on this network, and whether it is locked.</summary>
    /// <param name="TitleId">The title.</param>
    public sealed record TitleOf(string TitleId) : LedgerQuery;

    /// <summary>Whether a bridge message was already consumed on this network.</summary>
    /// <param name="MessageId">The bridge message id.</param>
    public sealed record MessageStatus(string MessageId) : LedgerQuery;

    /// <summary>Evaluates a contract or chaincode function directly.</summary>
    /// <param name="Function">The function name.</param>
    /// <param name="Args">Its arguments as strings, in order.</param>
    public sealed record RawEvaluate(string Function, IReadOnlyList<string> Args) : LedgerQuery;
}

/// <summary>The outcome of <see cref="INetworkAdapter.QueryAsync"/>: <see cref="Found"/> or <see cref="NotFound"/>.</summary>
public abstract record QueryResult
{
    private QueryResult()
    {
    }

    /// <summary>The state exists.</summary>
    /// <param name="Value">The state as JSON, in the shape the query defines.</param>
    /// <param name="Source">The transaction that last wrote it, when the network tells.</param>
    public sealed record Found(JsonElement Value, TxRef? Source = null) : QueryResult;

    /// <summary>There is no such state.</summary>
    public sealed record NotFound : QueryResult;
}
