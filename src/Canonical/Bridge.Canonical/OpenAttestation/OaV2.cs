using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>
/// OpenAttestation v2 on the issuer and holder side (trade-standards.md §E.2–E.3; open-attestation
/// src/2.0/{salt,digest,wrap,obfuscate}.ts): wrap (salt, flatten, hash, Merkle), obfuscate and unsalt.
/// Anchoring the Merkle root on a DocumentStore or TokenRegistry and the issuer's DNS-TXT record are done elsewhere.
/// </summary>
public static partial class OaV2
{
    /// <summary>The v2 <c>version</c> value.</summary>
    public const string SchemaId = "https://schema.openattestation.com/2.0/schema.json";

    /// <summary>The v2 <c>signature.type</c>.</summary>
    public const string SignatureType = "SHA3MerkleProof";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>
    /// Wraps one raw document (the future <c>data</c> object): every primitive becomes
    /// "&lt;uuid v4&gt;:&lt;type&gt;:&lt;String(value)&gt;", the flattened entries are hashed into the target hash, and
    /// for a single document merkleRoot = targetHash with an empty proof. Numbers pass through an IEEE double as in
    /// JavaScript. Fails with <see cref="OaCodes.IllegalKey"/> for a key containing '.'.
    /// </summary>
    /// <param name="rawDocument">A JSON object.</param>
    /// <param name="newUuid">The salt source (for tests); by default 122 random bits from the OS CSPRNG per value.</param>
    /// <exception cref="ArgumentException"><paramref name="newUuid"/> returned something other than a version-4 UUID.</exception>
    public static OaResult<JsonElement> Wrap(JsonElement rawDocument, Func<Guid>? newUuid = null) =>
        Guard(() => WrapCore(rawDocument, newUuid));

    /// <summary>
    /// Wraps several raw documents into one batch: each gets its own target hash; the target hashes, sorted bytewise,
    /// are the leaves of OpenAttestation's Merkle tree (pairs combined as keccak256 of the sorted concatenation, an
    /// odd last node promoted); every document carries the shared root and its own proof. Results are in input order.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Wrap"/>, or no documents.</exception>
    public static OaResult<IReadOnlyList<JsonElement>> WrapBatch(IReadOnlyList<JsonElement> rawDocuments, Func<Guid>? newUuid = null)
    {
        ArgumentNullException.ThrowIfNull(rawDocuments);
        if (rawDocuments.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one document", nameof(rawDocuments));
        }

        return Guard(() => WrapBatchCore(rawDocuments, newUuid));
    }

    /// <summary>
    /// Hides fields of a wrapped document (trade-standards.md §E.3): for each dotted path (e.g. <c>recipient.name</c>,
    /// <c>issuers.0.identityProof</c>) every entry at or under it is hashed as during wrapping, the hashes are appended
    /// to <c>privacy.obfuscatedData</c> and the field is removed from <c>data</c>. The target hash is unchanged. Other
    /// members keep their order. Fails with <see cref="OaCodes.UnknownPath"/>, <see cref="OaCodes.ArrayElement"/>
    /// (an array element cannot be removed without breaking the hash; hide the array or a member inside the element)
    /// or <see cref="OaCodes.Malformed"/>.
    /// </summary>
    public static OaResult<JsonElement> Obfuscate(JsonElement wrapped, IEnumerable<string> dottedPaths)
    {
        ArgumentNullException.ThrowIfNull(dottedPaths);
        return Guard(() => ObfuscateCore(wrapped, dottedPaths));
    }

    /// <summary>
    /// The plain values of a wrapped v2 document for the mappers: every string that starts with a version-4 UUID and
    /// ':' is read as "type:value" and becomes that string, number, boolean or null; other values stay as they are
    /// (src/2.0/salt.ts unsalt). Unlike OpenAttestation the value is not trimmed, so it is exactly what was hashed.
    /// Also counts <c>privacy.obfuscatedData</c>. Fails with <see cref="OaCodes.InvalidSaltedValue"/> for an unknown
    /// type or a value that is not of its type, and with <see cref="OaCodes.Malformed"/> without a data object.
    /// </summary>
    public static OaResult<OaUnsalted> Unsalt(JsonElement wrappedDocument) => Guard(() => UnsaltCore(wrappedDocument));

    private static OaResult<JsonElement> WrapCore(JsonElement rawDocument, Func<Guid>? newUuid)
    {
        var wrapped = WrapOne(rawDocument, newUuid ?? RandomUuidV4);
        if (wrapped.Error is { } error)
        {
            return Failed<JsonElement>(error);
        }

        return new OaResult<JsonElement>.Ok(Document(wrapped.Data, wrapped.TargetHash, [], wrapped.TargetHash));
    }

