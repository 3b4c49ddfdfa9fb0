using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Disclosure;
using Bridge.Canonical.Json;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Ebl;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.OpenAttestation;
using Bridge.Canonical.Validation;
using Bridge.Host.Hosting;

namespace Bridge.Host.Cli;

/// <summary>
/// Offline verbs (no host, no database): <c>bridge map</c> runs the canonical pipeline on a file and prints the
/// result; <c>bridge verify-document</c> checks the integrity of an OpenAttestation document or a bridge
/// commitment disclosure.
/// </summary>
internal static class MapCommands
{
    /// <summary>Target of <c>bridge map --to</c>: the canonical model itself.</summary>
    public const string ToCanonical = "canonical";

    // Printed for people and tools, never embedded in HTML: keep '+' in offsets and non-ASCII text as they are.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command BuildMap(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string>("--from") { Description = $"The payload's source format: {string.Join(", ", SourceFormats.All)}.", Required = true };
        from.AcceptOnlyFromAmong([.. SourceFormats.All]);
        var to = new Option<string>("--to") { Description = $"What to print: {ToCanonical} (default), {SourceFormats.DcsaTnt22} (events) or {SourceFormats.DcsaEbl30} (bills of lading and sea waybills).", DefaultValueFactory = _ => ToCanonical };
        to.AcceptOnlyFromAmong(ToCanonical, SourceFormats.DcsaTnt22, SourceFormats.DcsaEbl30);
        var input = new Argument<string>("file") { Description = "The payload file, or - for standard input." };
        var command = new Command("map", "Map a payload into the canonical model (offline) and print it on stdout; warnings go to stderr. Exit 1 with field-level errors on invalid input.")
        {
            from, to, input,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = await CliFiles.ReadAsync(parse.GetValue(input)!, cancellationToken);
            var result = CanonicalMapping.CreatePipeline().Map(parse.GetValue(from)!, bytes, TimeProvider.System.GetUtcNow());
            foreach (var warning in result.Validation.Warnings)
            {
                await stderr.WriteLineAsync($"warning: {Describe(warning)}");
            }

            if (!result.IsValid)
            {
                foreach (var error in result.Validation.Errors)
                {
                    await stderr.WriteLineAsync($"error: {Describe(error)}");
                }

                return ExitCodes.UserError;
            }

            var target = parse.GetValue(to)!;
            var output = target switch
            {
                SourceFormats.DcsaTnt22 => WriteTnt22(result),
                SourceFormats.DcsaEbl30 => WriteEbl30(result),
                _ => (Json: WriteCanonical(result), Errors: (IReadOnlyList<ValidationIssue>)[]),
            };
            if (output.Json is null)
            {
                foreach (var error in output.Errors)
                {
                    await stderr.WriteLineAsync($"error: {Describe(error)}");
                }

                return ExitCodes.UserError;
            }

            await stdout.WriteLineAsync(output.Json);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command BuildVerifyDocument(TextWriter stdout)
    {
        var input = new Argument<string>("file") { Description = "An OpenAttestation v2/v3 wrapped document, a bridge disclosure (scheme bridge-salted-merkle-v1), or a saved GET /api/v1/documents/{id} response that carries one; - for standard input." };
        var command = new Command("verify-document", "Verify a document's integrity offline: OpenAttestation target hash and Merkle root, or a bridge commitment disclosure against its root. Exit 0 valid, 1 invalid.")
        {
            input,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = await CliFiles.ReadAsync(parse.GetValue(input)!, cancellationToken);
            var (valid, message) = DocumentVerification.Verify(bytes);
            await stdout.WriteLineAsync(valid ? $"valid {message}" : $"invalid: {message}");
            return valid ? ExitCodes.Ok : ExitCodes.UserError;
        });
        return command;
    }

    /// <summary><c>&lt;path&gt; &lt;code&gt; &lt;message&gt;</c>; the whole document (the empty pointer) shows as <c>(root)</c>.</summary>
    private static string Describe(ValidationIssue issue) =>
        $"{(issue.Path.Length == 0 ? "(root)" : issue.Path)} {issue.Code} {issue.Message}";

