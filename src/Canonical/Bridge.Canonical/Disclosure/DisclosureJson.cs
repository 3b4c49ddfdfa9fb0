using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bridge.Canonical.Json;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Disclosure;

/// <summary>
/// Reads and writes <c>bridge-salted-merkle-v1</c> disclosures and field proofs as UTF-8 JSON
/// (docs/selective-disclosure.md §Formats):
/// <c>{"scheme":"bridge-salted-merkle-v1","root":"…","fields":{"/a":1},"salts":{"/a":"…"},"hidden":["…"]}</c> and
/// <c>{"scheme":…,"root":…,"path":"/a","value":1,"salt":"…","leafCount":3,"leafIndex":0,"auditPath":["…"]}</c>.
/// Values are written in their RFC 8785 form, so the output is deterministic.
/// </summary>
public static class DisclosureJson
{
    private static readonly string[] DisclosureMembers = ["scheme", "root", "fields", "salts", "hidden"];
    private static readonly string[] FieldProofMembers = ["scheme", "root", "path", "value", "salt", "leafCount", "leafIndex", "auditPath"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The disclosure as UTF-8 JSON: members in the order above, fields and salts by pointer (ordinal).</summary>
    public static byte[] Write(SaltedDisclosure disclosure)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("scheme", disclosure.Scheme);
            writer.WriteString("root", disclosure.Root);
            writer.WriteStartObject("fields");
            foreach (var (pointer, value) in disclosure.Fields)
            {
                writer.WritePropertyName(pointer);
                writer.WriteRawValue(Jcs.Canonicalize(value), skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("salts");
            foreach (var (pointer, salt) in disclosure.Salts)
            {
                writer.WriteString(pointer, salt);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("hidden");
            foreach (var hash in disclosure.Hidden)
            {
                writer.WriteStringValue(hash);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The field proof as UTF-8 JSON, members in the order above.</summary>
    public static byte[] Write(FieldProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("scheme", proof.Scheme);
            writer.WriteString("root", proof.Root);
            writer.WriteString("path", proof.Path);
            writer.WritePropertyName("value");
            writer.WriteRawValue(Jcs.Canonicalize(proof.Value), skipInputValidation: true);
            writer.WriteString("salt", proof.Salt);
            writer.WriteNumber("leafCount", proof.LeafCount);
            writer.WriteNumber("leafIndex", proof.LeafIndex);
            writer.WriteStartArray("auditPath");
            foreach (var hash in proof.AuditPath)
            {
                writer.WriteStringValue(hash);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a disclosure from untrusted bytes (via <see cref="SafeJson"/>). Never throws for bad input: bad JSON, a
    /// missing, mistyped or unknown member, another scheme, a pointer that is not RFC 6901, a value that is not a leaf,
    /// a field without a salt (or the reverse), a salt that is not 32 bytes of base64url, a hash that is not 64
    /// lowercase hex digits, hidden hashes out of order, or one field nested under another all come back as a
    /// <see cref="DisclosureParseResult{T}.Failure"/> with JSON-pointer paths. Success does not mean it verifies.
    /// </summary>
    public static DisclosureParseResult<SaltedDisclosure> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var parsed = SafeJson.Parse(utf8Json);
        if (!parsed.IsSuccess)
        {
            return Fail<SaltedDisclosure>(parsed.Error.ToIssue());
        }

        var issues = new ValidationCollector();
        var json = parsed.Document.RootElement;
        if (!CheckMembers(json, DisclosureMembers, issues))
        {
            return new DisclosureParseResult<SaltedDisclosure>.Failure(issues.ToResult());
        }

        CheckScheme(json, issues);
        var root = ReadHash(json.GetProperty("root"), "/root", issues);

        var fields = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        var fieldsJson = json.GetProperty("fields");
        if (fieldsJson.ValueKind != JsonValueKind.Object)
        {
            issues.Error("/fields", ValidationCodes.InvalidFormat, "must be an object of pointer to value");
        }
        else
        {
            foreach (var member in fieldsJson.EnumerateObject())
            {
                var path = JsonPointer.Append("/fields", member.Name);
                if (!Pointers.IsValid(member.Name))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "the name is not an RFC 6901 JSON pointer");
                }
                else if (!LeafSet.IsLeafValue(member.Value))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "must be a primitive, {} or []");
                }
                else
                {
                    fields[member.Name] = member.Value.Clone();
                }
            }
        }

        var salts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var saltsJson = json.GetProperty("salts");
        if (saltsJson.ValueKind != JsonValueKind.Object)
        {
            issues.Error("/salts", ValidationCodes.InvalidFormat, "must be an object of pointer to salt");
        }
        else
        {
            foreach (var member in saltsJson.EnumerateObject())
            {
                var path = JsonPointer.Append("/salts", member.Name);
                if (member.Value.ValueKind != JsonValueKind.String || !CommitmentVerifier.IsSalt(member.Value.GetString()!))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "must be 32 bytes as base64url without padding");
                }
                else if (fieldsJson.ValueKind == JsonValueKind.Object && !fieldsJson.TryGetProperty(member.Name, out _))
                {
                    issues.Error(path, ValidationCodes.UnknownValue, "has no field with this pointer");
                }
                else
                {
                    salts[member.Name] = member.Value.GetString()!;
                }
            }

            foreach (var pointer in fields.Keys.Where(p => !saltsJson.TryGetProperty(p, out _)))
            {
                issues.Error(JsonPointer.Append("/salts", pointer), ValidationCodes.Required, "every field needs its salt");
            }
        }

        var hidden = ReadHashList(json.GetProperty("hidden"), "/hidden", requireAscending: true, issues);

        if (Pointers.FindNested(fields.Keys) is { } nested)
        {
            issues.Error(
                JsonPointer.Append("/fields", nested.Pointer),
                ValidationCodes.InvalidFormat,
                $"lies under the field '{nested.Ancestor}', which is a leaf");
        }

        if (!issues.HasErrors && fields.Count + hidden.Count == 0)
        {
            issues.Error(string.Empty, ValidationCodes.Required, "a disclosure needs at least one field or hidden leaf");
        }

        return issues.HasErrors
            ? new DisclosureParseResult<SaltedDisclosure>.Failure(issues.ToResult())
            : new DisclosureParseResult<SaltedDisclosure>.Success(new SaltedDisclosure(root!, fields, salts, hidden));
    }

