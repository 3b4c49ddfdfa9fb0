using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Json;

namespace Bridge.Relay.Messages;

/// <summary>Which way a title moves over a title lane.</summary>
public enum TitleMove
{
    /// <summary>A home title was locked on the source and is imported on the destination.</summary>
    Export,

    /// <summary>An imported title was burned on the source and is released where it was locked.</summary>
    Return,
}

/// <summary>
/// What a message carries across its lane (docs/relay.md "Message payloads"): the facts the destination command is built
/// from, and the <see cref="Subject"/> of the source fact, which the source proof must prove (same id, same digest).
/// Written as RFC 8785 canonical JSON; <see cref="PayloadDigest"/> is the SHA-256 of those bytes and is the message's
/// <see cref="RelayMessage.PayloadDigest"/>.
/// </summary>
public abstract record MessagePayload
{
    private MessagePayload()
    {
    }

    /// <summary>The source fact as its adapter's proof builder names it (id and digest).</summary>
    public abstract ProofSubject Subject { get; init; }

    /// <summary>Title leaving the source: lock → import, or burn → release.</summary>
    /// <param name="Subject">The source event (the chaincode or contract's cross-chain message event).</param>
    /// <param name="TitleId">The title id (a UUID travels intact between ledgers).</param>
    /// <param name="Holder">The holder on the source when it left.</param>
    /// <param name="Beneficiary">The beneficiary on the source when it left.</param>
    /// <param name="Recipient">Who holds it on the destination, in the destination's form.</param>
    /// <param name="Move">Export (import on the destination) or return (release on the destination).</param>
    /// <param name="SourceMessageId">The id the source contract or chaincode gave the outbound message.</param>
    public sealed record Title(ProofSubject Subject, string TitleId, string Holder, string Beneficiary, string Recipient, TitleMove Move, string SourceMessageId) : MessagePayload;

    /// <summary>A document anchor, or an event replicated as the anchor of its content hash.</summary>
    /// <param name="Subject">The source fact.</param>
    /// <param name="RecordId">The document or event id.</param>
    /// <param name="Digest">The content SHA-256 (64 hex).</param>
    /// <param name="MerkleRoot">The salted-field Merkle root (64 hex), or empty for an event.</param>
    /// <param name="RecordType">A short type code (e.g. <c>BILL_OF_LADING</c>, <c>EVENT</c>), at most 32 ASCII characters.</param>
    public sealed record Anchor(ProofSubject Subject, string RecordId, string Digest, string MerkleRoot, string RecordType) : MessagePayload;

    /// <summary>The payload as RFC 8785 canonical JSON (UTF-8).</summary>
    public byte[] ToCanonicalJson() => Jcs.Canonicalize(System.Text.Encoding.UTF8.GetBytes(ToNode().ToJsonString()));

    /// <summary>Lower-case hex SHA-256 of <see cref="ToCanonicalJson"/> (the message's payload digest).</summary>
    public string PayloadDigest() => Convert.ToHexStringLower(SHA256.HashData(ToCanonicalJson()));

    /// <summary>Reads a payload written by <see cref="ToCanonicalJson"/>; false for anything else.</summary>
    public static bool TryParse(string? json, [NotNullWhen(true)] out MessagePayload? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var subjectJson = root.GetProperty("subject");
            if (!ProofSubjectTypes.TryParse(subjectJson.GetProperty("type").GetString(), out var subjectType))
            {
                return false;
            }

            string S(string name) => root.GetProperty(name).GetString() ?? throw new FormatException(name);
            var subject = new ProofSubject(
                subjectType,
                subjectJson.GetProperty("id").GetString() ?? throw new FormatException("subject.id"),
                subjectJson.GetProperty("digest").GetString() ?? throw new FormatException("subject.digest"));
            payload = S("type") switch
            {
                "title" => new Title(subject, S("titleId"), S("holder"), S("beneficiary"), S("recipient"), S("move") switch
                {
                    "export" => TitleMove.Export,
                    "return" => TitleMove.Return,
                    var other => throw new FormatException($"move {other}"),
                }, S("sourceMessageId")),
                "anchor" => new Anchor(subject, S("recordId"), S("digest"), S("merkleRoot"), S("recordType")),
                _ => null,
            };
            return payload is not null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private JsonObject ToNode()
    {
        var node = new JsonObject
        {
            ["subject"] = new JsonObject { ["type"] = Subject.Type.ToWireName(), ["id"] = Subject.Id, ["digest"] = Subject.Digest },
        };
        switch (this)
        {
            case Title t:
                node["type"] = "title";
                node["titleId"] = t.TitleId;
                node["holder"] = t.Holder;
                node["beneficiary"] = t.Beneficiary;
                node["recipient"] = t.Recipient;
                node["move"] = t.Move == TitleMove.Return ? "return" : "export";
                node["sourceMessageId"] = t.SourceMessageId;
                break;
            case Anchor a:
                node["type"] = "anchor";
                node["recordId"] = a.RecordId;
                node["digest"] = a.Digest;
                node["merkleRoot"] = a.MerkleRoot;
                node["recordType"] = a.RecordType;
                break;
        }

        return node;
    }
}
