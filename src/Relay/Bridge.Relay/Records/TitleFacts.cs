using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Canonical.Model;

namespace Bridge.Relay.Records;

/// <summary>The state of a title on one network after an event (TitleRegistry's <c>TitleState</c>, the chaincode's <c>state</c>).</summary>
public enum LedgerTitleState
{
    /// <summary>Live on this network: its holder may transfer, endorse or export it.</summary>
    Active,

    /// <summary>A home title locked for export: live elsewhere until it is released here.</summary>
    Locked,

    /// <summary>An imported title burned to send it back: live elsewhere (or nowhere, while in flight).</summary>
    Burned,
}

/// <summary>Wire names of <see cref="LedgerTitleState"/>, as the ledgers write them.</summary>
public static class LedgerTitleStates
{
    public const string Active = "active";
    public const string Locked = "locked";
    public const string Burned = "burned";

    /// <summary>The wire name of <paramref name="state"/>.</summary>
    public static string ToWireName(this LedgerTitleState state) => state switch
    {
        LedgerTitleState.Active => Active,
        LedgerTitleState.Locked => Locked,
        LedgerTitleState.Burned => Burned,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown title state."),
    };

    /// <summary>The state named <paramref name="name"/>; false for anything else.</summary>
    public static bool TryParse(string? name, out LedgerTitleState state)
    {
        (var known, state) = name switch
        {
            Active => (true, LedgerTitleState.Active),
            Locked => (true, LedgerTitleState.Locked),
            Burned => (true, LedgerTitleState.Burned),
            _ => (false, default),
        };
        return known;
    }
}

/// <summary>
/// One title event a watcher saw on one network: the title's state there after the event, and its holder and beneficiary
/// where the event names them (a <c>HolderTransferred</c> on Ethereum names only the new holder, a
/// <c>BeneficiaryTransferred</c> only the new beneficiary).
/// </summary>
/// <param name="Network">The network's registry name.</param>
/// <param name="ProtocolId">The event's position on that network (<see cref="LedgerEvent.ProtocolId"/>); with the network, the fact's key.</param>
/// <param name="TitleId">
/// The title id in one form for every network: a UUID (a canonical document id) in lower-case "D" form, anything else as
/// its 32-byte word, <c>0x</c> + 64 lower-case hex (<see cref="Bytes32Words"/>), so a chaincode's "EBL-1" and
/// TitleRegistry's keccak256("EBL-1") are the same title.
/// </param>
/// <param name="TxId">The transaction that emitted the event.</param>
/// <param name="Block">Its block, when the network has blocks.</param>
/// <param name="Event">The event's name (<see cref="TitleFacts"/> lists them).</param>
/// <param name="State">The title's state on <paramref name="Network"/> after the event.</param>
/// <param name="Holder">The holder after the event, as the network names parties (an EIP-55 address, a Fabric identity), when the event says it.</param>
/// <param name="Beneficiary">The beneficiary after the event, when the event says it.</param>
/// <param name="MessageId">
/// For an arrival (<c>TitleImported</c>, <c>TitleReleased</c>): the id of the message that delivered it, 64 lower-case hex
/// (the relay's <see cref="Messages.MessageId"/> when the relay delivered it); otherwise null.
/// </param>
/// <param name="SourceSystem">Which event form it was read from: <see cref="SourceSystems.Fabric"/> or <see cref="SourceSystems.Ethereum"/>.</param>
/// <param name="Contract">The emitting contract's address (Ethereum), or null.</param>
/// <param name="PayloadSha256">SHA-256 (lower-case hex) of the event payload exactly as the adapter delivered it.</param>
public sealed record TitleFact(
    string Network,
    string ProtocolId,
    string TitleId,
    string TxId,
    long? Block,
    string Event,
    LedgerTitleState State,
    string? Holder,
    string? Beneficiary,
    string? MessageId,
    string SourceSystem,
    string? Contract,
    string PayloadSha256);