    private static OaResult<IReadOnlyList<JsonElement>> WrapBatchCore(IReadOnlyList<JsonElement> rawDocuments, Func<Guid>? newUuid)
    {
        var uuids = newUuid ?? RandomUuidV4;
        var wrapped = new List<(JsonElement Data, string TargetHash)>(rawDocuments.Count);
        for (var i = 0; i < rawDocuments.Count; i++)
        {
            var one = WrapOne(rawDocuments[i], uuids);
            if (one.Error is { } error)
            {
                return new OaResult<IReadOnlyList<JsonElement>>.Failed(error.Code, error.Path, $"document {i}: {error.Message}");
            }

            wrapped.Add((one.Data, one.TargetHash));
        }

        var (root, proofs) = OaHashing.BatchTree(wrapped.ConvertAll(static w => Convert.FromHexString(w.TargetHash)));
        var rootHex = Hex.Encode(root);
        var documents = new JsonElement[wrapped.Count];
        for (var i = 0; i < wrapped.Count; i++)
        {
            documents[i] = Document(wrapped[i].Data, wrapped[i].TargetHash, proofs[i].ConvertAll(static p => Hex.Encode(p)), rootHex);
        }

        return new OaResult<IReadOnlyList<JsonElement>>.Ok(documents);
    }

    private static OaResult<JsonElement> ObfuscateCore(JsonElement wrapped, IEnumerable<string> dottedPaths)
    {
        if (wrapped.ValueKind != JsonValueKind.Object ||
            !wrapped.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return Failed<JsonElement>(OaCodes.Malformed, "/data", "a wrapped v2 document has a data object");
        }

        var existing = new List<string>();
        if (ReadObfuscated(wrapped, existing) is { } bad)
        {
            return Failed<JsonElement>(bad);
        }

        var entries = new List<OaEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var removed = new List<string[]>();
        foreach (var dotted in dottedPaths)
        {
            ArgumentNullException.ThrowIfNull(dotted, nameof(dottedPaths));
            var tokens = dotted.Split('.');
            if (Resolve(data, tokens) is not { } target)
            {
                return Failed<JsonElement>(OaCodes.UnknownPath, dotted, "names nothing in data");
            }

            if (target.InArray)
            {
                return Failed<JsonElement>(OaCodes.ArrayElement, dotted, "is an array element; OpenAttestation cannot obfuscate one on its own");
            }

            // pick + flatten dedupes by key, so overlapping paths hash each entry once (src/2.0/obfuscate.ts).
            var found = new List<OaEntry>();
            if (OaFlatten.VisitV2(target.Value, dotted, found, new HashSet<string>(StringComparer.Ordinal)) is { } error)
            {
                return Failed<JsonElement>(error);
            }

            entries.AddRange(found.Where(e => seen.Add(e.Path)));
            removed.Add(tokens);
        }

        var hashes = new List<string>(existing);
        foreach (var entry in entries)
        {
            if (!TryEntryHash(entry, out var hash))
            {
                return Failed<JsonElement>(OaCodes.Malformed, entry.Path, "is not valid Unicode text");
            }

            hashes.Add(hash);
        }

        return new OaResult<JsonElement>.Ok(Build(writer => WriteObfuscated(writer, wrapped, removed, hashes)));
    }

    private static OaResult<OaUnsalted> UnsaltCore(JsonElement wrappedDocument)
    {
        if (wrappedDocument.ValueKind != JsonValueKind.Object ||
            !wrappedDocument.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return Failed<OaUnsalted>(OaCodes.Malformed, "/data", "a wrapped v2 document has a data object");
        }

        var obfuscated = new List<string>();
        if (ReadObfuscated(wrappedDocument, obfuscated) is { } bad)
        {
            return Failed<OaUnsalted>(bad);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (WriteUnsalted(writer, data, string.Empty) is { } failure)
            {
                return Failed<OaUnsalted>(failure);
            }
        }

        using var plain = JsonDocument.Parse(buffer.WrittenMemory);
        return new OaResult<OaUnsalted>.Ok(new OaUnsalted(plain.RootElement.Clone(), obfuscated.Count));
    }

    /// <summary>The v2 target hash of <paramref name="data"/> plus already obfuscated hashes (§E.2 steps 2–5).</summary>
    internal static OaError? TryTargetHash(JsonElement data, IEnumerable<string> obfuscated, out string targetHash)
    {
        targetHash = string.Empty;
        var entries = new List<OaEntry>();
        if (OaFlatten.V2(data, string.Empty, entries, new HashSet<string>(StringComparer.Ordinal)) is { } error)
        {
            return error;
        }

        var hashes = new List<string>(obfuscated);
        foreach (var entry in entries)
        {
            if (!TryEntryHash(entry, out var hash))
            {
                return new OaError(OaCodes.Malformed, entry.Path, "is not valid Unicode text");
            }

            hashes.Add(hash);
        }

        targetHash = OaHashing.TargetHash(hashes);
        return null;
    }

