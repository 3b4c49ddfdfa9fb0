using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>Reads and validates <see cref="EthereumTrustAnchors"/>.</summary>
internal static partial class EthereumTrustAnchorsReader
{
    private const int MaxConfirmations = 1000;

    private const int MaxTrustedBlocks = 1024;

    private static readonly string[] Members = ["chainId", "contracts", "finality", "trustedBlocks"];
    private static readonly string[] FinalityMembers = ["confirmations"];
    private static readonly string[] TrustedBlockMembers = ["number", "hash"];

    // "0x" and 40 hex digits in any case; mixed case must also carry a valid EIP-55 checksum (IsChecksumValid).
    [GeneratedRegex("^0x[0-9a-fA-F]{40}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex("^0x[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BlockHash();

    [GeneratedRegex("^0x0{40}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ZeroAddress();

    /// <summary>0x + 40 hex digits and not the zero address (the checksum is <see cref="IsChecksumValid"/>'s).</summary>
    internal static bool IsAddress(string value) => Address().IsMatch(value) && !ZeroAddress().IsMatch(value);

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
        var trustedBlocks = ReadTrustedBlocks(json, reader, issues, out var trustedBlocksValid);

        return chainId is null || contracts is null || finality is null || !trustedBlocksValid
            ? null
            : new EthereumTrustAnchors(chainId.Value, contracts, finality, trustedBlocks);
    }

    /// <summary>
    /// Whether a mixed-case address carries a valid EIP-55 checksum: hex digit i is upper case exactly when nibble i of
    /// keccak256(lower-case hex, as ASCII) is 8 or more (https://eips.ethereum.org/EIPS/eip-55). All-lower and all-upper
    /// addresses carry no checksum and pass.
    /// </summary>
    internal static bool IsChecksumValid(string address)
    {
        var hex = address.AsSpan(2);
        var hasLower = hex.ContainsAny("abcdef");
        var hasUpper = hex.ContainsAny("ABCDEF");
        if (!(hasLower && hasUpper))
        {
            return true;
        }

        Span<byte> lower = stackalloc byte[40];
        for (var i = 0; i < 40; i++)
        {
            lower[i] = (byte)char.ToLowerInvariant(hex[i]);
        }

        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(lower, hash);
        for (var i = 0; i < 40; i++)
        {
            if (!char.IsAsciiLetter(hex[i]))
            {
                continue;
            }

            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
            if (char.IsAsciiLetterUpper(hex[i]) != (nibble >= 8))
            {
                return false;
            }
        }

        return true;
    }

    private static List<EthereumTrustedBlock>? ReadTrustedBlocks(JsonElement json, JsonObjectReader reader, ValidationCollector issues, out bool valid)
    {
        valid = true;
        if (!json.TryGetProperty("trustedBlocks", out var present) || present.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (reader.Array("trustedBlocks", nonEmpty: true, "must name at least one block, or be left out") is not { } array)
        {
            valid = false;
            return null;
        }

        var pointer = reader.PointerOf("trustedBlocks");
        if (array.GetArrayLength() > MaxTrustedBlocks)
        {
            issues.Error(pointer, ValidationCodes.OutOfRange, $"must name at most {MaxTrustedBlocks} blocks");
            valid = false;
            return null;
        }

        var result = new List<EthereumTrustedBlock>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPointer = JsonPointer.Append(pointer, index++);
            var block = JsonObjectReader.Open(item, itemPointer, issues, "a trusted block", TrustedBlockMembers);
            var number = block?.Integer("number");
            var hash = block?.String("hash");
            if (number is < 0)
            {
                issues.Error(block!.PointerOf("number"), ValidationCodes.OutOfRange, "must be 0 or more");
                number = null;
            }

            if (hash is not null && !BlockHash().IsMatch(hash))
            {
                issues.Error(block!.PointerOf("hash"), ValidationCodes.InvalidFormat, "must be a block hash: 0x followed by 64 lower-case hex digits");
                hash = null;
            }

            if (number is null || hash is null)
            {
                valid = false;
                continue;
            }

            result.Add(new EthereumTrustedBlock(number.Value, hash));
        }

        return valid ? result : null;
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
            else if (!IsChecksumValid(address))
            {
                issues.Error(path, ValidationCodes.InvalidFormat, "has an invalid EIP-55 checksum (mixed case); check the address or write it in lower case");
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
