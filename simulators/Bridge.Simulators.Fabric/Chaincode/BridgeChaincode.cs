using System.Globalization;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Hashing;

namespace Bridge.Simulators.Fabric.Chaincode;

/// <summary>
/// The bridge's chaincode, the Fabric counterpart of DocumentRegistry and TitleRegistry (docs/ethereum.md): document
/// anchors, and titles that are live on exactly one network, leaving by lock (home titles) or burn (imported ones)
/// with a <c>CrossChainMessage</c> event, and arriving by import or release under an M-of-N relay attestation
/// (<see cref="FabricRelayAttestation"/>) that is accepted once per message id and not after its valid-until (compared
/// with the proposal's timestamp). Each outbound message is recorded and settled once under another M-of-N attestation:
/// acknowledged (the destination applied it) or refunded (the title is active here again with the parties it left
/// with; docs/fabric.md "Acknowledgements and refunds"). Parties are strings:
/// <c>{mspId}::{CN}</c> for Fabric identities, an address for Ethereum ones. Every failure is a
/// <see cref="ChaincodeResponse.Error"/> and writes nothing (the peer discards the read-write set).
/// </summary>
public sealed class BridgeChaincode
{
    private const string AnchorPrefix = "anchor/";
    private const string TitlePrefix = "title/";
    private const string ConsumedPrefix = "consumed/";
    private const string NoncePrefix = "nonce/";
    private const string OutboundPrefix = "outbound/";
    private const string ExitPrefix = "exit/";
    private const string RelayKey = "relay/config";

    /// <summary>The most anchors one <c>AnchorDocuments</c> call takes (the Fabric adapter's <c>MaxBatchSize</c>).</summary>
    public const int MaxAnchorsPerCall = 256;

    /// <summary>
    /// The largest <c>AnchorDocuments</c> argument, in bytes: 256 anchors with 1 KiB of id and type each, far below the
    /// 4 MiB gRPC message limit that the proposal, its endorsements and its read-write set must fit in together.
    /// </summary>
    public const int MaxAnchorsArgumentBytes = 256 * 1024;

    /// <summary>Runs <paramref name="function"/> with <paramref name="args"/> (UTF-8 strings) in <paramref name="stub"/>'s transaction.</summary>
    public ChaincodeResponse Invoke(IChaincodeStub stub, string function, IReadOnlyList<byte[]> args)
    {
        ArgumentNullException.ThrowIfNull(stub);
        ArgumentNullException.ThrowIfNull(args);
        var text = args.Select(a => Encoding.UTF8.GetString(a)).ToArray();
        try
        {
            return function switch
            {
                "AnchorDocument" => Arity(text, 4) ?? AnchorDocument(stub, text[0], text[1], text[2], text[3]),
                "AnchorDocuments" => Arity(text, 1) ?? AnchorDocuments(stub, args[0]),
                "RevokeDocument" => Arity(text, 2) ?? RevokeDocument(stub, text[0], text[1]),
                "GetAnchor" => Arity(text, 1) ?? Read(stub, AnchorPrefix + text[0], $"document {text[0]} has no anchor"),
                "SetRelaySigners" => Arity(text, 2) ?? SetRelaySigners(stub, text[0], text[1]),
                "GetRelaySigners" => Arity(text, 0) ?? Read(stub, RelayKey, "no relay signers are set"),
                "IssueTitle" => Arity(text, 3) ?? IssueTitle(stub, text[0], text[1], text[2]),
                "TransferTitle" => Arity(text, 2) ?? ChangeParty(stub, text[0], text[1], holder: true),
                "EndorseTitle" => Arity(text, 2) ?? ChangeParty(stub, text[0], text[1], holder: false),
                "LockTitle" => Arity(text, 4) ?? Export(stub, text[0], text[1], text[2], text[3], burn: false),
                "BurnTitle" => Arity(text, 4) ?? Export(stub, text[0], text[1], text[2], text[3], burn: true),
                "ImportTitle" => Arity(text, 7) ?? Arrive(stub, text[0], text[1], text[2], text[3], text[4], text[5], text[6], release: false),
                "ReleaseTitle" => Arity(text, 7) ?? Arrive(stub, text[0], text[1], text[2], text[3], text[4], text[5], text[6], release: true),
                "AcknowledgeMessage" => Arity(text, 3) ?? Settle(stub, text[0], text[1], text[2]),
                "RefundTitle" => Arity(text, 2) ?? Settle(stub, text[0], null, text[1]),
                "GetOutboundMessage" => Arity(text, 1) ?? Read(stub, OutboundPrefix + Hex(Bytes32Names.Of(text[0])), $"message {text[0]} was not sent from here"),
                "GetTitle" => Arity(text, 1) ?? Read(stub, TitlePrefix + text[0], $"title {text[0]} does not exist"),
                "IsConsumed" => Arity(text, 1) ?? new ChaincodeResponse.Success(Encoding.UTF8.GetBytes(stub.GetState(ConsumedPrefix + Hex(Bytes32Names.Of(text[0]))) is null ? "false" : "true")),
                _ => new ChaincodeResponse.Error($"unknown function '{function}'"),
            };
        }
        catch (ArgumentException e)
        {
            return new ChaincodeResponse.Error(e.Message);
        }
    }

