using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;

namespace Bridge.Host.Api;

/// <summary>
/// The proof bundle of a message (docs/relay.md "Proof bundles"), version 1:
/// <c>{version, message: {id, lane, kind, source, destinationNetwork, state, destinationTx?}, payloadDigest, payload,
/// proofs: [{role, verdict: {valid, code?, reason?, signers?, blockNumber?}, envelope}]}</c>. The payload is the message's
/// canonical payload (its RFC 8785 bytes hash to payloadDigest); each envelope is a proof envelope that
/// <c>bridge verify</c> checks offline.
/// </summary>
internal static class ProofBundles
{
    public const int Version = 1;

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static JsonObject Create(RelayMessage message, IReadOnlyList<StoredProof> proofs)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(proofs);
        var destinationTx = message.Transitions.LastOrDefault(t => t.Trigger is MessageTrigger.DestinationConfirmed or MessageTrigger.DestinationSubmitted)?.Evidence;
        var header = new JsonObject
        {
            ["id"] = message.Id.Value,
            ["lane"] = message.Lane,
            ["kind"] = message.Kind.ToWireName(),
            ["source"] = new JsonObject
            {
                ["network"] = message.Source.Network,
                ["txId"] = message.Source.Tx.Id,
                ["blockNumber"] = message.Source.Tx.BlockNumber,
                ["blockHash"] = message.Source.Tx.BlockHash,
                ["index"] = message.Source.Index,
                ["protocolId"] = message.Source.ProtocolId,
            },
            ["destinationNetwork"] = message.DestinationNetwork,
            ["state"] = message.State.ToWireName(),
        };
        if (destinationTx is not null)
        {
            header["destinationTx"] = destinationTx;
        }

        return new JsonObject
        {
            ["version"] = Version,
            ["message"] = header,
            ["payloadDigest"] = message.PayloadDigest,
            ["payload"] = message.Payload is { } payload ? JsonNode.Parse(payload.ToCanonicalJson()) : null,
            ["proofs"] = new JsonArray([.. proofs.Select(p => (JsonNode)new JsonObject
            {
                ["role"] = p.Role,
                ["verdict"] = Verdict(p.Verdict),
                ["envelope"] = JsonNode.Parse(ProofEnvelopeJson.Serialize(p.Envelope)),
            })]),
        };
    }

    private static JsonObject Verdict(ProofVerdict verdict) => verdict switch
    {
        ProofVerdict.Valid valid => new JsonObject
        {
            ["valid"] = true,
            ["signers"] = new JsonArray([.. valid.Signers.Select(s => (JsonNode)s)]),
            ["blockNumber"] = valid.BlockNumber,
        },
        ProofVerdict.Invalid invalid => new JsonObject { ["valid"] = false, ["code"] = invalid.Code, ["reason"] = invalid.Reason },
        ProofVerdict.NotApplicable na => new JsonObject { ["valid"] = false, ["code"] = "not-applicable", ["reason"] = na.Reason },
        _ => throw new InvalidOperationException("Unknown verdict."),
    };
}
