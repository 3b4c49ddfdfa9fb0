using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// Reads, validates and writes <see cref="IdentityBindingStatement"/>s as JSON (docs/bindings.md "The statement"):
/// <c>{"participant", "identities": [{"kind": "fabric", "mspId", "certificate"} | {"kind": "ethereum", "address",
/// "chainId"?} | {"kind": "platform", "issuer", "organizationId"}], "issuedAt", "expiresAt", "nonce"}</c>, times as
/// <c>yyyy-MM-ddTHH:mm:ssZ</c>. Strict: unknown and duplicate members are errors, every finding carries an RFC 6901
/// pointer, and bad input never throws.
/// </summary>
public static class IdentityBindingStatementJson
{
    /// <summary>The only accepted time format: RFC 3339 UTC with whole seconds.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private const int MaxParticipantLength = 256;
    private const int MaxIdLength = 128;
    private const int MaxCertificateLength = 16 * 1024;
    private const int MinNonceLength = 16;
    private const int MaxNonceLength = 128;

    private static readonly string[] Members = ["participant", "identities", "issuedAt", "expiresAt", "nonce"];
    private static readonly string[] FabricMembers = ["kind", "mspId", "certificate"];
    private static readonly string[] EthereumMembers = ["kind", "address", "chainId"];
    private static readonly string[] PlatformMembers = ["kind", "issuer", "organizationId"];

