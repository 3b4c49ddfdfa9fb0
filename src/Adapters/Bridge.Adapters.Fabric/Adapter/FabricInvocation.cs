using Bridge.Adapters.Abstractions;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>A bridge chaincode call that carries one <see cref="LedgerCommand"/>.</summary>
/// <param name="Function">The chaincode function.</param>
/// <param name="Args">Its string arguments, in order.</param>
/// <param name="Party">
/// The party (<c>{mspId}::{CN}</c>) that must sign, for the holder's own commands (transfer, lock, burn); null when the
/// adapter's signer does.
/// </param>
internal sealed record FabricInvocation(string Function, IReadOnlyList<string> Args, string? Party)
{
    /// <summary>
    /// Maps <paramref name="command"/> to its chaincode call (docs/fabric.md "The bridge chaincode"), or explains why it
    /// cannot be one. Pure: no I/O.
    /// </summary>
    public static bool TryMap(LedgerCommand command, string channel, string chaincode, out FabricInvocation invocation, out SubmitResult.Rejected rejected)
    {
        ArgumentNullException.ThrowIfNull(command);
        invocation = null!;
        rejected = null!;
        switch (command)
        {
            case LedgerCommand.Anchor anchor:
                if (string.IsNullOrEmpty(anchor.DocumentId) || !IsHex64(anchor.Digest) || (anchor.MerkleRoot.Length > 0 && !IsHex64(anchor.MerkleRoot)))
                {
                    rejected = Invalid("an anchor needs a document id, a 64-hex-digit digest and a 64-hex-digit Merkle root (or none)");
                    return false;
                }

                invocation = new("AnchorDocument", [anchor.DocumentId, anchor.Digest.ToLowerInvariant(), anchor.MerkleRoot.ToLowerInvariant(), anchor.DocumentType ?? string.Empty], null);
                return true;
            case LedgerCommand.Transfer transfer:
                invocation = new("TransferTitle", [transfer.TitleId, transfer.To.Address], transfer.From.Address);
                return true;
            case LedgerCommand.Lock or LedgerCommand.Burn:
                var (titleId, from, to, lane, destination, burn) = command is LedgerCommand.Lock l
                    ? (l.TitleId, l.From, l.To, l.Lane, l.DestinationNetwork, false)
                    : Unpack((LedgerCommand.Burn)command);
                if (string.IsNullOrEmpty(lane) || string.IsNullOrEmpty(destination))
                {
                    rejected = Invalid("the Fabric chaincode records the lane and the destination network of a title that leaves: both are required");
                    return false;
                }

                invocation = new(burn ? "BurnTitle" : "LockTitle", [titleId, lane, destination, to.Address], from.Address);
                return true;
            case LedgerCommand.Mint mint:
                return TryArrive(mint.TitleId, mint.MessageId, mint.To, mint.Proof, release: false, channel, chaincode, out invocation, out rejected);
            case LedgerCommand.Release release:
                return TryArrive(release.TitleId, release.MessageId, release.To, release.Proof, release: true, channel, chaincode, out invocation, out rejected);
            case LedgerCommand.Acknowledge acknowledge:
                return TrySettle(acknowledge.MessageId, acknowledge.DestinationTx, acknowledge.Attestation, channel, chaincode, out invocation, out rejected);
            case LedgerCommand.Refund refund:
                return TrySettle(refund.MessageId, null, refund.Attestation, channel, chaincode, out invocation, out rejected);
            case LedgerCommand.RawInvoke raw:
                if (string.IsNullOrEmpty(raw.Function))
                {
                    rejected = Invalid("a raw invocation needs a function name");
                    return false;
                }

                invocation = new(raw.Function, raw.Args, null);
                return true;
            default:
                rejected = new SubmitResult.Rejected("unsupported-command", $"the Fabric adapter does not submit {command.Kind} commands");
                return false;
        }
    }