    private static ChaincodeResponse? Arity(string[] args, int expected) =>
        args.Length == expected ? null : new ChaincodeResponse.Error($"expected {expected} arguments, got {args.Length}");

    private static ChaincodeResponse AnchorDocument(IChaincodeStub stub, string documentId, string contentDigest, string commitmentRoot, string documentType)
    {
        if (documentId.Length == 0 || !IsHex32(contentDigest) || (commitmentRoot.Length > 0 && !IsHex32(commitmentRoot)))
        {
            return new ChaincodeResponse.Error("a document id and a 64-hex-digit content digest are required (and the commitment root, when given, is 64 hex digits)");
        }

        var key = AnchorPrefix + documentId;
        if (stub.GetState(key) is not null)
        {
            return new ChaincodeResponse.Error($"document {documentId} is already anchored");
        }

        var anchor = AnchorJson(stub, documentId, contentDigest, commitmentRoot, documentType);
        stub.PutState(key, anchor);
        stub.SetEvent("DocumentAnchored", anchor);
        return new ChaincodeResponse.Success(anchor);
    }

    /// <summary>
    /// Anchors a JSON array of <c>{documentId, contentDigest, commitmentRoot, documentType}</c> in one transaction
    /// (docs/fabric.md "Anchors in batches"). A malformed or oversized array refuses the whole call. Otherwise each item
    /// is judged on its own, in order (an item sees the writes of the items before it): a new document is written
    /// (<c>anchored</c>); one already anchored by the same creator with the same digest, root and type is left alone
    /// (<c>present</c>, with the transaction that anchored it); any other existing anchor is <c>conflict</c>, with that
    /// transaction and a reason, and does not hold back the others. The response is
    /// <c>{"txId", "results": [{"documentId", "status", "txId", "reason"?}]}</c> in the items' order; the one event
    /// (Fabric allows one per transaction) is <c>DocumentsAnchored {"txId", "anchors": [anchor, ...]}</c> with the anchors
    /// written, set only when at least one was.
    /// </summary>
    private static ChaincodeResponse AnchorDocuments(IChaincodeStub stub, byte[] argument)
    {
        if (argument.Length > MaxAnchorsArgumentBytes)
        {
            return new ChaincodeResponse.Error($"expected at most {MaxAnchorsArgumentBytes} bytes of anchors, got {argument.Length}");
        }

        List<(string DocumentId, string Digest, string Root, string Type)> items;
        try
        {
            items = ReadAnchorItems(argument, out var problem);
            if (problem is not null)
            {
                return new ChaincodeResponse.Error(problem);
            }
        }
        catch (JsonException)
        {
            return new ChaincodeResponse.Error("expected a JSON array of anchors {documentId, contentDigest, commitmentRoot, documentType}");
        }

        var written = new List<byte[]>();
        var results = new List<(string DocumentId, string Status, string TxId, string? Reason)>(items.Count);
        foreach (var (documentId, digest, root, type) in items)
        {
            var key = AnchorPrefix + documentId;
            if (stub.GetState(key) is not { } existing)
            {
                var anchor = AnchorJson(stub, documentId, digest, root, type);
                stub.PutState(key, anchor);
                written.Add(anchor);
                results.Add((documentId, "anchored", stub.TxId, null));
                continue;
            }

            using var stored = JsonDocument.Parse(existing);
            var earlier = stored.RootElement;
            var same = earlier.GetProperty("issuer").GetString() == stub.Creator
                && earlier.GetProperty("contentDigest").GetString() == digest
                && earlier.GetProperty("commitmentRoot").GetString() == root
                && earlier.GetProperty("documentType").GetString() == type
                && !earlier.GetProperty("revoked").GetBoolean();
            results.Add(same
                ? (documentId, "present", earlier.GetProperty("txId").GetString()!, null)
                : (documentId, "conflict", earlier.GetProperty("txId").GetString()!, $"document {documentId} is already anchored with other content, by another issuer, or revoked"));
        }

        if (written.Count > 0)
        {
            stub.SetEvent("DocumentsAnchored", Json(w =>
            {
                w.WriteString("txId", stub.TxId);
                w.WriteStartArray("anchors");
                foreach (var anchor in written)
                {
                    w.WriteRawValue(anchor, skipInputValidation: true);
                }

                w.WriteEndArray();
            }));
        }

        return new ChaincodeResponse.Success(Json(w =>
        {
            w.WriteString("txId", stub.TxId);
            w.WriteStartArray("results");
            foreach (var (documentId, status, txId, reason) in results)
            {
                w.WriteStartObject();
                w.WriteString("documentId", documentId);
                w.WriteString("status", status);
                w.WriteString("txId", txId);
                if (reason is not null)
                {
                    w.WriteString("reason", reason);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }));
    }

    /// <summary>The items of an <c>AnchorDocuments</c> argument, hex in lower case; <paramref name="problem"/> says what is wrong with it.</summary>
    private static List<(string DocumentId, string Digest, string Root, string Type)> ReadAnchorItems(byte[] argument, out string? problem)
    {
        problem = null;
        using var document = JsonDocument.Parse(argument);
        var array = document.RootElement;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > MaxAnchorsPerCall)
        {
            problem = $"expected a JSON array of 1 to {MaxAnchorsPerCall} anchors";
            return [];
        }

        var items = new List<(string, string, string, string)>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            var documentId = Text(item, "documentId");
            var digest = Text(item, "contentDigest");
            var root = Text(item, "commitmentRoot") ?? string.Empty;
            if (string.IsNullOrEmpty(documentId) || digest is null || !IsHex32(digest) || (root.Length > 0 && !IsHex32(root)))
            {
                problem = $"anchor {items.Count}: a document id and a 64-hex-digit content digest are required (and the commitment root, when given, is 64 hex digits)";
                return [];
            }

            items.Add((documentId, digest.ToLowerInvariant(), root.ToLowerInvariant(), Text(item, "documentType") ?? string.Empty));
        }

        return items;

        static string? Text(JsonElement item, string name) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static byte[] AnchorJson(IChaincodeStub stub, string documentId, string contentDigest, string commitmentRoot, string documentType) => Json(w =>
    {
        w.WriteString("documentId", documentId);
        w.WriteString("contentDigest", contentDigest.ToLowerInvariant());
        w.WriteString("commitmentRoot", commitmentRoot.ToLowerInvariant());
        w.WriteString("documentType", documentType);
        w.WriteString("issuer", stub.Creator);
        w.WriteString("issuerMsp", stub.CreatorMspId);
        w.WriteString("txId", stub.TxId);
        w.WriteBoolean("revoked", false);
    });

    private static ChaincodeResponse RevokeDocument(IChaincodeStub stub, string documentId, string reason)
    {
        var key = AnchorPrefix + documentId;
        if (stub.GetState(key) is not { } bytes)
        {
            return new ChaincodeResponse.Error($"document {documentId} has no anchor");
        }

        using var anchor = JsonDocument.Parse(bytes);
        var root = anchor.RootElement;
        if (root.GetProperty("issuer").GetString() != stub.Creator)
        {
            return new ChaincodeResponse.Error($"only the issuer of document {documentId} may revoke it");
        }

        if (root.GetProperty("revoked").GetBoolean())
        {
            return new ChaincodeResponse.Error($"document {documentId} is already revoked");
        }

        var revoked = Rewrite(root, w => w.WriteBoolean("revoked", true), "revoked");
        stub.PutState(key, revoked);
        stub.SetEvent("DocumentRevoked", Json(w =>
        {
            w.WriteString("documentId", documentId);
            w.WriteString("issuer", stub.Creator);
            w.WriteString("reason", reason);
        }));
        return new ChaincodeResponse.Success(revoked);
    }

    private static ChaincodeResponse SetRelaySigners(IChaincodeStub stub, string signersCsv, string thresholdText)
    {
        var current = stub.GetState(RelayKey);
        string? admin = null;
        var version = 0;
        if (current is not null)
        {
            using var config = JsonDocument.Parse(current);
            admin = config.RootElement.GetProperty("adminMsp").GetString();
            version = config.RootElement.GetProperty("version").GetInt32();
            if (admin != stub.CreatorMspId)
            {
                return new ChaincodeResponse.Error($"only members of {admin} may change the relay signers");
            }
        }

        var signers = new List<EthAddress>();
        foreach (var part in signersCsv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EthAddress.TryParse(part, out var signer) || signer == EthAddress.Zero || signers.Contains(signer))
            {
                return new ChaincodeResponse.Error($"'{part}' is not a new, non-zero relay signer address");
            }

            signers.Add(signer);
        }

        if (!int.TryParse(thresholdText, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold < 1 || threshold > signers.Count)
        {
            return new ChaincodeResponse.Error($"the threshold must be between 1 and the number of signers ({signers.Count})");
        }

        var updated = Json(w =>
        {
            w.WriteString("adminMsp", admin ?? stub.CreatorMspId);
            w.WriteNumber("version", version + 1);
            w.WriteNumber("threshold", threshold);
            w.WriteStartArray("signers");
            foreach (var signer in signers)
            {
                w.WriteStringValue(signer.ToString());
            }

            w.WriteEndArray();
        });
        stub.PutState(RelayKey, updated);
        stub.SetEvent("RelaySignersChanged", updated);
        return new ChaincodeResponse.Success(updated);
    }

    private static ChaincodeResponse IssueTitle(IChaincodeStub stub, string titleId, string holder, string beneficiary)
    {
        if (titleId.Length == 0 || holder.Length == 0 || beneficiary.Length == 0)
        {
            return new ChaincodeResponse.Error("a title id, a holder and a beneficiary are required");
        }

        if (stub.GetState(TitlePrefix + titleId) is not null)
        {
            return new ChaincodeResponse.Error($"title {titleId} already exists");
        }

        var title = TitleJson(titleId, "active", holder, beneficiary, home: true, stub.Creator);
        stub.PutState(TitlePrefix + titleId, title);
        stub.SetEvent("TitleIssued", title);
        return new ChaincodeResponse.Success(title);
    }

    private static ChaincodeResponse ChangeParty(IChaincodeStub stub, string titleId, string party, bool holder)
    {
        if (LoadTitle(stub, titleId) is not { } title)
        {
            return new ChaincodeResponse.Error($"title {titleId} does not exist");
        }

        if (title.State != "active")
        {
            return new ChaincodeResponse.Error($"title {titleId} is {title.State}, not active");
        }

        if (title.Holder != stub.Creator)
        {
            return new ChaincodeResponse.Error($"only the holder of title {titleId} may transfer or endorse it");
        }

        if (party.Length == 0)
        {
            return new ChaincodeResponse.Error("the new party is required");
        }

        var updated = holder
            ? TitleJson(titleId, title.State, party, title.Beneficiary, title.Home, title.Issuer)
            : TitleJson(titleId, title.State, title.Holder, party, title.Home, title.Issuer);
        stub.PutState(TitlePrefix + titleId, updated);
        stub.SetEvent(holder ? "HolderTransferred" : "BeneficiaryTransferred", updated);
        return new ChaincodeResponse.Success(updated);
    }

    private static ChaincodeResponse Export(IChaincodeStub stub, string titleId, string lane, string destinationNetwork, string recipient, bool burn)
    {
        if (LoadTitle(stub, titleId) is not { } title)
        {
            return new ChaincodeResponse.Error($"title {titleId} does not exist");
        }

        if (title.State != "active")
        {
            return new ChaincodeResponse.Error($"title {titleId} is {title.State}, not active");
        }

        if (title.Holder != stub.Creator)
        {
            return new ChaincodeResponse.Error($"only the holder of title {titleId} may export it");
        }

        if (burn == title.Home)
        {
            return new ChaincodeResponse.Error(burn ? $"title {titleId} was issued here: lock it, do not burn it" : $"title {titleId} was imported: burn it, do not lock it");
        }

        if (lane.Length == 0 || destinationNetwork.Length == 0 || recipient.Length == 0)
        {
            return new ChaincodeResponse.Error("the lane, the destination network and the recipient are required");
        }

        var laneWord = Bytes32Names.Of(lane);
        var nonceKey = NoncePrefix + Hex(laneWord);
        var nonce = (stub.GetState(nonceKey) is { } stored ? ulong.Parse(Encoding.UTF8.GetString(stored), CultureInfo.InvariantCulture) : 0UL) + 1;
        stub.PutState(nonceKey, Encoding.UTF8.GetBytes(nonce.ToString(CultureInfo.InvariantCulture)));

        // messageId = keccak256(network ‖ lane ‖ uint256(nonce)): unique per chaincode, channel, lane and nonce.
        var nonceWord = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonceWord.AsSpan(24), nonce);
        var messageId = Keccak256.Hash([.. FabricRelayAttestation.Network(stub.ChannelId, stub.ChaincodeName), .. laneWord, .. nonceWord]);
        var payloadHash = FabricRelayAttestation.OutboundPayloadHash(titleId, title.Holder, title.Beneficiary, recipient);
        stub.PutState(TitlePrefix + titleId, TitleJson(titleId, burn ? "burned" : "locked", title.Holder, title.Beneficiary, title.Home, title.Issuer));
        stub.PutState(OutboundPrefix + Hex(messageId), OutboundJson(HexData.Encode(messageId), titleId, lane, "pending", null, null));
        stub.PutState(ExitPrefix + titleId, Encoding.UTF8.GetBytes(HexData.Encode(messageId)));
        var message = Json(w =>
        {
            w.WriteString("lane", HexData.Encode(laneWord));
            w.WriteString("laneName", lane);
            w.WriteString("messageId", HexData.Encode(messageId));
            w.WriteNumber("nonce", nonce);
            w.WriteString("destinationNetwork", destinationNetwork);
            w.WriteString("recipient", recipient);
            w.WriteString("payloadHash", HexData.Encode(payloadHash));
            w.WriteString("titleId", titleId);
            w.WriteString("holder", title.Holder);
            w.WriteString("beneficiary", title.Beneficiary);
            w.WriteString("kind", burn ? "burn" : "lock");
        });
        stub.SetEvent("CrossChainMessage", message);
        return new ChaincodeResponse.Success(message);
    }

