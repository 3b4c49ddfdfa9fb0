using System.CommandLine;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge verify &lt;proof.json&gt; --trust &lt;anchors.json&gt;</c>: checks a saved proof envelope offline with the
/// verifier of its kind, or a relay proof bundle (<c>GET /api/v1/messages/{id}/proof</c>) with every proof in it
/// (<see cref="BundleVerification"/>, docs/proof-bundles.md). Exit 0 when valid, 1 when invalid (the reason on stdout)
/// or when an input cannot be read.
/// </summary>
internal static class VerifyCommand
{
    public static Command Build(TextWriter stdout, Func<ProofVerifierRegistry> verifiers)
    {
        var proofFile = new Argument<string>("proof")
        {
            Description = "A proof envelope {version, sourceNetwork, kind, subject, data}, or a proof bundle {version, message, payloadDigest, payload, proofs} as GET /api/v1/messages/{id}/proof returns it, as JSON; - for standard input.",
        };
        var trustFile = new Option<string>("--trust")
        {
            Description = "For a proof envelope: the source network's trust anchors, the anchors object itself (its kind follows from the proof's kind) "
                + "or {\"kind\": \"ethereum|fabric|platform\", \"trustAnchors\": {...}} as 'bridge networks show' prints it. "
                + "For a bundle: a trust file {\"networks\": {\"<network>\": {\"kind\": \"ethereum|fabric|platform\", \"trustAnchors\": {...}}}, "
                + "\"relaySigners\": {\"<lane>\": {\"signers\": [\"0x...\"], \"threshold\": M}}} naming the message's source network "
                + "(Ethereum anchors must list trustedBlocks) and the lane's relay signers.",
            Required = true,
        };
        var command = new Command(
            "verify",
            "Verify a proof or a relay proof bundle offline against trust anchors. A bundle's payload digest, source proof and relay attestation "
            + "are each recomputed (the relay's own verdicts are ignored) and printed as one line. Exit 0 when all hold, 1 otherwise with the reason.")
        {
            proofFile,
            trustFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var proofBytes = await CliFiles.ReadAsync(parse.GetValue(proofFile)!, cancellationToken);
            if (TryReadBundle(proofBytes) is { } bundle)
            {
                using (bundle)
                {
                    return await VerifyBundleAsync(stdout, bundle.RootElement, parse.GetValue(trustFile)!, verifiers, cancellationToken);
                }
            }

            var proof = ProofEnvelopeJson.Parse(proofBytes) switch
            {
                ProofEnvelopeParseResult.Success success => success.Envelope,
                ProofEnvelopeParseResult.Failure failure => throw new CliException(
                    ExitCodes.UserError,
                    $"not a proof envelope: {string.Join("; ", failure.Validation.Errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)} {e.Message}"))}"),
                _ => throw new InvalidOperationException("Unknown parse result."),
            };
            var trustPath = parse.GetValue(trustFile)!;
            var anchors = ReadAnchors(await CliFiles.ReadAsync(trustPath, cancellationToken), trustPath, proof.Kind);

            var verdict = verifiers().Verify(proof, anchors);
            await stdout.WriteLineAsync(Describe(proof, verdict));
            return verdict.IsValid ? ExitCodes.Ok : ExitCodes.UserError;
        });
        return command;
    }

    /// <summary>The document when <paramref name="bytes"/> is a proof bundle (see <see cref="BundleVerification.IsBundle"/>); otherwise null.</summary>
    private static JsonDocument? TryReadBundle(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null; // The envelope reader explains what is wrong with the JSON.
        }

        if (BundleVerification.IsBundle(document.RootElement))
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    private static async Task<int> VerifyBundleAsync(TextWriter stdout, JsonElement bundle, string trustPath, Func<ProofVerifierRegistry> verifiers, CancellationToken cancellationToken)
    {
        var trustBytes = await CliFiles.ReadAsync(trustPath, cancellationToken);
        JsonDocument trust;
        try
        {
            trust = JsonDocument.Parse(trustBytes);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.UserError, $"'{trustPath}' is not well-formed JSON: {ex.Message}");
        }

        using (trust)
        {
            var report = BundleVerification.Verify(bundle, trust.RootElement, trustPath, verifiers());
            foreach (var line in report.Lines())
            {
                await stdout.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            return report.IsValid ? ExitCodes.Ok : ExitCodes.UserError;
        }
    }

    /// <summary>One line (plus details for a valid proof) saying what was checked and the outcome.</summary>
    internal static string Describe(ProofEnvelope proof, ProofVerdict verdict)
    {
        var what = $"{proof.Kind.ToWireName()} proof of {proof.Subject.Type.ToWireName()} {proof.Subject.Id} from {proof.SourceNetwork}";
        return verdict switch
        {
            ProofVerdict.Valid valid => $"valid: {what}"
                + (valid.BlockNumber is { } block ? $" in block {block}" : string.Empty)
                + (valid.Signers.Count > 0 ? $"; vouched for by {string.Join(", ", valid.Signers)}" : string.Empty)
                + (valid.Details is { Count: > 0 } details ? string.Concat(details.Select(d => $"\n  {d.Key}: {d.Value}")) : string.Empty),
            ProofVerdict.Invalid invalid => $"invalid ({invalid.Code}): {invalid.Reason}\n  checked: {what}",
            ProofVerdict.NotApplicable notApplicable => $"invalid (not-applicable): {notApplicable.Reason}\n  checked: {what}",
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    private static TrustAnchors ReadAnchors(byte[] bytes, string path, ProofKind proofKind)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.UserError, $"'{path}' is not well-formed JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException(ExitCodes.UserError, $"'{path}' must hold a JSON object of trust anchors");
            }

            NetworkKind kind;
            var anchorsJson = root;
            var pointer = string.Empty;
            if (root.TryGetProperty("trustAnchors", out var wrapped))
            {
                if (!root.TryGetProperty("kind", out var kindJson) || !NetworkKinds.TryParse(kindJson.GetString(), out kind))
                {
                    throw new CliException(ExitCodes.UserError, $"'{path}': /kind must be one of fabric, ethereum, platform next to /trustAnchors");
                }

                anchorsJson = wrapped;
                pointer = "/trustAnchors";
            }
            else if (proofKind.NetworkKindOf() is { } implied)
            {
                kind = implied;
            }
            else
            {
                throw new CliException(ExitCodes.UserError, $"'{path}': a {proofKind.ToWireName()} proof needs the anchors' kind: write {{\"kind\": ..., \"trustAnchors\": {{...}}}}");
            }

            return TrustAnchorsJson.Parse(kind, anchorsJson, pointer) switch
            {
                TrustAnchorsParseResult.Success success => success.Anchors,
                TrustAnchorsParseResult.Failure failure => throw new CliException(
                    ExitCodes.UserError,
                    $"'{path}' holds invalid {kind.ToWireName()} trust anchors: {string.Join("; ", failure.Validation.Errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)} {e.Message}"))}"),
                _ => throw new InvalidOperationException("Unknown parse result."),
            };
        }
    }
}
