using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;

namespace Bridge.Relay.Engine;

/// <summary>
/// Turns a source network's ledger events into the messages its lanes carry (docs/relay.md "Which events start
/// messages"). Pure. A <c>CrossChainMessage</c> (a title locked or burned for export) starts one title message on the
/// lane it names, when that lane carries title from this network to the named destination:
/// <list type="bullet">
/// <item>from the bridge chaincode, JSON <c>{laneName, messageId, destinationNetwork, recipient, titleId, holder,
/// beneficiary, kind}</c>, all proven by the event digest;</item>
/// <item>from TitleRegistry, the ABI event <c>{args: {lane, messageId, destinationNetwork, recipient, payloadHash}}</c>
/// (words) with the Ethereum adapter's <c>title</c> facts of the same transaction; the lane and destination are found by
/// their words, and the title facts are accepted only when keccak256(titleId ‖ holder ‖ beneficiary ‖ recipient) equals
/// the proven payloadHash. The recipient stays a word (<c>0x</c> + 64 hex) until the dispatcher resolves it to a party of
/// the destination.</item>
/// </list>
/// Document anchors (Fabric <c>DocumentAnchored</c>/<c>DocumentsAnchored</c>, DocumentRegistry's <c>DocumentAnchored</c>
/// log) and platform events start messages on the lanes from their network that carry documents or events.
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
        if (!ledgerEvent.Retracted && ledgerEvent.Subject is { } subject && TryReadPlatformEvent(ledgerEvent.Payload, out var platform))
        {
            return PlatformMessages(network, ledgerEvent, subject, platform, lanes, now);
        }

        if (!ledgerEvent.Retracted && ledgerEvent.Subject is { } anchored && ledgerEvent.Name is DocumentAnchored or DocumentsAnchored)
        {
            return AnchorMessages(network, ledgerEvent, anchored, lanes, now);
        }

        if (ledgerEvent.Retracted || ledgerEvent.Subject is null || ledgerEvent.Name != CrossChainMessage
            || !(TryReadTitle(ledgerEvent.Payload, out var fact) || TryReadAbiTitle(ledgerEvent.Payload, network, lanes, out fact)))
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

    /// <summary>The bridge chaincode's event of one anchored document.</summary>
    public const string DocumentAnchored = "DocumentAnchored";

    /// <summary>The bridge chaincode's event of the documents one <c>AnchorDocuments</c> transaction wrote.</summary>
    public const string DocumentsAnchored = "DocumentsAnchored";

    /// <summary>The document type of identity-binding anchors, which the bridge writes on each network itself and never relays.</summary>
    public const string IdentityBindingType = "identity-binding";

    /// <summary>
    /// A Fabric document anchor (<c>DocumentAnchored {documentId, contentDigest, commitmentRoot, documentType, …}</c>, or the
    /// <c>anchors</c> of a <c>DocumentsAnchored</c> batch, the i-th with source index i) or an Ethereum DocumentRegistry
    /// <c>DocumentAnchored</c> log (<c>{contract, args: {…}}</c>, source index its log index; see
    /// <see cref="TryReadAbiAnchor"/>) starts one document-anchor message on each lane carrying documents from this network
    /// (forward only: a lane that runs both ways does not send an anchor back where it came from), proven by the event's
    /// digest (Fabric: the chaincode event; Ethereum: the log, through its receipt proof). Identity-binding anchors and
    /// malformed entries start none. Anchors the relay itself wrote are not told apart: on a network that is the source of
    /// another documents lane they go on along it (a chain of lanes), and a pair of opposite lanes sends one back once,
    /// where the destination finds it already anchored (ledgers anchor an id once).
    /// </summary>
    private static IReadOnlyList<RelayMessage> AnchorMessages(string network, LedgerEvent ledgerEvent, Bridge.Adapters.Abstractions.Proofs.ProofSubject subject, IReadOnlyList<Lane> lanes, DateTimeOffset now)
    {
        var targets = lanes.Where(l => l.Source == network && l.Flows.HasFlag(LaneFlows.Documents)).ToList();
        if (targets.Count == 0)
        {
            return [];
        }

        var anchors = new List<(ulong Index, string DocumentId, string Digest, string Root, string Type)>();
        try
        {
            using var document = JsonDocument.Parse(ledgerEvent.Payload);
            var root = document.RootElement;
            if (ledgerEvent.Name == DocumentAnchored && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("args", out _))
            {
                // DocumentRegistry's log. Its index is the log's position (which tells apart two anchors of one transaction).
                if (TryReadAbiAnchor(root, subject, out var abi) && LogIndexOf(ledgerEvent.ProtocolId) is { } logIndex)
                {
                    anchors.Add((logIndex, abi.DocumentId, abi.Digest, abi.Root, abi.Type));
                }
            }
            else if (ledgerEvent.Name == DocumentAnchored)
            {
                Add(root, 0);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("anchors", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var index = 0UL;
                foreach (var item in items.EnumerateArray())
                {
                    Add(item, index++);
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return [];
        }

        var messages = new List<RelayMessage>();
        foreach (var (index, documentId, digest, root, type) in anchors)
        {
            var source = new MessageSource(network, ledgerEvent.Tx, index, ledgerEvent.Name == DocumentAnchored ? ledgerEvent.ProtocolId : $"{ledgerEvent.ProtocolId}/{index}");
            foreach (var lane in targets)
            {
                var payload = new MessagePayload.Anchor(subject, documentId, digest, root, type);
                messages.Add(RelayMessage.Observe(lane.Name, MessageKind.DocumentAnchor, source, lane.Destination, payload, now + lane.Deadline, now));
            }
        }

        return messages;

        void Add(JsonElement anchor, ulong index)
        {
            string? S(string name) => anchor.ValueKind == JsonValueKind.Object && anchor.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (S("documentId") is { Length: > 0 } id && S("contentDigest") is { } digest && Bridge.Adapters.Abstractions.Proofs.ProofSubject.IsDigest(digest)
                && S("documentType") is { Length: <= 32 } type && type != IdentityBindingType && System.Text.Ascii.IsValid(type))
            {
                var root = S("commitmentRoot") is { } r && Bridge.Adapters.Abstractions.Proofs.ProofSubject.IsDigest(r) ? r : digest;
                anchors.Add((index, id, digest, root, type));
            }
        }
    }

    /// <summary>The Solidity signature of DocumentRegistry's anchor event, whose keccak256 is the log's first topic.</summary>
    private const string DocumentAnchoredSignature = "DocumentAnchored(bytes32,address,bytes32,bytes32,bytes32)";

    private static readonly byte[] DocumentAnchoredTopic = Bridge.Canonical.Hashing.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(DocumentAnchoredSignature));

    private sealed record AbiAnchor(string DocumentId, string Digest, string Root, string Type);

    /// <summary>
    /// DocumentRegistry's <c>DocumentAnchored</c> as the Ethereum adapter delivers it, <c>{contract, args: {documentId, issuer,
    /// contentDigest, commitmentRoot, documentType}}</c> (words as 0x-hex, the issuer an address). Accepted only when the
    /// log these values encode (the contract, topics [signature, documentId, issuer], data contentDigest ‖ commitmentRoot ‖
    /// documentType) is exactly the one the proof subject names (its digest is SHA-256 of the log's RLP, as
    /// <c>ethereum-receipt</c> proofs define it), so every value the message carries is covered by the receipt proof. The
    /// document id word reads back as the id by the rule the adapter writes it with (<see cref="IdOfWord"/>), the digests as
    /// lower-case hex (a zero commitment root, "no commitment", becomes the content digest as on the Fabric path), the type
    /// as its left-aligned ASCII. A zero id or digest, a type that is empty, not printable ASCII or not zero-padded, and
    /// identity-binding anchors are refused.
    /// </summary>
    private static bool TryReadAbiAnchor(JsonElement root, Bridge.Adapters.Abstractions.Proofs.ProofSubject subject, out AbiAnchor anchor)
    {
        anchor = null!;
        if (!root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (S(root, "contract") is not { } contractText || !IsAddress(contractText) || S(args, "issuer") is not { } issuerText || !IsAddress(issuerText)
            || S(args, "documentId") is not { } idText || !IsWord(idText) || S(args, "contentDigest") is not { } digestText || !IsWord(digestText)
            || S(args, "commitmentRoot") is not { } rootText || !IsWord(rootText) || S(args, "documentType") is not { } typeText || !IsWord(typeText))
        {
            return false;
        }

        var id = Convert.FromHexString(idText.AsSpan(2));
        var digest = Convert.FromHexString(digestText.AsSpan(2));
        var commitment = Convert.FromHexString(rootText.AsSpan(2));
        var type = Convert.FromHexString(typeText.AsSpan(2));
        byte[] issuer = [.. new byte[12], .. Convert.FromHexString(issuerText.AsSpan(2))];
        var log = LogRlp(Convert.FromHexString(contractText.AsSpan(2)), [DocumentAnchoredTopic, id, issuer], [.. digest, .. commitment, .. type]);
        if (!string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(log)), subject.Digest, StringComparison.Ordinal)
            || !id.AsSpan().ContainsAnyExcept((byte)0) || !digest.AsSpan().ContainsAnyExcept((byte)0)
            || DocumentTypeOf(type) is not { } documentType || documentType == IdentityBindingType)
        {
            return false;
        }

        var digestHex = Convert.ToHexStringLower(digest);
        anchor = new AbiAnchor(IdOfWord(idText), digestHex, commitment.AsSpan().ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(commitment) : digestHex, documentType);
        return true;
    }

    /// <summary>A left-aligned ASCII document type word as its text: printable ASCII followed only by zero bytes, not empty.</summary>
    private static string? DocumentTypeOf(ReadOnlySpan<byte> word)
    {
        var end = word.IndexOf((byte)0);
        var text = end < 0 ? word : word[..end];
        return text.IsEmpty || word[text.Length..].ContainsAnyExcept((byte)0) || text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E)
            ? null
            : System.Text.Encoding.ASCII.GetString(text);
    }

    /// <summary>The log index, the last part of an Ethereum protocol id (<c>block/transaction/log</c>); null when it is not one.</summary>
    private static ulong? LogIndexOf(string protocolId)
    {
        var slash = protocolId.LastIndexOf('/');
        return slash > 0 && ulong.TryParse(protocolId.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    /// <summary>The RLP encoding <c>[address, [topics…], data]</c> of a log (the Yellow Paper's byte-string and list rules).</summary>
    private static byte[] LogRlp(byte[] address, byte[][] topics, byte[] data)
    {
        byte[] topicList = [.. topics.SelectMany(RlpString)];
        byte[] payload = [.. RlpString(address), .. RlpPrefix(0xC0, topicList.Length), .. topicList, .. RlpString(data)];
        return [.. RlpPrefix(0xC0, payload.Length), .. payload];

        static byte[] RlpString(byte[] bytes) => bytes is [< 0x80] ? bytes : [.. RlpPrefix(0x80, bytes.Length), .. bytes];

        static byte[] RlpPrefix(byte offset, int length)
        {
            if (length <= 55)
            {
                return [(byte)(offset + length)];
            }

            var size = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(size, (uint)length);
            var bytes = size.AsSpan().TrimStart((byte)0).ToArray();
            return [(byte)(offset + 55 + bytes.Length), .. bytes];
        }
    }

    private static bool IsAddress(string value) => value.Length == 42 && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");

    /// <summary>The platform event type of a shared document.</summary>
    public const string DocumentSubmitted = "documentSubmitted";

    private static readonly HashSet<string> NotLogistics = new(StringComparer.Ordinal)
    {
        DocumentSubmitted, "consignmentCreated", "consignmentUpdated", "transportEquipmentCreated", "transportEquipmentUpdated", "partyAdded",
    };

    private sealed record PlatformFact(string EventTransactionId, string EventType, string? DocId, string? DocType, string? ContentSha256);

    /// <summary>
    /// A platform event starts, on each lane from this network: for a shared document (<c>documentSubmitted</c> with
    /// <c>docId</c>, <c>docType</c> and <c>contentSha256</c>) on a lane carrying documents, a document anchor of the content
    /// hash (also as the root: an uploaded file has no salted-field commitment); for a logistics event on a lane carrying
    /// events, the anchor of the attested event (its proof subject digest) under its eventTransactionId, type <c>EVENT</c>.
    /// </summary>
    private static IReadOnlyList<RelayMessage> PlatformMessages(string network, LedgerEvent ledgerEvent, Bridge.Adapters.Abstractions.Proofs.ProofSubject subject, PlatformFact fact, IReadOnlyList<Lane> lanes, DateTimeOffset now)
    {
        var messages = new List<RelayMessage>();
        var source = new MessageSource(network, ledgerEvent.Tx, 0, ledgerEvent.ProtocolId);
        foreach (var lane in lanes.Where(l => l.Source == network))
        {
            if (fact.EventType == DocumentSubmitted)
            {
                if (lane.Flows.HasFlag(LaneFlows.Documents) && fact.DocId is { } docId && fact.DocType is { Length: > 0 and <= 32 } docType
                    && System.Text.Ascii.IsValid(docType) && Bridge.Adapters.Abstractions.Proofs.ProofSubject.IsDigest(fact.ContentSha256))
                {
                    var anchor = new MessagePayload.Anchor(subject, docId, fact.ContentSha256, fact.ContentSha256, docType);
                    messages.Add(RelayMessage.Observe(lane.Name, MessageKind.DocumentAnchor, source, lane.Destination, anchor, now + lane.Deadline, now));
                }
            }
            else if (lane.Flows.HasFlag(LaneFlows.Events) && !NotLogistics.Contains(fact.EventType))
            {
                var anchor = new MessagePayload.Anchor(subject, fact.EventTransactionId, subject.Digest, subject.Digest, "EVENT");
                messages.Add(RelayMessage.Observe(lane.Name, MessageKind.Event, source, lane.Destination, anchor, now + lane.Deadline, now));
            }
        }

        return messages;
    }

    private static bool TryReadPlatformEvent(ReadOnlyMemory<byte> payload, out PlatformFact fact)
    {
        fact = null!;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            string? S(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
            if (S("eventTransactionId") is not { } id || S("eventType") is not { } type)
            {
                return false;
            }

            fact = new PlatformFact(id, type, S("docId"), S("docType"), S("contentSha256"));
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return false;
        }
    }

    private sealed record TitleFact(string Lane, string MessageId, string Destination, string Recipient, string TitleId, string Holder, string Beneficiary, bool Burn);

    /// <summary>TitleRegistry's CrossChainMessage with the adapter's title facts; see the class summary.</summary>
    private static bool TryReadAbiTitle(ReadOnlyMemory<byte> payload, string network, IReadOnlyList<Lane> lanes, out TitleFact fact)
    {
        fact = null!;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (!root.TryGetProperty("args", out var args) || !root.TryGetProperty("title", out var title))
            {
                return false;
            }

            string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var kind = S(title, "event");
            if (S(args, "lane") is not { } laneWord || S(args, "messageId") is not { } id || S(args, "destinationNetwork") is not { } destinationWord
                || S(args, "recipient") is not { } recipientWord || S(args, "payloadHash") is not { } payloadHash
                || S(title, "titleId") is not { } titleWord || S(title, "holder") is not { } holder || S(title, "beneficiary") is not { } beneficiary
                || kind is not ("TitleLocked" or "TitleBurned"))
            {
                return false;
            }

            var lane = lanes.FirstOrDefault(l => SameWord(Bytes32Words.Of(l.Name), laneWord));
            var destination = lane is null ? null : new[] { lane.Source, lane.Destination }.FirstOrDefault(n => n != network && SameWord(Bytes32Words.Of(n), destinationWord));
            if (lane is null || destination is null || !IsWord(titleWord) || !IsWord(recipientWord))
            {
                return false;
            }

            byte[] preimage = [.. Convert.FromHexString(titleWord.AsSpan(2)), .. Bytes32Words.OfRecipient(holder), .. Bytes32Words.OfRecipient(beneficiary), .. Convert.FromHexString(recipientWord.AsSpan(2))];
            if (!SameWord(Bridge.Canonical.Hashing.Keccak256.Hash(preimage), payloadHash))
            {
                return false;
            }

            fact = new TitleFact(lane.Name, id, destination, recipientWord.ToLowerInvariant(), IdOfWord(titleWord), holder, beneficiary, kind == "TitleBurned");
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// A title or document id word back as the id, the inverse of <see cref="Bytes32Words.Of"/> where there is one: a UUID
    /// when its first 16 bytes are zero (and the rest not), else the word as lower-case <c>0x</c> hex (which
    /// <see cref="Bytes32Words.Of"/> maps to the same word again).
    /// </summary>
    private static string IdOfWord(string word)
    {
        var bytes = Convert.FromHexString(word.AsSpan(2));
        return !bytes.AsSpan(0, 16).ContainsAnyExcept((byte)0) && bytes.AsSpan(16).ContainsAnyExcept((byte)0)
            ? new Guid(bytes.AsSpan(16), bigEndian: true).ToString("D")
            : word.ToLowerInvariant();
    }

    private static bool IsWord(string value) => value.Length == 66 && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && value.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false;

    private static bool SameWord(byte[] word, string hex) => IsWord(hex) && Convert.FromHexString(hex.AsSpan(2)).AsSpan().SequenceEqual(word);

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
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return false;
        }
    }
}