    private static ChaincodeResponse Arrive(IChaincodeStub stub, string lane, string messageId, string titleId, string holder, string beneficiary, string validUntilText, string signaturesCsv, bool release)
    {
        var messageWord = Bytes32Names.Of(messageId);
        var consumedKey = ConsumedPrefix + Hex(messageWord);
        if (stub.GetState(consumedKey) is not null)
        {
            return new ChaincodeResponse.Error($"message {messageId} was already consumed");
        }

        if (!ulong.TryParse(validUntilText, NumberStyles.None, CultureInfo.InvariantCulture, out var validUntil))
        {
            return new ChaincodeResponse.Error("the valid-until of the attestation (unix seconds) is required");
        }

        // The proposal's channel header timestamp is the transaction's time (fabric-protos common.ChannelHeader.timestamp).
        var now = stub.Timestamp.ToUnixTimeSeconds();
        if (now > (long)Math.Min(validUntil, long.MaxValue))
        {
            return new ChaincodeResponse.Error($"the attestation expired at {validUntil} (unix seconds); the transaction's time is {now}");
        }

        var title = LoadTitle(stub, titleId);
        if (release ? title is not { State: "locked", Home: true } : title is not null && title is not { State: "burned", Home: false })
        {
            return new ChaincodeResponse.Error(release
                ? $"title {titleId} is not a locked title issued here"
                : $"title {titleId} is live on this network");
        }

        var digest = FabricRelayAttestation.Digest(stub.ChannelId, stub.ChaincodeName, Bytes32Names.Of(lane), messageWord, FabricRelayAttestation.InboundPayloadHash(titleId, holder, beneficiary), validUntil);
        if (Attested(stub, digest, signaturesCsv) is { } refused)
        {
            return refused;
        }

        var updated = TitleJson(titleId, "active", holder, beneficiary, home: release, title?.Issuer ?? stub.Creator);
        stub.PutState(TitlePrefix + titleId, updated);
        stub.PutState(consumedKey, Encoding.UTF8.GetBytes(stub.TxId));
        stub.SetEvent(release ? "TitleReleased" : "TitleImported", Json(w =>
        {
            w.WriteString("titleId", titleId);
            w.WriteString("lane", lane);
            w.WriteString("messageId", HexData.Encode(messageWord));
            w.WriteString("holder", holder);
            w.WriteString("beneficiary", beneficiary);
        }));
        return new ChaincodeResponse.Success(updated);
    }