    /// <summary>
    /// Reads a statement from untrusted UTF-8 JSON (checked by <see cref="SafeJson"/> first). Never throws for bad input.
    /// </summary>
    public static IdentityBindingParseResult Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var parsed = SafeJson.Parse(utf8Json);
        return parsed.IsSuccess
            ? Parse(parsed.Document.RootElement, string.Empty)
            : new IdentityBindingParseResult.Failure(new ValidationResult([parsed.Error.ToIssue()]));
    }

    /// <summary>
    /// Reads a statement from <paramref name="json"/>; findings are reported under <paramref name="pointer"/> (empty for the
    /// root). Never throws for bad input.
    /// </summary>
    public static IdentityBindingParseResult Parse(JsonElement json, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var issues = new ValidationCollector();
        var statement = Read(json, pointer, issues);
        var result = issues.ToResult();
        return statement is not null && result.IsValid
            ? new IdentityBindingParseResult.Success(statement, result)
            : new IdentityBindingParseResult.Failure(result);
    }

    /// <summary>The statement as the JSON object <see cref="Parse(JsonElement, string)"/> reads back (members in a fixed order).</summary>
    public static JsonElement ToJson(IdentityBindingStatement statement)
    {
        using var document = JsonDocument.Parse(ToUtf8Json(statement));
        return document.RootElement.Clone();
    }

    /// <summary>The statement as UTF-8 JSON (not canonical; see <see cref="IdentityBindingStatement.CanonicalBytes"/>).</summary>
    public static byte[] ToUtf8Json(IdentityBindingStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("participant", statement.Participant);
            writer.WriteStartArray("identities");
            foreach (var identity in statement.Identities)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", identity.Kind.ToWireName());
                switch (identity)
                {
                    case FabricBoundIdentity fabric:
                        writer.WriteString("mspId", fabric.MspId);
                        writer.WriteString("certificate", fabric.CertificatePem);
                        break;
                    case EthereumBoundIdentity ethereum:
                        writer.WriteString("address", ethereum.Address);
                        if (ethereum.ChainId is { } chainId)
                        {
                            writer.WriteNumber("chainId", chainId);
                        }

                        break;
                    case PlatformBoundIdentity platform:
                        writer.WriteString("issuer", platform.Issuer);
                        writer.WriteString("organizationId", platform.OrganizationId);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(statement), identity.GetType(), "Not a known identity type.");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("issuedAt", FormatTime(statement.IssuedAt));
            writer.WriteString("expiresAt", FormatTime(statement.ExpiresAt));
            writer.WriteString("nonce", statement.Nonce);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A time as the statement writes it.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="IdentityBindingStatement.DomainTag"/>, a line feed, then the JCS bytes of the statement JSON.</summary>
    internal static byte[] Canonicalize(IdentityBindingStatement statement)
    {
        var jcs = Jcs.Canonicalize(ToUtf8Json(statement));
        var tag = Encoding.ASCII.GetBytes(IdentityBindingStatement.DomainTag + "\n");
        return [.. tag, .. jcs];
    }

    /// <summary>Checks a statement built in code with the parser's rules.</summary>
    internal static void Check(IdentityBindingStatement statement, ValidationCollector issues)
    {
        CheckParticipant(statement.Participant, "/participant", issues);
        CheckNonce(statement.Nonce, "/nonce", issues);
        CheckTime(statement.IssuedAt, "/issuedAt", issues);
        CheckTime(statement.ExpiresAt, "/expiresAt", issues);
        CheckOrder(statement.IssuedAt, statement.ExpiresAt, "/expiresAt", issues);
        if (statement.Identities.Count is 0 or > IdentityBindingStatement.MaxIdentities)
        {
            issues.Error("/identities", ValidationCodes.OutOfRange, $"must name 1 to {IdentityBindingStatement.MaxIdentities} identities");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < statement.Identities.Count; i++)
        {
            var path = JsonPointer.Append("/identities", i);
            switch (statement.Identities[i])
            {
                case FabricBoundIdentity fabric:
                    CheckId(fabric.MspId, path + "/mspId", issues);
                    CheckCertificate(fabric.CertificatePem, path + "/certificate", issues);
                    break;
                case EthereumBoundIdentity ethereum:
                    CheckAddress(ethereum.Address, path + "/address", issues, lowerCaseOnly: true);
                    CheckChainId(ethereum.ChainId, path + "/chainId", issues);
                    break;
                case PlatformBoundIdentity platform:
                    CheckIssuer(platform.Issuer, path + "/issuer", issues);
                    CheckId(platform.OrganizationId, path + "/organizationId", issues);
                    break;
                case null:
                    issues.Error(path, ValidationCodes.Required, "is required");
                    continue;
                default:
                    issues.Error(path, ValidationCodes.UnknownValue, "is not a known identity type");
                    continue;
            }

            if (!keys.Add(KeyOf(statement.Identities[i])))
            {
                issues.Error(path, ValidationCodes.Duplicate, "names the same identity as an earlier entry");
            }
        }
    }

    private static IdentityBindingStatement? Read(JsonElement json, string pointer, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(json, pointer, issues, "an identity binding statement", Members);
        if (reader is null)
        {
            return null;
        }

        var participant = reader.String("participant");
        if (participant is not null && !CheckParticipant(participant, reader.PointerOf("participant"), issues))
        {
            participant = null;
        }

        var identities = ReadIdentities(reader, issues);
        var issuedAt = ReadTime(reader, "issuedAt", issues);
        var expiresAt = ReadTime(reader, "expiresAt", issues);
        if (issuedAt is { } from && expiresAt is { } to && !CheckOrder(from, to, reader.PointerOf("expiresAt"), issues))
        {
            expiresAt = null;
        }

        var nonce = reader.String("nonce");
        if (nonce is not null && !CheckNonce(nonce, reader.PointerOf("nonce"), issues))
        {
            nonce = null;
        }

        return participant is null || identities is null || issuedAt is null || expiresAt is null || nonce is null
            ? null
            : IdentityBindingStatement.FromChecked(participant, identities, issuedAt.Value, expiresAt.Value, nonce);
    }

    private static BoundIdentity[]? ReadIdentities(JsonObjectReader reader, ValidationCollector issues)
    {
        if (reader.Array("identities", nonEmpty: true, "must name at least one identity") is not { } array)
        {
            return null;
        }

        var pointer = reader.PointerOf("identities");
        if (array.GetArrayLength() > IdentityBindingStatement.MaxIdentities)
        {
            issues.Error(pointer, ValidationCodes.TooMany, $"must name at most {IdentityBindingStatement.MaxIdentities} identities");
            return null;
        }

        var result = new List<BoundIdentity>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = JsonPointer.Append(pointer, index++);
            var identity = ReadIdentity(item, path, issues);
            if (identity is null)
            {
                valid = false;
            }
            else if (!keys.Add(KeyOf(identity)))
            {
                issues.Error(path, ValidationCodes.Duplicate, "names the same identity as an earlier entry");
                valid = false;
            }
            else
            {
                result.Add(identity);
            }
        }

        return valid ? [.. result] : null;
    }

    private static BoundIdentity? ReadIdentity(JsonElement item, string path, ValidationCollector issues)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be a JSON object");
            return null;
        }

        var kindPath = JsonPointer.Append(path, "kind");
        if (!item.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind == JsonValueKind.Null)
        {
            issues.Error(kindPath, ValidationCodes.Required, "is required: fabric, ethereum or platform");
            return null;
        }

        if (kindElement.ValueKind != JsonValueKind.String || !NetworkKinds.TryParse(kindElement.GetString(), out var kind))
        {
            issues.Error(kindPath, ValidationCodes.UnknownValue, "must be fabric, ethereum or platform");
            return null;
        }

        return kind switch
        {
            NetworkKind.Fabric => ReadFabric(item, path, issues),
            NetworkKind.Ethereum => ReadEthereum(item, path, issues),
            _ => ReadPlatform(item, path, issues),
        };
    }

    private static FabricBoundIdentity? ReadFabric(JsonElement item, string path, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(item, path, issues, "a fabric identity", FabricMembers);
        var mspId = reader?.String("mspId");
        var certificate = reader?.String("certificate");
        var ok = mspId is not null & certificate is not null;
        ok &= mspId is null || CheckId(mspId, JsonPointer.Append(path, "mspId"), issues);
        ok &= certificate is null || CheckCertificate(certificate, JsonPointer.Append(path, "certificate"), issues);
        return ok ? new FabricBoundIdentity(mspId!, certificate!) : null;
    }

    private static EthereumBoundIdentity? ReadEthereum(JsonElement item, string path, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(item, path, issues, "an ethereum identity", EthereumMembers);
        var address = reader?.String("address");
        var ok = address is not null && CheckAddress(address, JsonPointer.Append(path, "address"), issues, lowerCaseOnly: false);
        long? chainId = null;
        if (item.TryGetProperty("chainId", out var chain) && chain.ValueKind != JsonValueKind.Null)
        {
            if (chain.ValueKind == JsonValueKind.Number && chain.TryGetInt64(out var value))
            {
                chainId = value;
                ok &= CheckChainId(chainId, JsonPointer.Append(path, "chainId"), issues);
            }
            else
            {
                issues.Error(JsonPointer.Append(path, "chainId"), ValidationCodes.InvalidFormat, "must be an integer");
                ok = false;
            }
        }

        return ok && reader is not null ? new EthereumBoundIdentity(address!.ToLowerInvariant(), chainId) : null;
    }

    private static PlatformBoundIdentity? ReadPlatform(JsonElement item, string path, ValidationCollector issues)
    {
        var reader = JsonObjectReader.Open(item, path, issues, "a platform identity", PlatformMembers);
        var issuer = reader?.String("issuer");
        var organization = reader?.String("organizationId");
        var ok = issuer is not null & organization is not null;
        ok &= issuer is null || CheckIssuer(issuer, JsonPointer.Append(path, "issuer"), issues);
        ok &= organization is null || CheckId(organization, JsonPointer.Append(path, "organizationId"), issues);
        return ok ? new PlatformBoundIdentity(issuer!, organization!) : null;
    }

    private static DateTimeOffset? ReadTime(JsonObjectReader reader, string name, ValidationCollector issues)
    {
        var text = reader.String(name);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return new DateTimeOffset(time, TimeSpan.Zero);
        }

        issues.Error(reader.PointerOf(name), ValidationCodes.InvalidFormat, "must be a UTC time with whole seconds: yyyy-MM-ddTHH:mm:ssZ");
        return null;
    }

    // A stable key per identity for duplicate detection (a certificate by its text; an address in lower case).
    private static string KeyOf(BoundIdentity identity) => identity switch
    {
        FabricBoundIdentity f => $"fabric\n{f.MspId}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(f.CertificatePem)))}",
        EthereumBoundIdentity e => $"ethereum\n{e.Address.ToLowerInvariant()}\n{e.ChainId}",
        PlatformBoundIdentity p => $"platform\n{p.Issuer}\n{p.OrganizationId}",
        _ => throw new ArgumentOutOfRangeException(nameof(identity), identity.GetType(), "Not a known identity type."),
    };

    private static bool CheckParticipant(string? value, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (value!.Length > MaxParticipantLength)
        {
            issues.Error(path, ValidationCodes.TooLong, $"must be at most {MaxParticipantLength} characters");
            return false;
        }

        if (value.Any(char.IsControl) || value.Trim().Length != value.Length)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must not contain control characters or leading/trailing spaces");
            return false;
        }

        return true;
    }

    private static bool CheckId(string? value, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (value!.Length > MaxIdLength)
        {
            issues.Error(path, ValidationCodes.TooLong, $"must be at most {MaxIdLength} characters");
            return false;
        }

        if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must not contain spaces or control characters");
            return false;
        }

        return true;
    }

    private static bool CheckNonce(string? value, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (value!.Length is < MinNonceLength or > MaxNonceLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, $"must be {MinNonceLength} to {MaxNonceLength} characters of A-Z a-z 0-9 - _");
            return false;
        }

        return true;
    }

    private static bool CheckCertificate(string? value, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (value!.Length > MaxCertificateLength)
        {
            issues.Error(path, ValidationCodes.TooLong, $"must be at most {MaxCertificateLength} characters");
            return false;
        }

        const string Begin = "-----BEGIN CERTIFICATE-----";
        var first = value.IndexOf(Begin, StringComparison.Ordinal);
        if (first < 0 || value.IndexOf(Begin, first + Begin.Length, StringComparison.Ordinal) >= 0)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must hold exactly one PEM CERTIFICATE block");
            return false;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(value);
            using var key = certificate.GetECDsaPublicKey();
            if (key is null)
            {
                issues.Error(path, ValidationCodes.InvalidFormat, "must be a certificate with an ECDSA public key");
                return false;
            }
        }
        catch (CryptographicException)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "is not a readable PEM X.509 certificate");
            return false;
        }

        return true;
    }

    private static bool CheckAddress(string? value, string path, ValidationCollector issues, bool lowerCaseOnly)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (!EthereumAddresses.IsValid(value))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be an address: 0x and 40 hex digits, not zero, with a valid EIP-55 checksum when mixed case");
            return false;
        }

        if (lowerCaseOnly && !string.Equals(value, value!.ToLowerInvariant(), StringComparison.Ordinal))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be in lower case in a statement built in code");
            return false;
        }

        return true;
    }

    private static bool CheckChainId(long? value, string path, ValidationCollector issues)
    {
        if (value is <= 0)
        {
            issues.Error(path, ValidationCodes.OutOfRange, "must be greater than 0");
            return false;
        }

        return true;
    }

    private static bool CheckIssuer(string? value, string path, ValidationCollector issues)
    {
        if (!issues.Required(path, value))
        {
            return false;
        }

        if (!(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be an absolute http or https URI");
            return false;
        }

        return true;
    }

    private static void CheckTime(DateTimeOffset value, string path, ValidationCollector issues)
    {
        if (value.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be whole seconds");
        }
    }

    private static bool CheckOrder(DateTimeOffset issuedAt, DateTimeOffset expiresAt, string path, ValidationCollector issues)
    {
        if (expiresAt <= issuedAt)
        {
            issues.Error(path, ValidationCodes.OutOfRange, "must be after issuedAt");
            return false;
        }

        return true;
    }
}
