using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Trust;

/// <summary>Reads and validates <see cref="FabricTrustAnchors"/>.</summary>
internal static partial class FabricTrustAnchorsReader
{
    // Channel names, as Fabric checks them: hyperledger/fabric common/configtx/validator.go
    // (ChannelAllowedChars = "[a-z][a-z0-9.-]*", MaxLength = 249, matched over the whole name).
    private const int MaxChannelLength = 249;

    // Chaincode names: Fabric's own rule is ChaincodeNameRegExp in hyperledger/fabric
    // core/chaincode/lifecycle/scc.go (kept in sync with core/scc/lscc/lscc.go):
    // "^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$" - alphanumeric runs joined by single '-' or '_'.
    // Fabric sets no length limit; 255 is the bridge's own bound.
    private const int MaxChaincodeLength = 255;

    private static readonly string[] Members = ["channel", "chaincode", "msps", "endorsementPolicy"];
    private static readonly string[] MspMembers = ["mspId", "rootCertificates"];
    private static readonly string[] PolicyMembers = ["type", "n", "mspIds"];
    private static readonly string[] SignaturePolicyMembers = ["type", "identities", "rule"];
    private static readonly string[] PrincipalMembers = ["mspId", "role"];
    private static readonly string[] RuleMembers = ["signedBy", "nOutOf"];
    private static readonly string[] NOutOfMembers = ["n", "rules"];

    // Nesting bound of signature policy rules. Fabric's policy language has no fixed bound; 16 levels is far beyond any
    // endorsement policy seen in practice and keeps evaluation shallow.
    private const int MaxRuleDepth = 16;

    [GeneratedRegex("^[a-z][a-z0-9.-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelName();

    [GeneratedRegex("^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChaincodeName();

    public static FabricTrustAnchors? Read(JsonElement json, string pointer, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(json, pointer, issues, "Fabric trust anchors", Members);
        if (reader is null)
        {
            return null;
        }

        var channel = reader.String("channel");
        if (channel is not null)
        {
            CheckName(issues, reader.PointerOf("channel"), channel, ChannelName(), MaxChannelLength, "a lower-case letter followed by lower-case letters, digits, '.' or '-'");
        }

        var chaincode = reader.String("chaincode");
        if (chaincode is not null)
        {
            CheckName(issues, reader.PointerOf("chaincode"), chaincode, ChaincodeName(), MaxChaincodeLength, "letters and digits, optionally joined by single '-' or '_'");
        }

        var msps = ReadMsps(reader, issues, out var declaredMspIds);
        var policy = ReadPolicy(reader, issues, declaredMspIds);

        return channel is null || chaincode is null || msps is null || policy is null
            ? null
            : new FabricTrustAnchors(channel, chaincode, msps, policy);
    }

    private static void CheckName(ValidationCollector issues, string path, string value, Regex pattern, int maxLength, string rule)
    {
        if (value.Length > maxLength)
        {
            issues.Error(path, ValidationCodes.TooLong, $"must be at most {maxLength} characters");
        }
        else if (!pattern.IsMatch(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, $"must be {rule}");
        }
    }

    /// <summary>
    /// Reads the MSP list; <paramref name="declaredIds"/> gets every MSP id it names, even when another part
    /// of an entry is invalid, so that the policy can still be checked against them (null when there is no list).
    /// </summary>
    private static FabricMsp[]? ReadMsps(JsonObjectReader reader, ValidationCollector issues, out HashSet<string>? declaredIds)
    {
        declaredIds = null;
        if (reader.Array("msps", nonEmpty: true, "at least one MSP is required") is not { } array)
        {
            return null;
        }

        var msps = new List<FabricMsp>();
        var ids = declaredIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPointer.Append(reader.PointerOf("msps"), index++);
            var msp = JsonObjectReader.Open(item, path, issues, "an MSP", MspMembers);
            if (msp is null)
            {
                continue;
            }

            var mspId = msp.String("mspId");
            if (mspId is not null && !ids.Add(mspId))
            {
                issues.Error(msp.PointerOf("mspId"), ValidationCodes.Duplicate, $"MSP id '{mspId}' is listed more than once");
            }

            var certificates = ReadCertificates(msp, issues);
            if (mspId is not null && certificates is not null)
            {
                msps.Add(new FabricMsp(mspId, certificates));
            }
        }

        return msps.Count == index ? [.. msps] : null;
    }

    private static string[]? ReadCertificates(JsonObjectReader msp, ValidationCollector issues)
    {
        if (msp.Array("rootCertificates", nonEmpty: true, "at least one root certificate is required") is not { } array)
        {
            return null;
        }

        var certificates = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPointer.Append(msp.PointerOf("rootCertificates"), index++);
            var pem = JsonObjectReader.StringValue(item, path, issues);
            if (pem is null)
            {
                continue;
            }

            if (CheckCaCertificate(pem) is { } problem)
            {
                issues.Error(path, TrustAnchorCodes.InvalidCertificate, problem);
                continue;
            }

            certificates.Add(pem);
        }

        return certificates.Count == index ? [.. certificates] : null;
    }

    /// <summary>Returns why <paramref name="pem"/> is not exactly one PEM X.509 CA certificate, or null when it is.</summary>
    private static string? CheckCaCertificate(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            return "is not PEM-encoded (expected -----BEGIN CERTIFICATE-----)";
        }

        var label = pem.AsSpan()[fields.Label];
        if (!label.SequenceEqual("CERTIFICATE"))
        {
            return $"is a PEM '{label}' block, not a CERTIFICATE";
        }

        if (PemEncoding.TryFind(pem.AsSpan()[fields.Location.End..], out _))
        {
            return "holds more than one PEM block; give one certificate per entry";
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written))
        {
            return "has invalid base64 content";
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der.AsSpan(0, written));
        }
        catch (CryptographicException)
        {
            return "is not a valid X.509 certificate";
        }