    /// <summary>
    /// Acknowledges (<paramref name="destinationTx"/> given) or refunds outbound message <paramref name="messageId"/> under
    /// an M-of-N relay attestation; once per message.
    /// </summary>
    private static ChaincodeResponse Settle(IChaincodeStub stub, string messageId, string? destinationTx, string signaturesCsv)
    {
        var messageWord = Bytes32Names.Of(messageId);
        var outboundKey = OutboundPrefix + Hex(messageWord);
        if (stub.GetState(outboundKey) is not { } outboundBytes)
        {
            return new ChaincodeResponse.Error($"message {messageId} was not sent from here");
        }

        OutboundRecord outbound;
        using (var document = JsonDocument.Parse(outboundBytes))
        {
            var root = document.RootElement;
            outbound = new OutboundRecord(root.GetProperty("messageId").GetString()!, root.GetProperty("titleId").GetString()!, root.GetProperty("lane").GetString()!, root.GetProperty("status").GetString()!);
        }

        if (outbound.Status != "pending")
        {
            return new ChaincodeResponse.Error($"message {messageId} is already settled ({outbound.Status})");
        }

        byte[] digest;
        if (destinationTx is not null)
        {
            var txWord = SettlementWords.Transaction(destinationTx);
            destinationTx = HexData.Encode(txWord);
            digest = FabricRelayAttestation.AcknowledgementDigest(stub.ChannelId, stub.ChaincodeName, messageWord, txWord);
        }
        else
        {
            // Only the title's last exit, still away: a title that came back (or left again) is not this message's to refund.
            var title = LoadTitle(stub, outbound.TitleId);
            var exit = stub.GetState(ExitPrefix + outbound.TitleId) is { } exitBytes ? Encoding.UTF8.GetString(exitBytes) : null;
            if (title is null || title.State != (title.Home ? "locked" : "burned") || exit != outbound.MessageId)
            {
                return new ChaincodeResponse.Error($"title {outbound.TitleId} is {title?.State ?? "absent"} and is not away with message {messageId}, so it cannot be refunded");
            }

            digest = FabricRelayAttestation.RefundDigest(stub.ChannelId, stub.ChaincodeName, messageWord);
        }

        if (Attested(stub, digest, signaturesCsv) is { } refused)
        {
            return refused;
        }

        var status = destinationTx is null ? "refunded" : "acknowledged";
        var settled = OutboundJson(outbound.MessageId, outbound.TitleId, outbound.Lane, status, destinationTx, stub.TxId);
        stub.PutState(outboundKey, settled);
        if (destinationTx is not null)
        {
            stub.SetEvent("MessageAcknowledged", Json(w =>
            {
                w.WriteString("messageId", outbound.MessageId);
                w.WriteString("destinationTx", destinationTx);
                w.WriteString("titleId", outbound.TitleId);
            }));
            return new ChaincodeResponse.Success(settled);
        }

        var away = LoadTitle(stub, outbound.TitleId)!;
        stub.PutState(TitlePrefix + outbound.TitleId, TitleJson(outbound.TitleId, "active", away.Holder, away.Beneficiary, away.Home, away.Issuer));
        stub.SetEvent("TitleRefunded", Json(w =>
        {
            w.WriteString("titleId", outbound.TitleId);
            w.WriteString("messageId", outbound.MessageId);
            w.WriteString("holder", away.Holder);
            w.WriteString("beneficiary", away.Beneficiary);
        }));
        return new ChaincodeResponse.Success(settled);
    }

