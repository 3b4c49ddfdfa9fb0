using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;

namespace Bridge.Relay.Engine;

/// <summary>
/// Turns a source network's ledger events into the messages its lanes carry (docs/relay.md "Which events start
/// messages"). Pure. Today: the bridge chaincode's <c>CrossChainMessage</c> event (a title locked or burned for export,
/// JSON <c>{laneName, messageId, destinationNetwork, recipient, titleId, holder, beneficiary, kind}</c>) starts one title
/// message on the lane it names, when that lane carries title from this network to the named destination.
/// </summary>
public static class LaneEventMapper
{
    /// <summary>The chaincode event name of an outbound title message.</summary>
    public const string CrossChainMessage = "CrossChainMessage";

    /// <summary>The messages <paramref name="ledgerEvent"/> of network <paramref name="network"/> starts on <paramref name="lanes"/>.</summary>
    public static IReadOnlyList<RelayMessage> ToMessages(string network, LedgerEvent ledgerEvent, IReadOnlyList<Lane> lanes, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        ArgumentNullException.ThrowIfNull(lanes);
        if (ledgerEvent.Retracted || ledgerEvent.Subject is null || ledgerEvent.Name != CrossChainMessage || !TryReadTitle(ledgerEvent.Payload, out var fact))
        {
            return [];
        }

        var lane = lanes.FirstOrDefault(l => l.Name == fact.Lane && l.Flows.HasFlag(LaneFlows.Title)
            && ((l.Source == network && l.Destination == fact.Destination)
                || (l.Direction == LaneDirection.Both && l.Destination == network && l.Source == fact.Destination)));
        if (lane is null)
        {
            return [];
        }

        var payload = new MessagePayload.Title(ledgerEvent.Subject, fact.TitleId, fact.Holder, fact.Beneficiary, fact.Recipient, fact.Burn ? TitleMove.Return : TitleMove.Export, fact.MessageId);
        var source = new MessageSource(network, ledgerEvent.Tx, 0, ledgerEvent.ProtocolId);
        return [RelayMessage.Observe(lane.Name, MessageKind.Title, source, fact.Destination, payload, now + lane.Deadline, now)];
    }

    private sealed record TitleFact(string Lane, string MessageId, string Destination, string Recipient, string TitleId, string Holder, string Beneficiary, bool Burn);

    private static bool TryReadTitle(ReadOnlyMemory<byte> payload, out TitleFact fact)
    {
        fact = null!;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            string? S(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
            var kind = S("kind");
            if (S("laneName") is not { } lane || S("messageId") is not { } id || S("destinationNetwork") is not { } destination || S("recipient") is not { } recipient
                || S("titleId") is not { } title || S("holder") is not { } holder || S("beneficiary") is not { } beneficiary || kind is not ("lock" or "burn"))
            {
                return false;
            }

            fact = new TitleFact(lane, id, destination, recipient, title, holder, beneficiary, kind == "burn");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