/// <summary>
/// Reads title facts from ledger events (pure), in both forms the adapters deliver:
/// <list type="bullet">
/// <item>the bridge chaincode's JSON (simulators/Bridge.Simulators.Fabric/Chaincode/BridgeChaincode.cs): <c>TitleIssued</c>,
/// <c>HolderTransferred</c> and <c>BeneficiaryTransferred</c> carry the whole title <c>{titleId, state, holder, beneficiary,
/// home, issuer}</c>; <c>CrossChainMessage</c> (a lock or burn for export) <c>{titleId, holder, beneficiary, kind: lock|burn,
/// ...}</c>; <c>TitleImported</c> and <c>TitleReleased</c> <c>{titleId, lane, messageId, holder, beneficiary}</c>;</item>
/// <item>TitleRegistry's ABI events as the Ethereum adapter writes them, <c>{"contract", "event", "args": {...}}</c> with
/// words as 0x-hex and addresses EIP-55 (src/Adapters/Bridge.Adapters.Ethereum/Contracts/TitleRegistry.sol):
/// <c>TitleIssued(titleId, issuer, holder, beneficiary)</c>, <c>HolderTransferred(titleId, from, to)</c>,
/// <c>BeneficiaryTransferred(titleId, from, to)</c>, <c>TitleLocked</c>, <c>TitleBurned</c>, <c>TitleImported</c> and
/// <c>TitleReleased(titleId, lane, messageId, holder, beneficiary)</c>. Its <c>CrossChainMessage</c> is not a fact of its
/// own: the <c>TitleLocked</c> or <c>TitleBurned</c> of the same transaction is.</item>
/// </list>
/// Anything else (other events, retractions, malformed payloads) is no title fact.
/// </summary>
public static class TitleFacts
{
    public const string TitleIssued = "TitleIssued";
    public const string HolderTransferred = "HolderTransferred";
    public const string BeneficiaryTransferred = "BeneficiaryTransferred";
    public const string CrossChainMessage = "CrossChainMessage";
    public const string TitleLocked = "TitleLocked";
    public const string TitleBurned = "TitleBurned";
    public const string TitleImported = "TitleImported";
    public const string TitleReleased = "TitleReleased";