    /// <summary>Reads a field proof from untrusted bytes; see <see cref="Parse(ReadOnlyMemory{byte})"/> for the rules.</summary>
    public static DisclosureParseResult<FieldProof> ParseFieldProof(ReadOnlyMemory<byte> utf8Json)
    {
        using var parsed = SafeJson.Parse(utf8Json);
        if (!parsed.IsSuccess)
        {
            return Fail<FieldProof>(parsed.Error.ToIssue());
        }

        var issues = new ValidationCollector();
        var json = parsed.Document.RootElement;
        if (!CheckMembers(json, FieldProofMembers, issues))
        {
            return new DisclosureParseResult<FieldProof>.Failure(issues.ToResult());
        }

        CheckScheme(json, issues);
        var root = ReadHash(json.GetProperty("root"), "/root", issues);

        var pathJson = json.GetProperty("path");
        string? path = null;
        if (pathJson.ValueKind != JsonValueKind.String || !Pointers.IsValid(pathJson.GetString()!))
        {
            issues.Error("/path", ValidationCodes.InvalidFormat, "must be an RFC 6901 JSON pointer");
        }
        else
        {
            path = pathJson.GetString()!;
        }

        var value = json.GetProperty("value");
        if (!LeafSet.IsLeafValue(value))
        {
            issues.Error("/value", ValidationCodes.InvalidFormat, "must be a primitive, {} or []");
        }

        var saltJson = json.GetProperty("salt");
        string? salt = null;
        if (saltJson.ValueKind != JsonValueKind.String || !CommitmentVerifier.IsSalt(saltJson.GetString()!))
        {
            issues.Error("/salt", ValidationCodes.InvalidFormat, "must be 32 bytes as base64url without padding");
        }
        else
        {
            salt = saltJson.GetString()!;
        }

        var leafCount = ReadCount(json.GetProperty("leafCount"), "/leafCount", 1, issues);
        var leafIndex = ReadCount(json.GetProperty("leafIndex"), "/leafIndex", 0, issues);
        if (leafCount is { } count && leafIndex is { } index && index >= count)
        {
            issues.Error("/leafIndex", ValidationCodes.OutOfRange, "must be less than leafCount");
        }

        var auditPath = ReadHashList(json.GetProperty("auditPath"), "/auditPath", requireAscending: false, issues);
        return issues.HasErrors
            ? new DisclosureParseResult<FieldProof>.Failure(issues.ToResult())
            : new DisclosureParseResult<FieldProof>.Success(
                new FieldProof(root!, path!, value.Clone(), salt!, leafCount!.Value, leafIndex!.Value, auditPath));
    }

