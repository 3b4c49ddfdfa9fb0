using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>Reads and validates <see cref="EthereumTrustAnchors"/>.</summary>
internal static partial class EthereumTrustAnchorsReader
{
    private const int MaxConfirmations = 1000;

    private static readonly string[] Members = ["chainId", "contracts", "finality"];
    private static readonly string[] FinalityMembers = ["confirmations"];

    // The form only: "0x" and 40 hex digits in any case. Mixed-case addresses carry an EIP-55 checksum
    // whose verification needs Keccak-256, which the BCL lacks; checking it is a later issue.
    [GeneratedRegex("^0x[0-9a-fA-F]{40}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex("^0x0{40}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ZeroAddress();

    // Role names are camelCase identifiers such as "anchorRegistry" or "titleEscrow".
    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleName();

    public static EthereumTrustAnchors? Read(JsonElement json, string pointer, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(json, pointer, issues, "Ethereum trust anchors", Members);
        if (reader is null)
        {
            return null;
        }

        var chainId = reader.Integer("chainId");
        if (chainId is <= 0)
        {
            issues.Error(reader.PointerOf("chainId"), ValidationCodes.OutOfRange, "must be greater than 0");
            chainId = null;
        }

        var contracts = ReadContracts(reader, issues);
        var finality = ReadFinality(reader, issues);

        return chainId is null || contracts is null || finality is null
            ? null
            : new EthereumTrustAnchors(chainId.Value, contracts, finality);
    }

    private static Dictionary<string, string>? ReadContracts(JsonObjectReader reader, ValidationCollector issues)
    {
        if (reader.Member("contracts") is not { } element)
        {
            return null;
        }

        // Role names are the caller's, so any member is allowed (duplicates are still reported).
        var contracts = JsonObjectReader.Open(element, reader.PointerOf("contracts"), issues, "contracts", knownMembers: null);
        if (contracts is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var member in contracts.Members())
        {
            var path = contracts.PointerOf(member.Name);
            if (!RoleName().IsMatch(member.Name))
            {
                issues.Error(path, ValidationCodes.InvalidFormat, "role name must be a camelCase identifier (a lower-case letter, then letters or digits, at most 64)");
                valid = false;
                continue;
            }

            var address = JsonObjectReader.StringValue(member.Value, path, issues);
            if (address is null)
            {
                valid = false;
            }
            else if (!Address().IsMatch(address))
            {
                issues.Error(path, ValidationCodes.InvalidFormat, "must be an address: 0x followed by 40 hex digits");
                valid = false;
            }
            else if (ZeroAddress().IsMatch(address))
            {
                issues.Error(path, ValidationCodes.InvalidFormat, "must not be the zero address");
                valid = false;
            }
            else
            {
                result.TryAdd(member.Name, address);
            }
        }

        if (result.Count == 0 && valid)
        {
            issues.Error(contracts.Pointer, ValidationCodes.Required, "at least one contract is required");
        }

        return valid && result.Count > 0 ? result : null;
    }

    private static EthereumFinality? ReadFinality(JsonObjectReader reader, ValidationCollector issues)
    {
        if (reader.Member("finality") is not { } element)
        {
            return null;
        }

        var finality = JsonObjectReader.Open(element, reader.PointerOf("finality"), issues, "a finality rule", FinalityMembers);
        var confirmations = finality?.Integer("confirmations");
        if (confirmations is null)
        {
            return null;
        }

        if (confirmations is < 0 or > MaxConfirmations)
        {
            issues.Error(finality!.PointerOf("confirmations"), ValidationCodes.OutOfRange, $"must be between 0 and {MaxConfirmations}");
            return null;
        }

        return new EthereumFinality((int)confirmations.Value);
    }
}
