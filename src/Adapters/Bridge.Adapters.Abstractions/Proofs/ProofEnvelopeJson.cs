using System.Text.Json;
using Bridge.Adapters.Abstractions.Serialization;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>
/// Reads and writes <see cref="ProofEnvelope"/> as UTF-8 JSON (camelCase members, wire names for enums),
/// e.g. <c>{"version":1,"sourceNetwork":"carrier-fabric","kind":"fabric-endorsement","subject":{"type":"transaction","id":"…","digest":"…"},"data":{…}}</c>.
/// </summary>
public static class ProofEnvelopeJson
{
    private static readonly string[] EnvelopeMembers = ["version", "sourceNetwork", "kind", "subject", "data"];
    private static readonly string[] SubjectMembers = ["type", "id", "digest"];

    /// <summary>
    /// Parses and validates an envelope. Never throws for bad input: malformed JSON, an unsupported
    /// version, an unknown kind, a missing or mistyped member, or a member the format does not define
    /// all come back as a <see cref="ProofEnvelopeParseResult.Failure"/> with JSON-pointer paths.
    /// A leading UTF-8 byte order mark is ignored.
    /// </summary>
    public static ProofEnvelopeParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8Json.StartsWith(bom))
        {
            utf8Json = utf8Json[bom.Length..];
        }

        JsonDocument? document = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return Fail(string.Empty, ProofEnvelopeCodes.InvalidJson, "unexpected content after the JSON value");
            }
        }
        catch (JsonException ex)
        {
            document?.Dispose();
            return Fail(
                string.Empty,
                ProofEnvelopeCodes.InvalidJson,
                $"is not well-formed JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses and validates an envelope already read as a <see cref="JsonElement"/>; see <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static ProofEnvelopeParseResult Parse(JsonElement json)
    {
        var issues = new ValidationCollector();
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail(string.Empty, ValidationCodes.InvalidFormat, "must be a JSON object");
        }

        // The version decides the shape of everything else, so it is checked first and alone.
        var version = ReadVersion(json, issues);
        if (version is null)
        {
            return new ProofEnvelopeParseResult.Failure(issues.ToResult());
        }

        var envelope = JsonObjectReader.Open(json, string.Empty, issues, "a proof envelope", EnvelopeMembers)!;
        var sourceNetwork = envelope.String("sourceNetwork");
        var kind = ReadEnum<ProofKind>(envelope, "kind", ProofKinds.TryParse, "fabric-endorsement, ethereum-receipt, ethereum-state, platform-jws, relay-attestation");
        var subject = ReadSubject(envelope, issues);
        var data = envelope.Member("data");
        if (data is { ValueKind: not JsonValueKind.Object })
        {
            issues.Error(envelope.PointerOf("data"), ValidationCodes.InvalidFormat, "must be a JSON object");
        }

        if (issues.HasErrors)
        {
            return new ProofEnvelopeParseResult.Failure(issues.ToResult());
        }

        var result = new ProofEnvelope(version.Value, sourceNetwork!, kind!.Value, subject!, data!.Value.Clone());
        return new ProofEnvelopeParseResult.Success(result, issues.ToResult());
    }

    /// <summary>Writes <paramref name="envelope"/> as UTF-8 JSON; <see cref="Parse(ReadOnlySpan{byte})"/> reads it back.</summary>
    public static byte[] Serialize(ProofEnvelope envelope, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            JsonSerializer.Serialize(writer, envelope, AbstractionsJsonContext.Default.ProofEnvelope);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="envelope"/> to <paramref name="writer"/> (whose options decide indentation and escaping).</summary>
    public static void Write(Utf8JsonWriter writer, ProofEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(envelope);
        JsonSerializer.Serialize(writer, envelope, AbstractionsJsonContext.Default.ProofEnvelope);
    }

    /// <summary>The envelope as a <see cref="JsonElement"/> (for example to store it as jsonb).</summary>
    public static JsonElement ToJson(ProofEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return JsonSerializer.SerializeToElement(envelope, AbstractionsJsonContext.Default.ProofEnvelope);
    }

    private static int? ReadVersion(JsonElement json, ValidationCollector issues)
    {
        const string path = "/version";
        if (!json.TryGetProperty("version", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            issues.Error(path, ValidationCodes.Required, "is required");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var version))
        {
            issues.Error(path, ValidationCodes.InvalidFormat, "must be an integer");
            return null;
        }

        if (version != ProofEnvelope.CurrentVersion)
        {
            issues.Error(path, ProofEnvelopeCodes.UnsupportedVersion, $"version {version} is not supported; this build reads version {ProofEnvelope.CurrentVersion}");
            return null;
        }

        return version;
    }

    private static ProofSubject? ReadSubject(JsonObjectReader envelope, ValidationCollector issues)
    {
        if (envelope.Member("subject") is not { } element)
        {
            return null;
        }

        var subject = JsonObjectReader.Open(element, envelope.PointerOf("subject"), issues, "a proof subject", SubjectMembers);
        if (subject is null)
        {
            return null;
        }

        var type = ReadEnum<ProofSubjectType>(subject, "type", ProofSubjectTypes.TryParse, "transaction, event, state, message");
        var id = subject.String("id");
        var digest = subject.String("digest");
        if (digest is not null && !ProofSubject.IsDigest(digest))
        {
            issues.Error(subject.PointerOf("digest"), ValidationCodes.InvalidFormat, "must be a SHA-256 digest as 64 lower-case hex characters");
            digest = null;
        }

        return type is { } t && id is not null && digest is not null ? new ProofSubject(t, id, digest) : null;
    }

    private delegate bool TryParseWireName<T>(string? value, out T result);

    private static T? ReadEnum<T>(JsonObjectReader reader, string name, TryParseWireName<T> tryParse, string expected)
        where T : struct, Enum
    {
        var text = reader.String(name);
        if (text is null)
        {
            return null;
        }

        if (tryParse(text, out var value))
        {
            return value;
        }

        reader.Issues.Error(reader.PointerOf(name), ValidationCodes.UnknownValue, $"'{text}' is not one of: {expected}");
        return null;
    }

    private static ProofEnvelopeParseResult.Failure Fail(string path, string code, string message)
    {
        var issues = new ValidationCollector();
        issues.Error(path, code, message);
        return new ProofEnvelopeParseResult.Failure(issues.ToResult());
    }
}