    private static bool CheckMembers(JsonElement json, string[] members, ValidationCollector issues)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            issues.Error(string.Empty, ValidationCodes.InvalidFormat, "must be a JSON object");
            return false;
        }

        foreach (var member in json.EnumerateObject())
        {
            if (Array.IndexOf(members, member.Name) < 0)
            {
                issues.Error(JsonPointer.Append(string.Empty, member.Name), ValidationCodes.UnknownMember, "is not a member of this format");
            }
        }

        foreach (var name in members)
        {
            if (!json.TryGetProperty(name, out _))
            {
                issues.Error(JsonPointer.Append(string.Empty, name), ValidationCodes.Required, "is required");
            }
        }

        return !issues.HasErrors;
    }

    private static void CheckScheme(JsonElement json, ValidationCollector issues)
    {
        var scheme = json.GetProperty("scheme");
        if (scheme.ValueKind != JsonValueKind.String || !scheme.ValueEquals(SaltedMerkleCommitment.Scheme))
        {
            issues.Error("/scheme", ValidationCodes.UnknownValue, $"must be \"{SaltedMerkleCommitment.Scheme}\"");
        }
    }

    private static string? ReadHash(JsonElement element, string path, ValidationCollector issues)
    {
        if (element.ValueKind == JsonValueKind.String && CommitmentVerifier.TryDecodeHash(element.GetString()!, out _))
        {
            return element.GetString();
        }

        issues.Error(path, ValidationCodes.InvalidFormat, "must be 64 lowercase hex digits");
        return null;
    }

    private static List<string> ReadHashList(JsonElement element, string path, bool requireAscending, ValidationCollector issues)
    {
        var hashes = new List<string>();
        if (element.ValueKind != JsonValueKind.Array)
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be an array of 64-digit lowercase hex hashes");
            return hashes;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var hash = ReadHash(item, JsonPointer.Append(path, index), issues);
            if (hash is not null)
            {
                if (requireAscending && hashes.Count > 0 && string.CompareOrdinal(hashes[^1], hash) >= 0)
                {
                    issues.Error(JsonPointer.Append(path, index), ValidationCodes.InvalidFormat, "hidden leaf hashes must be unique and in ascending order");
                }

                hashes.Add(hash);
            }

            index++;
        }

        return hashes;
    }

    private static int? ReadCount(JsonElement element, string path, int minimum, ValidationCollector issues)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= minimum)
        {
            return value;
        }

        issues.Error(path, ValidationCodes.InvalidFormat, $"must be an integer of at least {minimum}");
        return null;
    }

    private static DisclosureParseResult<T>.Failure Fail<T>(ValidationIssue issue) =>
        new(new ValidationResult([issue]));
}