    /// <summary>Null when at least the threshold of distinct current relay signers signed <paramref name="digest"/>; otherwise the refusal.</summary>
    private static ChaincodeResponse.Error? Attested(IChaincodeStub stub, byte[] digest, string signaturesCsv)
    {
        if (stub.GetState(RelayKey) is not { } configBytes)
        {
            return new ChaincodeResponse.Error("no relay signers are set: call SetRelaySigners first");
        }

        using var config = JsonDocument.Parse(configBytes);
        var allowed = config.RootElement.GetProperty("signers").EnumerateArray().Select(s => EthAddress.Parse(s.GetString()!)).ToHashSet();
        var threshold = config.RootElement.GetProperty("threshold").GetInt32();
        var signatures = new List<byte[]>();
        foreach (var part in signaturesCsv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!HexData.TryDecode(part, out var signature) || signature.Length != 65)
            {
                return new ChaincodeResponse.Error("every relay signature is 65 bytes of 0x-hex (r ‖ s ‖ v)");
            }

            signatures.Add(signature);
        }

        var signers = AttestationSigners.Signers(digest, signatures, allowed);
        if (signers is null)
        {
            return new ChaincodeResponse.Error("a relay signature is invalid or not from a current relay signer (or was made for another channel, chaincode, lane, message, payload or settlement)");
        }