    /// <summary>
    /// The canonical result: <c>{"documents":[{id, naturalKey, contentSha256, document}], "events":[...],
    /// "consignments":[...]}</c>, empty lists left out.
    /// </summary>
    private static string WriteCanonical(PipelineResult result)
    {
        var root = new JsonObject();
        if (result.Documents.Count > 0)
        {
            root["documents"] = new JsonArray([.. result.Documents.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id.ToString(),
                ["naturalKey"] = d.NaturalKey,
                ["contentSha256"] = d.ContentSha256,
                ["document"] = JsonNode.Parse(CanonicalJson.SerializeToUtf8Bytes(d.Document)),
            })]);
        }

        if (result.Events.Count > 0)
        {
            root["events"] = new JsonArray([.. result.Events.Select(e => (JsonNode)new JsonObject
            {
                ["id"] = e.Id.ToString(),
                ["naturalKey"] = e.NaturalKey,
                ["contentSha256"] = e.ContentSha256,
                ["event"] = JsonNode.Parse(CanonicalJson.SerializeToUtf8Bytes(e.Event)),
            })]);
        }

        if (result.Consignments.Count > 0)
        {
            root["consignments"] = new JsonArray([.. result.Consignments.Select(c => JsonNode.Parse(CanonicalJson.SerializeToUtf8Bytes(c)))]);
        }

        return Pretty(root);
    }

    /// <summary>The payload's events as a DCSA TNT 2.2 events response (a JSON array).</summary>
    private static (string? Json, IReadOnlyList<ValidationIssue> Errors) WriteTnt22(PipelineResult result)
    {
        if (result.Events.Count == 0)
        {
            return (null, [ValidationIssue.Error(string.Empty, ValidationCodes.Required, $"the payload maps to no event to write as {SourceFormats.DcsaTnt22}")]);
        }

        var written = DcsaTnt22Writer.Write([.. result.Events.Select(e => e.Event)]);
        return written.Utf8Json is { } json ? (Pretty(JsonNode.Parse(json)!), []) : (null, [.. written.Validation.Errors]);
    }

    /// <summary>
    /// The payload's bills of lading and sea waybills as DCSA eBL 3.0 TransportDocuments: one object, or an array
    /// when there are several (then error paths start with the document's index).
    /// </summary>
    private static (string? Json, IReadOnlyList<ValidationIssue> Errors) WriteEbl30(PipelineResult result)
    {
        var errors = new List<ValidationIssue>();
        var documents = new JsonArray();
        var writer = new DcsaEbl30Writer();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            var prefix = result.Documents.Count == 1 ? string.Empty : JsonPointer.Append(string.Empty, i);
            if (result.Documents[i].Document is not TransportDocument transport)
            {
                errors.Add(ValidationIssue.Error(JsonPointer.Append(prefix, "docType"), ValidationCodes.NotRepresentable, $"a {result.Documents[i].Document.DocType} is not a DCSA eBL 3.0 transport document"));
                continue;
            }

            var written = writer.Write(transport);
            if (written.Utf8Json is { } json)
            {
                documents.Add(JsonNode.Parse(json));
            }
            else
            {
                errors.AddRange(written.Validation.Errors.Select(e => e with { Path = prefix + e.Path }));
            }
        }

        if (result.Documents.Count == 0)
        {
            errors.Add(ValidationIssue.Error(string.Empty, ValidationCodes.Required, $"the payload maps to no bill of lading or sea waybill to write as {SourceFormats.DcsaEbl30}"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (Pretty(documents.Count == 1 ? documents[0]!.DeepClone() : documents), []);
    }

    private static string Pretty(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            node.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>What <c>bridge verify-document</c> recognises and how it checks it.</summary>
internal static class DocumentVerification
{
    private const string OpenAttestationSchemaPrefix = "https://schema.openattestation.com/";

    /// <summary>(true, "scheme root ...") for a valid document, else (false, reason).</summary>
    public static (bool Valid, string Message) Verify(ReadOnlyMemory<byte> bytes)
    {
        using var parsed = SafeJson.Parse(bytes);
        if (!parsed.IsSuccess)
        {
            var error = parsed.Error!;
            return (false, $"not JSON: {error.Message}");
        }

        var root = parsed.Document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (false, "not a recognised document: expected a JSON object");
        }

        if (IsDisclosure(root))
        {
            return VerifyDisclosure(bytes, trustedRoot: null);
        }

        // A saved GET /api/v1/documents/{id} response of an auditor: the disclosure, checked against the
        // commitmentRoot the bridge states beside it.
        if (root.TryGetProperty("disclosure", out var inner) && IsDisclosure(inner))
        {
            var trusted = root.TryGetProperty("commitmentRoot", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return VerifyDisclosure(System.Text.Encoding.UTF8.GetBytes(inner.GetRawText()), trusted);
        }

        if (IsOpenAttestation(root))
        {
            return OpenAttestationVerifier.VerifyIntegrity(root) switch
            {
                IntegrityVerdict.Valid v => (true, $"openattestation-{v.Version.ToString().ToLowerInvariant()} targetHash {v.TargetHash} merkleRoot {v.MerkleRoot}"),
                IntegrityVerdict.Invalid i => (false, $"{i.Code}: {i.Message}"),
                _ => (false, "unknown verdict"),
            };
        }

        return (false, $"not a recognised document: neither an OpenAttestation v2/v3 document nor a {SaltedMerkleCommitment.Scheme} disclosure");
    }

    private static bool IsDisclosure(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("scheme", out var scheme) &&
        scheme.ValueKind == JsonValueKind.String && scheme.GetString() == SaltedMerkleCommitment.Scheme;

    private static bool IsOpenAttestation(JsonElement root) =>
        (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String &&
         version.GetString()!.StartsWith(OpenAttestationSchemaPrefix, StringComparison.Ordinal)) ||
        (root.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.Object && signature.TryGetProperty("targetHash", out _)) ||
        (root.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.Object && proof.TryGetProperty("targetHash", out _));

    private static (bool, string) VerifyDisclosure(ReadOnlyMemory<byte> bytes, string? trustedRoot)
    {
        switch (DisclosureJson.Parse(bytes))
        {
            case DisclosureParseResult<SaltedDisclosure>.Success success:
                var verdict = trustedRoot is null ? CommitmentVerifier.Verify(success.Value) : CommitmentVerifier.Verify(success.Value, trustedRoot);
                return verdict switch
                {
                    CommitmentVerdict.Valid v => (true, $"{SaltedMerkleCommitment.Scheme} root {v.Root} ({v.LeafCount} leaves, {v.HiddenCount} hidden)"),
                    CommitmentVerdict.Invalid i => (false, $"{i.Code}: {i.Message}"),
                    _ => (false, "unknown verdict"),
                };
            case DisclosureParseResult<SaltedDisclosure>.Failure failure:
                var first = failure.Validation.Errors.First();
                return (false, $"malformed disclosure: {(first.Path.Length == 0 ? "(root)" : first.Path)} {first.Code} {first.Message}");
            default:
                return (false, "unknown parse result");
        }
    }
}
