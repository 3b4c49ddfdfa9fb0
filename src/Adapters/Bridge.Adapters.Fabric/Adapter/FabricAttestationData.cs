using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// The Fabric reading of a <c>relay-attestation</c> proof's data for <c>ImportTitle</c> and <c>ReleaseTitle</c>, the same
/// shape the Ethereum adapter reads (docs/ethereum.md "The adapter"):
/// <c>{"lane", "messageId", "validUntil", "signatures": ["0x…65 bytes", …], "beneficiary"?, "network"?}</c> with
/// validUntil in unix seconds. <c>lane</c> and
/// <c>messageId</c> are passed to the chaincode as they are (a <c>0x</c>+64-hex word or a name; the chaincode makes them
/// words by the Ethereum lane's <c>Bytes32Names</c> rules); <c>network</c>, when present, must be this chaincode's
/// network word keccak256("{channel}/{chaincode}"). The chaincode checks the EIP-712 signatures (docs/fabric.md "The
/// bridge chaincode"); the adapter only refuses data that cannot be meant for the command.
/// </summary>
internal sealed record FabricAttestationData(string Lane, string MessageId, ulong ValidUntil, IReadOnlyList<string> Signatures, string? Beneficiary, string? NetworkWord)
{
    /// <summary>The signatures as the chaincode's comma-separated argument.</summary>
    public string SignaturesCsv => string.Join(',', Signatures);

    /// <summary>keccak256("{channel}/{chaincode}") as 0x-hex: the network word of a chaincode on a channel.</summary>
    public static string NetworkWordOf(string channel, string chaincode) =>
        "0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes($"{channel}/{chaincode}")));

    public static bool TryRead(ProofEnvelope proof, out FabricAttestationData data, out string problem)
    {
        data = null!;
        if (!TryReadCommon(proof, "an import or release", out var messageId, out var signatures, out var network, out problem))
        {
            return false;
        }

        var json = proof.Data;
        if (!Text(json, "lane", out var lane))
        {
            problem = "the attestation needs 'lane' as a non-empty string";
            return false;
        }

        if (!json.TryGetProperty("validUntil", out var validJson) || !validJson.TryGetUInt64(out var validUntil))
        {
            problem = "the attestation needs 'validUntil', the unix second until which it may be applied";
            return false;
        }

        string? beneficiary = null;
        if (json.TryGetProperty("beneficiary", out _) && !Text(json, "beneficiary", out beneficiary))
        {
            problem = "'beneficiary' must be a non-empty string";
            return false;
        }

        data = new FabricAttestationData(lane!, messageId, validUntil, signatures, beneficiary, network);
        return true;
    }

    /// <summary>
    /// Reads the data of an acknowledgement or refund attestation:
    /// <c>{"messageId", "signatures", "network"?, "destinationTx"?}</c>.
    /// </summary>
    public static bool TryReadSettlement(ProofEnvelope proof, out FabricSettlementData data, out string problem)
    {
        data = null!;
        if (!TryReadCommon(proof, "an acknowledgement or refund", out var messageId, out var signatures, out var network, out problem))
        {
            return false;
        }

        string? destinationTx = null;
        if (proof.Data.TryGetProperty("destinationTx", out _) && (!Text(proof.Data, "destinationTx", out destinationTx) || !IsHex(destinationTx, 32)))
        {
            problem = "'destinationTx' must be 0x + 64 hex digits";
            return false;
        }

        data = new FabricSettlementData(messageId, signatures, network, destinationTx?.ToLowerInvariant());
        return true;
    }

    private static bool TryReadCommon(ProofEnvelope proof, string purpose, out string messageId, out List<string> signatures, out string? network, out string problem)
    {
        ArgumentNullException.ThrowIfNull(proof);
        messageId = string.Empty;
        signatures = [];
        network = null;
        problem = string.Empty;
        if (proof.Kind != ProofKind.RelayAttestation)
        {
            problem = $"{purpose} on Fabric needs a relay-attestation proof, not {proof.Kind.ToWireName()}";
            return false;
        }

        var json = proof.Data;
        if (json.ValueKind != JsonValueKind.Object || !Text(json, "messageId", out var message))
        {
            problem = "the attestation needs 'messageId' as a non-empty string";
            return false;
        }

        messageId = message!;
        if (!json.TryGetProperty("signatures", out var signaturesJson) || signaturesJson.ValueKind != JsonValueKind.Array || signaturesJson.GetArrayLength() == 0)
        {
            problem = "the attestation needs 'signatures', a non-empty array of 65-byte 0x-hex signatures";
            return false;
        }

        foreach (var item in signaturesJson.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !IsHex(item.GetString(), 65))
            {
                problem = "every signature must be 65 bytes of 0x-hex (r ‖ s ‖ v)";
                return false;
            }

            signatures.Add(item.GetString()!);
        }

        if (json.TryGetProperty("network", out _) && (!Text(json, "network", out network) || !IsHex(network, 32)))
        {
            problem = "'network' must be 0x + 64 hex digits";
            return false;
        }

        network = network?.ToLowerInvariant();
        return true;
    }

    /// <summary>Whether two message ids name the same message: equal text, or equal 0x-hex words in any letter case.</summary>
    public static bool SameMessage(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (IsHex(a, 32) && IsHex(b, 32) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase));

    private static bool Text(JsonElement json, string name, out string? value)
    {
        value = json.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return !string.IsNullOrEmpty(value);
    }

    private static bool IsHex(string? text, int bytes) =>
        text is not null && text.Length == 2 + (2 * bytes) && text.StartsWith("0x", StringComparison.Ordinal) && !text.AsSpan(2).ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}

/// <summary>The Fabric reading of an acknowledgement or refund attestation (<see cref="FabricAttestationData.TryReadSettlement"/>).</summary>
/// <param name="MessageId">The outbound message id.</param>
/// <param name="Signatures">The 65-byte 0x-hex relay signatures.</param>
/// <param name="NetworkWord">keccak256("{channel}/{chaincode}") as lower-case 0x-hex, when given.</param>
/// <param name="DestinationTx">The acknowledged destination transaction as lower-case 0x-hex, when given.</param>
internal sealed record FabricSettlementData(string MessageId, IReadOnlyList<string> Signatures, string? NetworkWord, string? DestinationTx)
{
    /// <summary>The signatures as the chaincode's comma-separated argument.</summary>
    public string SignaturesCsv => string.Join(',', Signatures);
}