    /// <summary>Reads <c>privacy.obfuscatedData</c> (absent = none); every entry must be a string.</summary>
    internal static OaError? ReadObfuscated(JsonElement wrapped, List<string> hashes)
    {
        if (!wrapped.TryGetProperty("privacy", out var privacy))
        {
            return null;
        }

        if (privacy.ValueKind != JsonValueKind.Object)
        {
            return new OaError(OaCodes.Malformed, "/privacy", "must be an object");
        }

        if (!privacy.TryGetProperty("obfuscatedData", out var list))
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(static h => h.ValueKind != JsonValueKind.String))
        {
            return new OaError(OaCodes.Malformed, "/privacy/obfuscatedData", "must be an array of hashes");
        }

        hashes.AddRange(list.EnumerateArray().Select(static h => h.GetString()!));
        return null;
    }

    private static (JsonElement Data, string TargetHash, OaError? Error) WrapOne(JsonElement raw, Func<Guid> uuids)
    {
        if (raw.ValueKind != JsonValueKind.Object)
        {
            return (default, string.Empty, new OaError(OaCodes.Malformed, string.Empty, "the document must be a JSON object"));
        }

        // Check the raw tree first so a '.' in a key is reported before anything is salted.
        var check = OaFlatten.V2(raw, string.Empty, [], new HashSet<string>(StringComparer.Ordinal));
        if (check is not null)
        {
            return (default, string.Empty, check);
        }

        var salted = Build(writer => WriteSalted(writer, raw, uuids));
        var error = TryTargetHash(salted, [], out var targetHash);
        return (salted, targetHash, error);
    }

    private static void WriteSalted(Utf8JsonWriter writer, JsonElement node, Func<Guid> uuids)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in node.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    WriteSalted(writer, member.Value, uuids);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in node.EnumerateArray())
                {
                    WriteSalted(writer, item, uuids);
                }

                writer.WriteEndArray();
                break;
            default:
                // `${uuid}:${typeof value}:${String(value)}`; null is "null:null" (src/2.0/salt.ts primitiveToTypedString).
                writer.WriteStringValue(NextUuid(uuids) + ":" + OaJs.TypeOf(node) + ":" + OaJs.ToJsString(node));
                break;
        }
    }

    private static OaError? WriteUnsalted(Utf8JsonWriter writer, JsonElement node, string path)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in node.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    if (WriteUnsalted(writer, member.Value, path.Length > 0 ? path + "." + member.Name : member.Name) is { } error)
                    {
                        return error;
                    }
                }

                writer.WriteEndObject();
                return null;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    var segment = index++.ToString(CultureInfo.InvariantCulture);
                    if (WriteUnsalted(writer, item, path.Length > 0 ? path + "." + segment : segment) is { } error)
                    {
                        return error;
                    }
                }

                writer.WriteEndArray();
                return null;
            case JsonValueKind.String:
                return WriteTyped(writer, node.GetString()!, path);
            default:
                node.WriteTo(writer);
                return null;
        }
    }

    private static OaError? WriteTyped(Utf8JsonWriter writer, string salted, string path)
    {
        // startsWithUuidV4: the text before the first ':' is a UUID v4 (validator's isUUID(…, 4)); the typed value
        // follows at offset 37 (src/2.0/salt.ts unsalt).
        var colon = salted.IndexOf(':', StringComparison.Ordinal);
        if (colon != 36 || !UuidV4().IsMatch(salted.AsSpan(0, 36)))
        {
            writer.WriteStringValue(salted);
            return null;
        }

        var typed = salted.AsSpan(37);
        var separator = typed.IndexOf(':');
        var type = separator < 0 ? typed : typed[..separator];
        var value = separator < 0 ? [] : typed[(separator + 1)..];
        switch (type)
        {
            case "string":
                writer.WriteStringValue(value);
                return null;
            case "number" when JsonNumber().IsMatch(value) &&
                               double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
                               double.IsFinite(number):
                writer.WriteRawValue(EcmaScript.FormatNumber(number));
                return null;
            case "boolean" when value is "true" or "false":
                writer.WriteBooleanValue(value is "true");
                return null;
            case "null" when value is "null":
                writer.WriteNullValue();
                return null;
            default:
                return new OaError(OaCodes.InvalidSaltedValue, path, "is not \"<uuid>:<string|number|boolean|null>:<value>\" with a value of that type");
        }
    }

    private static void WriteObfuscated(Utf8JsonWriter writer, JsonElement wrapped, List<string[]> removed, List<string> hashes)
    {
        // { ...document, data, privacy: { ...document.privacy, obfuscatedData } } keeps existing members in place.
        writer.WriteStartObject();
        var wrotePrivacy = false;
        foreach (var member in wrapped.EnumerateObject())
        {
            writer.WritePropertyName(member.Name);
            if (member.NameEquals("data"))
            {
                WriteWithout(writer, member.Value, [], removed);
            }
            else if (member.NameEquals("privacy"))
            {
                WritePrivacy(writer, member.Value, hashes);
                wrotePrivacy = true;
            }
            else
            {
                member.Value.WriteTo(writer);
            }
        }

        if (!wrotePrivacy)
        {
            writer.WritePropertyName("privacy");
            WritePrivacy(writer, default, hashes);
        }

        writer.WriteEndObject();
    }

    private static void WritePrivacy(Utf8JsonWriter writer, JsonElement privacy, List<string> hashes)
    {
        writer.WriteStartObject();
        var wroteList = false;
        if (privacy.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in privacy.EnumerateObject())
            {
                writer.WritePropertyName(member.Name);
                if (member.NameEquals("obfuscatedData"))
                {
                    WriteStrings(writer, hashes);
                    wroteList = true;
                }
                else
                {
                    member.Value.WriteTo(writer);
                }
            }
        }

        if (!wroteList)
        {
            writer.WritePropertyName("obfuscatedData");
            WriteStrings(writer, hashes);
        }

        writer.WriteEndObject();
    }

    private static void WriteWithout(Utf8JsonWriter writer, JsonElement node, List<string> path, List<string[]> removed)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var member in node.EnumerateObject())
            {
                path.Add(member.Name);
                if (!removed.Exists(r => r.Length == path.Count && r.SequenceEqual(path, StringComparer.Ordinal)))
                {
                    writer.WritePropertyName(member.Name);
                    WriteWithout(writer, member.Value, path, removed);
                }

                path.RemoveAt(path.Count - 1);
            }

            writer.WriteEndObject();
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                path.Add(index++.ToString(CultureInfo.InvariantCulture));
                WriteWithout(writer, item, path, removed);
                path.RemoveAt(path.Count - 1);
            }

            writer.WriteEndArray();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>lodash get on a '.'-split path: members by name, array items by canonical decimal index.</summary>
    private static (JsonElement Value, bool InArray)? Resolve(JsonElement data, string[] tokens)
    {
        var node = data;
        var inArray = false;
        foreach (var token in tokens)
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(token, out var child))
            {
                node = child;
                inArray = false;
            }
            else if (node.ValueKind == JsonValueKind.Array &&
                     token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0') &&
                     int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
                     index < node.GetArrayLength())
            {
                node = node[index];
                inArray = true;
            }
            else
            {
                return null;
            }
        }

        return (node, inArray);
    }

    private static JsonElement Document(JsonElement data, string targetHash, List<string> proof, string merkleRoot) =>
        Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", SchemaId);
            writer.WritePropertyName("data");
            data.WriteTo(writer);
            writer.WriteStartObject("signature");
            writer.WriteString("type", SignatureType);
            writer.WriteString("targetHash", targetHash);
            writer.WritePropertyName("proof");
            WriteStrings(writer, proof);
            writer.WriteString("merkleRoot", merkleRoot);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static void WriteStrings(Utf8JsonWriter writer, List<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static bool TryEntryHash(OaEntry entry, out string hash)
    {
        try
        {
            hash = OaHashing.EntryHash(entry.Path, entry.Value);
            return true;
        }
        catch (ArgumentException)
        {
            hash = string.Empty;
            return false;
        }
    }

    private static string NextUuid(Func<Guid> uuids)
    {
        var uuid = uuids();
        if (uuid.Version != 4 || uuid.Variant is < 8 or > 0xB)
        {
            throw new ArgumentException("the salt source must return RFC 9562 version-4 UUIDs", nameof(uuids));
        }

        return uuid.ToString("D");
    }

    /// <summary>A version-4 UUID from 122 CSPRNG bits (RFC 9562 §5.4: version 0100, variant 10).</summary>
    private static Guid RandomUuidV4()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// JsonElement.GetString and JsonProperty.Name throw InvalidOperationException for text with an escaped lone
    /// surrogate, which only input not parsed by SafeJson can hold; it is reported as malformed input.
    /// </summary>
    private static OaResult<T> Guard<T>(Func<OaResult<T>> run)
    {
        try
        {
            return run();
        }
        catch (InvalidOperationException)
        {
            return new OaResult<T>.Failed(OaCodes.Malformed, string.Empty, "the document contains text that is not valid Unicode");
        }
    }

    private static OaResult<T>.Failed Failed<T>(OaError error) => new(error.Code, error.Path, error.Message);

    private static OaResult<T>.Failed Failed<T>(string code, string path, string message) => new(code, path, message);

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}\z")]
    private static partial Regex UuidV4();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\z")]
    private static partial Regex JsonNumber();
}