    private static (string, PartyRef, PartyRef, string?, string?, bool) Unpack(LedgerCommand.Burn burn) =>
        (burn.TitleId, burn.From, burn.To, burn.Lane, burn.DestinationNetwork, true);

    private static bool TryArrive(
        string titleId,
        string messageId,
        PartyRef to,
        Abstractions.Proofs.ProofEnvelope proof,
        bool release,
        string channel,
        string chaincode,
        out FabricInvocation invocation,
        out SubmitResult.Rejected rejected)
    {
        invocation = null!;
        rejected = null!;
        if (!FabricAttestationData.TryRead(proof, out var attestation, out var problem))
        {
            rejected = new SubmitResult.Rejected("invalid-attestation", problem);
            return false;
        }

        if (Mismatch(attestation.MessageId, attestation.NetworkWord, messageId, channel, chaincode) is { } mismatch)
        {
            rejected = mismatch;
            return false;
        }

        invocation = new(
            release ? "ReleaseTitle" : "ImportTitle",
            [
                attestation.Lane,
                attestation.MessageId,
                titleId,
                to.Address,
                attestation.Beneficiary ?? to.Address,
                attestation.ValidUntil.ToString(System.Globalization.CultureInfo.InvariantCulture),
                attestation.SignaturesCsv,
            ],
            null);
        return true;
    }

    /// <summary><c>AcknowledgeMessage(messageId, destinationTx, signaturesCsv)</c> when <paramref name="destinationTx"/> is given, else <c>RefundTitle(messageId, signaturesCsv)</c>.</summary>
    private static bool TrySettle(
        string messageId,
        string? destinationTx,
        Abstractions.Proofs.ProofEnvelope proof,
        string channel,
        string chaincode,
        out FabricInvocation invocation,
        out SubmitResult.Rejected rejected)
    {
        invocation = null!;
        rejected = null!;
        string? txWord = null;
        try
        {
            SettlementWords.Message(messageId);
            if (destinationTx is not null)
            {
                txWord = "0x" + Convert.ToHexStringLower(SettlementWords.Transaction(destinationTx));
            }
        }
        catch (ArgumentException e)
        {
            rejected = Invalid(e.Message);
            return false;
        }

        if (!FabricAttestationData.TryReadSettlement(proof, out var attestation, out var problem))
        {
            rejected = new SubmitResult.Rejected("invalid-attestation", problem);
            return false;
        }

        if (Mismatch(attestation.MessageId, attestation.NetworkWord, messageId, channel, chaincode) is { } mismatch)
        {
            rejected = mismatch;
            return false;
        }

        if (txWord is not null && attestation.DestinationTx is { } attested && attested != txWord)
        {
            rejected = new SubmitResult.Rejected("invalid-attestation", "the attestation acknowledges another destination transaction");
            return false;
        }

        invocation = txWord is not null
            ? new("AcknowledgeMessage", [messageId.ToLowerInvariant(), txWord, attestation.SignaturesCsv], null)
            : new("RefundTitle", [messageId.ToLowerInvariant(), attestation.SignaturesCsv], null);
        return true;
    }

    /// <summary>Why an attestation read from a proof does not belong to this message and this channel/chaincode, or null when it does.</summary>
    private static SubmitResult.Rejected? Mismatch(string attestedMessageId, string? networkWord, string messageId, string channel, string chaincode) =>
        !FabricAttestationData.SameMessage(attestedMessageId, messageId)
            ? new SubmitResult.Rejected("invalid-attestation", "the attestation is for another message id")
            : networkWord is { } network && network != FabricAttestationData.NetworkWordOf(channel, chaincode)
                ? new SubmitResult.Rejected("wrong-destination", $"the attestation is for another channel or chaincode than {channel}/{chaincode}")
                : null;

    private static SubmitResult.Rejected Invalid(string reason) => new("invalid-command", reason);

    private static bool IsHex64(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);
}