        using (certificate)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            return constraints is { CertificateAuthority: true }
                ? null
                : $"certificate '{certificate.Subject}' is not a CA certificate (basic constraints CA=true is required)";
        }
    }

    private static FabricEndorsementPolicy? ReadPolicy(JsonObjectReader reader, ValidationCollector issues, HashSet<string>? declaredMspIds)
    {
        if (reader.Member("endorsementPolicy") is not { } element)
        {
            return null;
        }

        // The type decides which members belong; an unknown type is reported alone.
        var declaredType = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString()
            : null;
        var members = declaredType switch
        {
            FabricEndorsementPolicy.NOfType => PolicyMembers,
            FabricEndorsementPolicy.SignatureType => SignaturePolicyMembers,
            _ => null,
        };
        var policy = JsonObjectReader.Open(element, reader.PointerOf("endorsementPolicy"), issues, $"an endorsement policy of type '{declaredType}'", members);
        if (policy is null)
        {
            return null;
        }

        var type = policy.String("type");
        switch (type)
        {
            case null:
                return null;
            case FabricEndorsementPolicy.NOfType:
                return ReadNOfPolicy(policy, issues, declaredMspIds);
            case FabricEndorsementPolicy.SignatureType:
                return ReadSignaturePolicy(policy, issues, declaredMspIds);
            default:
                issues.Error(policy.PointerOf("type"), ValidationCodes.UnknownValue, $"'{type}' is not a policy type; expected: {FabricEndorsementPolicy.NOfType}, {FabricEndorsementPolicy.SignatureType}");
                return null;
        }
    }

    private static FabricEndorsementPolicy? ReadNOfPolicy(JsonObjectReader policy, ValidationCollector issues, HashSet<string>? declaredMspIds)
    {
        var n = policy.Integer("n");
        var mspIds = ReadPolicyMspIds(policy, issues, declaredMspIds, out var listedCount);
        if (n is not null && listedCount > 0 && (n < 1 || n > listedCount))
        {
            issues.Error(policy.PointerOf("n"), ValidationCodes.OutOfRange, $"must be between 1 and {listedCount} (the number of mspIds)");
            n = null;
        }

        return n is null || mspIds is null ? null : new FabricEndorsementPolicy(FabricEndorsementPolicy.NOfType, (int)n.Value, mspIds);
    }

    /// <summary>
    /// Reads a signature policy: <c>identities</c>, a non-empty list of <c>{"mspId", "role"}</c> ROLE principals of the
    /// anchors' MSPs, and <c>rule</c>, a tree of <c>{"signedBy": index}</c> and <c>{"nOutOf": {"n", "rules"}}</c>
    /// (fabric-protos common/policies.proto SignaturePolicy). Every index must name an identity, every n must be 1 to its
    /// number of rules (Fabric accepts n = 0, which any set of signatures satisfies; anchors refuse it), and the tree is at
    /// most 16 levels deep.
    /// </summary>
    private static FabricEndorsementPolicy? ReadSignaturePolicy(JsonObjectReader policy, ValidationCollector issues, HashSet<string>? declaredMspIds)
    {
        var identities = ReadPrincipals(policy, issues, declaredMspIds, out var identityCount);
        var rule = policy.Member("rule") is { } ruleElement ? ReadRule(ruleElement, policy.PointerOf("rule"), issues, identityCount, depth: 1) : null;
        return identities is null || rule is null ? null : FabricEndorsementPolicy.Signature(identities, rule);
    }

    private static FabricPrincipal[]? ReadPrincipals(JsonObjectReader policy, ValidationCollector issues, HashSet<string>? declaredMspIds, out int? count)
    {
        count = null;
        if (policy.Array("identities", nonEmpty: true, "at least one principal is required") is not { } array)
        {
            return null;
        }

        count = array.GetArrayLength();
        var principals = new List<FabricPrincipal>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var principal = JsonObjectReader.Open(item, JsonPointer.Append(policy.PointerOf("identities"), index++), issues, "a principal", PrincipalMembers);
            if (principal is null)
            {
                continue;
            }

            var mspId = principal.String("mspId");
            if (mspId is not null && declaredMspIds is not null && !declaredMspIds.Contains(mspId))
            {
                issues.Error(principal.PointerOf("mspId"), ValidationCodes.UnknownValue, $"MSP id '{mspId}' is not one of the anchors' msps");
                mspId = null;
            }

            var role = principal.String("role");
            if (role is not null && !FabricPrincipal.Roles.Contains(role, StringComparer.Ordinal))
            {
                issues.Error(principal.PointerOf("role"), ValidationCodes.UnknownValue, $"'{role}' is not a role; expected: {string.Join(", ", FabricPrincipal.Roles)}");
                role = null;
            }

            if (mspId is not null && role is not null)
            {
                principals.Add(new FabricPrincipal(mspId, role));
            }
        }

        return principals.Count == index ? [.. principals] : null;
    }

    /// <summary>Reads one rule; <paramref name="identityCount"/> bounds signedBy (null: the identities are unreadable, so indexes are not judged).</summary>
    private static FabricPolicyRule? ReadRule(JsonElement element, string pointer, ValidationCollector issues, int? identityCount, int depth)
    {
        if (depth > MaxRuleDepth)
        {
            issues.Error(pointer, ValidationCodes.TooDeep, $"rules nest at most {MaxRuleDepth} levels deep");
            return null;
        }

        var rule = JsonObjectReader.Open(element, pointer, issues, "a policy rule", RuleMembers);
        if (rule is null)
        {
            return null;
        }

        var hasSignedBy = element.TryGetProperty("signedBy", out _);
        var hasNOutOf = element.TryGetProperty("nOutOf", out _);
        if (hasSignedBy == hasNOutOf)
        {
            issues.Error(pointer, ValidationCodes.InvalidFormat, "a rule has exactly one of signedBy and nOutOf");
            return null;
        }

        if (hasSignedBy)
        {
            var index = rule.Integer("signedBy");
            if (index is null)
            {
                return null;
            }

            if (identityCount is { } count && (index < 0 || index >= count))
            {
                issues.Error(rule.PointerOf("signedBy"), ValidationCodes.OutOfRange, $"must be an index into identities, 0 to {count - 1}");
                return null;
            }

            return identityCount is null ? null : FabricPolicyRule.Signed((int)index.Value);
        }

        if (rule.Member("nOutOf") is not { } nOutOfElement)
        {
            return null;
        }

        var nOutOf = JsonObjectReader.Open(nOutOfElement, rule.PointerOf("nOutOf"), issues, "nOutOf", NOutOfMembers);
        if (nOutOf is null)
        {
            return null;
        }

        var n = nOutOf.Integer("n");
        if (nOutOf.Array("rules", nonEmpty: true, "at least one rule is required") is not { } rulesElement)
        {
            return null;
        }

        var rules = new List<FabricPolicyRule>();
        var ruleIndex = 0;
        var valid = true;
        foreach (var item in rulesElement.EnumerateArray())
        {
            var sub = ReadRule(item, JsonPointer.Append(nOutOf.PointerOf("rules"), ruleIndex++), issues, identityCount, depth + 1);
            if (sub is null)
            {
                valid = false;
            }
            else
            {
                rules.Add(sub);
            }
        }

        if (n is not null && (n < 1 || n > ruleIndex))
        {
            issues.Error(nOutOf.PointerOf("n"), ValidationCodes.OutOfRange, $"must be between 1 and {ruleIndex} (the number of rules)");
            n = null;
        }

        return valid && n is not null ? FabricPolicyRule.OutOf((int)n.Value, rules) : null;
    }

    /// <summary>
    /// Reads the policy's MSP ids; null when any entry is invalid. <paramref name="listedCount"/> is the number of
    /// distinct entries (unknown ids and non-strings included, repeats not), which bounds N; so a bad entry is
    /// reported once rather than again as an N out of range.
    /// </summary>
    private static string[]? ReadPolicyMspIds(JsonObjectReader policy, ValidationCollector issues, HashSet<string>? declaredMspIds, out int listedCount)
    {
        listedCount = 0;
        if (policy.Array("mspIds", nonEmpty: true, "at least one MSP id is required") is not { } array)
        {
            return null;
        }

        var listed = new List<string>();
        var unreadable = 0;
        var valid = true;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPointer.Append(policy.PointerOf("mspIds"), index++);
            var id = JsonObjectReader.StringValue(item, path, issues);
            if (id is null)
            {
                unreadable++;
                valid = false;
                continue;
            }

            if (listed.Contains(id, StringComparer.Ordinal))
            {
                issues.Error(path, ValidationCodes.Duplicate, $"MSP id '{id}' is listed more than once");
                valid = false;
                continue;
            }

            listed.Add(id);

            // Without an MSP list, membership cannot be judged; that list's absence is reported already.
            if (declaredMspIds is not null && !declaredMspIds.Contains(id))
            {
                issues.Error(path, ValidationCodes.UnknownValue, $"MSP id '{id}' is not one of the anchors' msps");
                valid = false;
            }
        }

        listedCount = listed.Count + unreadable;
        return valid ? [.. listed] : null;
    }
}