        return signers.Count < threshold
            ? new ChaincodeResponse.Error($"the attestation has {signers.Count} distinct relay signatures; {threshold} are required")
            : null;
    }

    private static byte[] OutboundJson(string messageId, string titleId, string lane, string status, string? destinationTx, string? settledTx) => Json(w =>
    {
        w.WriteString("messageId", messageId);
        w.WriteString("titleId", titleId);
        w.WriteString("lane", lane);
        w.WriteString("status", status);
        if (destinationTx is not null)
        {
            w.WriteString("destinationTx", destinationTx);
        }

        if (settledTx is not null)
        {
            w.WriteString("settledTx", settledTx);
        }
    });

    private static ChaincodeResponse Read(IChaincodeStub stub, string key, string missing) =>
        stub.GetState(key) is { } value ? new ChaincodeResponse.Success(value) : new ChaincodeResponse.Error(missing, 404);

    private static TitleRecord? LoadTitle(IChaincodeStub stub, string titleId)
    {
        if (stub.GetState(TitlePrefix + titleId) is not { } bytes)
        {
            return null;
        }

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return new TitleRecord(
            root.GetProperty("state").GetString()!,
            root.GetProperty("holder").GetString()!,
            root.GetProperty("beneficiary").GetString()!,
            root.GetProperty("home").GetBoolean(),
            root.GetProperty("issuer").GetString()!);
    }

    private static byte[] TitleJson(string titleId, string state, string holder, string beneficiary, bool home, string issuer) => Json(w =>
    {
        w.WriteString("titleId", titleId);
        w.WriteString("state", state);
        w.WriteString("holder", holder);
        w.WriteString("beneficiary", beneficiary);
        w.WriteBoolean("home", home);
        w.WriteString("issuer", issuer);
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] Rewrite(JsonElement root, Action<Utf8JsonWriter> replace, string replaced) => Json(w =>
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != replaced)
            {
                property.WriteTo(w);
            }
        }

        replace(w);
    });

    private static bool IsHex32(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static string Hex(byte[] word) => Convert.ToHexStringLower(word);

    private sealed record TitleRecord(string State, string Holder, string Beneficiary, bool Home, string Issuer);

    private sealed record OutboundRecord(string MessageId, string TitleId, string Lane, string Status);
}