    /// <summary>The title fact <paramref name="ledgerEvent"/> of network <paramref name="network"/> states, or null when it states none.</summary>
    /// <exception cref="ArgumentException">The network name is empty.</exception>
    public static TitleFact? FromLedgerEvent(string network, LedgerEvent ledgerEvent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        if (ledgerEvent.Retracted)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(ledgerEvent.Payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var read = root.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object
                ? FromAbi(ledgerEvent.Name, args)
                : FromChaincode(ledgerEvent.Name, root);
            if (read is not { } fact)
            {
                return null;
            }

            return new TitleFact(
                network,
                ledgerEvent.ProtocolId,
                fact.TitleId,
                ledgerEvent.Tx.Id,
                ledgerEvent.Tx.BlockNumber,
                ledgerEvent.Name,
                fact.State,
                fact.Holder,
                fact.Beneficiary,
                fact.MessageId,
                fact.FromAbi ? SourceSystems.Ethereum : SourceSystems.Fabric,
                fact.FromAbi ? Text(root, "contract") : null,
                Convert.ToHexStringLower(SHA256.HashData(ledgerEvent.Payload.Span)));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Maps <paramref name="ledgerEvent"/> and, when it is a title fact, stores it; true when it was newly stored. For a
    /// watcher loop that can await per event (before saving its checkpoint, so that a crash repeats the event instead
    /// of losing the fact): the relay's watchers await it before each checkpoint.
    /// </summary>
    public static async Task<bool> RecordAsync(ITitleFactStore store, string network, LedgerEvent ledgerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromLedgerEvent(network, ledgerEvent) is { } fact && await store.RecordAsync([fact], cancellationToken) == 1;
    }

    /// <summary>
    /// The one form of a title id for every network (see <see cref="TitleFact.TitleId"/>): a UUID word (first 16 bytes
    /// zero, the rest not) reads back as the UUID, any other word stays <c>0x</c> + hex.
    /// </summary>
    /// <exception cref="ArgumentException">The id is null or empty.</exception>
    public static string NormalizeTitleId(string titleId)
    {
        var word = Bytes32Words.Of(titleId);
        return !word.AsSpan(0, 16).ContainsAnyExcept((byte)0) && word.AsSpan(16).ContainsAnyExcept((byte)0)
            ? new Guid(word.AsSpan(16), bigEndian: true).ToString("D")
            : "0x" + Convert.ToHexStringLower(word);
    }

    private sealed record Read(string TitleId, LedgerTitleState State, string? Holder, string? Beneficiary, string? MessageId, bool FromAbi);

    private static Read? FromChaincode(string name, JsonElement root)
    {
        if (Text(root, "titleId") is not { } rawId)
        {
            return null;
        }

        var titleId = NormalizeTitleId(rawId);
        var holder = Text(root, "holder");
        var beneficiary = Text(root, "beneficiary");
        switch (name)
        {
            case TitleIssued or HolderTransferred or BeneficiaryTransferred:
                return LedgerTitleStates.TryParse(Text(root, "state"), out var state) && holder is not null && beneficiary is not null
                    ? new Read(titleId, state, holder, beneficiary, null, FromAbi: false)
                    : null;
            case CrossChainMessage:
                var kind = Text(root, "kind");
                return kind is "lock" or "burn" && holder is not null && beneficiary is not null
                    ? new Read(titleId, kind == "lock" ? LedgerTitleState.Locked : LedgerTitleState.Burned, holder, beneficiary, null, FromAbi: false)
                    : null;
            case TitleImported or TitleReleased:
                return MessageIdOf(Text(root, "messageId")) is { } messageId && holder is not null && beneficiary is not null
                    ? new Read(titleId, LedgerTitleState.Active, holder, beneficiary, messageId, FromAbi: false)
                    : null;
            default:
                return null;
        }
    }

    private static Read? FromAbi(string name, JsonElement args)
    {
        if (Text(args, "titleId") is not { } word || !IsWord(word))
        {
            return null;
        }

        var titleId = NormalizeTitleId(word);
        switch (name)
        {
            case TitleIssued:
                return Text(args, "holder") is { } issuedTo && Text(args, "beneficiary") is { } issuedFor
                    ? new Read(titleId, LedgerTitleState.Active, issuedTo, issuedFor, null, FromAbi: true)
                    : null;
            case HolderTransferred:
                return Text(args, "to") is { } holder ? new Read(titleId, LedgerTitleState.Active, holder, null, null, FromAbi: true) : null;
            case BeneficiaryTransferred:
                return Text(args, "to") is { } beneficiary ? new Read(titleId, LedgerTitleState.Active, null, beneficiary, null, FromAbi: true) : null;
            case TitleLocked or TitleBurned or TitleImported or TitleReleased:
                if (Text(args, "holder") is not { } h || Text(args, "beneficiary") is not { } b)
                {
                    return null;
                }

                var arrival = name is TitleImported or TitleReleased;
                var messageId = arrival ? MessageIdOf(Text(args, "messageId")) : null;
                if (arrival && messageId is null)
                {
                    return null;
                }

                var state = name switch
                {
                    TitleLocked => LedgerTitleState.Locked,
                    TitleBurned => LedgerTitleState.Burned,
                    _ => LedgerTitleState.Active,
                };
                return new Read(titleId, state, h, b, messageId, FromAbi: true);
            default:
                return null;
        }
    }

    /// <summary>A message id word (<c>0x</c> + 64 hex) as 64 lower-case hex, the form of a relay message id.</summary>
    private static string? MessageIdOf(string? word) => word is not null && IsWord(word) ? word[2..].ToLowerInvariant() : null;

    private static bool IsWord(string value) =>
        value.Length == 66 && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
