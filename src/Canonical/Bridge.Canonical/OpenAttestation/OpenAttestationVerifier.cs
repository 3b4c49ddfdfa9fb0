using System.Text.Json;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Json;

namespace Bridge.Canonical.OpenAttestation;

/// <summary>
/// OpenAttestation's DOCUMENT_INTEGRITY check for wrapped v2 and v3 documents (trade-standards.md §E.4–E.5 step 1;
/// oa-verify's OpenAttestationHash, open-attestation src/2.0/verify.ts and src/3.0/verify.ts). A pure function:
/// no I/O, and never throws for bad input. DOCUMENT_STATUS (DocumentStore/TokenRegistry/DID) and ISSUER_IDENTITY
/// (DNS-TXT) need the network and are checked outside Canonical.
/// </summary>
public static class OpenAttestationVerifier
{
    /// <summary>The v3 <c>version</c> value.</summary>
    public const string SchemaIdV3 = "https://schema.openattestation.com/3.0/schema.json";

    /// <summary>The v3 <c>proof.type</c>.</summary>
    public const string ProofTypeV3 = "OpenAttestationMerkleProofSignature2018";

    /// <summary>
    /// Recomputes the target hash from the visible data and the obfuscated hashes, compares it with the document's
    /// <c>targetHash</c>, then folds the Merkle proof and compares with <c>merkleRoot</c>. The version comes from the
    /// <c>version</c> member (v2 or v3 schema id) or, without one, from the shape (<c>data</c> + <c>signature</c> is v2,
    /// <c>proof.salts</c> is v3).
    /// </summary>
    /// <remarks>
    /// Stricter than OpenAttestation in one place: a v3 document's salts must name exactly its visible fields, once
    /// each. OpenAttestation only compares the counts, so a document with an extra field and a salt for a path that
    /// does not exist would pass there (docs/selective-disclosure.md §OpenAttestation).
    /// </remarks>
    public static IntegrityVerdict VerifyIntegrity(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return Invalid(OaCodes.Malformed, "a wrapped document is a JSON object");
        }

        try
        {
            return DetectVersion(document) switch
            {
                OaVersion.V2 => VerifyV2(document),
                OaVersion.V3 => VerifyV3(document),
                _ => Invalid(OaCodes.UnsupportedVersion, "neither an OpenAttestation v2 nor a v3 document"),
            };
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws this for text that is not valid UTF-16 (an escaped lone surrogate) when the
            // caller parsed the document without SafeJson, which refuses such input.
            return Invalid(OaCodes.Malformed, "the document contains text that is not valid Unicode");
        }
    }

    private static OaVersion? DetectVersion(JsonElement document)
    {
        if (document.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            return version.ValueEquals(OaV2.SchemaId) ? OaVersion.V2
                : version.ValueEquals(SchemaIdV3) ? OaVersion.V3
                : null;
        }

        if (document.TryGetProperty("data", out _) && document.TryGetProperty("signature", out _))
        {
            return OaVersion.V2;
        }

        return document.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.Object &&
               proof.TryGetProperty("salts", out _)
            ? OaVersion.V3
            : null;
    }

    private static IntegrityVerdict VerifyV2(JsonElement document)
    {
        if (!document.TryGetProperty("signature", out var signature) || signature.ValueKind != JsonValueKind.Object)
        {
            return Invalid(OaCodes.Malformed, "a v2 document needs a signature object");
        }

        if (!signature.TryGetProperty("type", out var type) || !type.ValueEquals(OaV2.SignatureType))
        {
            return Invalid(OaCodes.Malformed, $"signature.type must be \"{OaV2.SignatureType}\"");
        }

        if (!document.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return Invalid(OaCodes.Malformed, "a v2 document needs a data object");
        }

        var obfuscated = new List<string>();
        if (OaV2.ReadObfuscated(document, obfuscated) is { } bad)
        {
            return Invalid(bad.Code, $"{bad.Path}: {bad.Message}");
        }

        if (ReadMerkle(signature, "proof", required: false) is not { } merkle)
        {
            return Invalid(OaCodes.Malformed, "signature.targetHash, signature.merkleRoot and signature.proof must be hex hashes");
        }

        if (OaV2.TryTargetHash(data, obfuscated, out var targetHash) is { } error)
        {
            return Invalid(OaCodes.Malformed, $"data.{error.Path}: {error.Message}");
        }

        return Finish(targetHash, merkle, OaVersion.V2);
    }

    private static IntegrityVerdict VerifyV3(JsonElement document)
    {
        if (!document.TryGetProperty("proof", out var proof) || proof.ValueKind != JsonValueKind.Object)
        {
            return Invalid(OaCodes.Malformed, "a v3 document needs a proof object");
        }

        if (!proof.TryGetProperty("type", out var type) || !type.ValueEquals(ProofTypeV3))
        {
            return Invalid(OaCodes.Malformed, $"proof.type must be \"{ProofTypeV3}\"");
        }

        if (ReadMerkle(proof, "proofs", required: true) is not { } merkle)
        {
            return Invalid(OaCodes.Malformed, "proof.targetHash, proof.merkleRoot and proof.proofs must be hex hashes");
        }

        if (!proof.TryGetProperty("privacy", out var privacy) || privacy.ValueKind != JsonValueKind.Object ||
            !privacy.TryGetProperty("obfuscated", out var obfuscatedJson) || obfuscatedJson.ValueKind != JsonValueKind.Array ||
            obfuscatedJson.EnumerateArray().Any(static h => h.ValueKind != JsonValueKind.String))
        {
            return Invalid(OaCodes.Malformed, "proof.privacy.obfuscated must be an array of hashes");
        }

        if (ReadSalts(proof) is not { } salts)
        {
            return Invalid(OaCodes.Malformed, "proof.salts must be base64 of a JSON array of {value, path} strings");
        }

        // The credential without its proof, flattened as traverseAndFlatten does (src/3.0/verify.ts).
        var entries = new List<OaEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in document.EnumerateObject())
        {
            if (member.NameEquals("proof"))
            {
                continue;
            }

            if (member.Name.AsSpan().IndexOfAny(".[]") >= 0)
            {
                return Invalid(OaCodes.Malformed, $"{member.Name}: OpenAttestation v3 keys must not contain '.', '[' or ']'");
            }

            if (OaFlatten.V3(member.Value, member.Name, entries, seen) is { } error)
            {
                return Invalid(OaCodes.Malformed, $"{error.Path}: {error.Message}");
            }
        }

        var visible = entries.ToDictionary(static e => e.Path, static e => e.Value, StringComparer.Ordinal);
        var salted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, path) in salts)
        {
            if (!visible.ContainsKey(path) || !salted.Add(path))
            {
                return Invalid(OaCodes.SaltsMismatch, $"the salt for '{path}' names no visible field or repeats one");
            }
        }

        if (salted.Count != visible.Count)
        {
            var unsalted = visible.Keys.First(p => !salted.Contains(p));
            return Invalid(OaCodes.SaltsMismatch, $"the field '{unsalted}' has no salt, so it was not part of the signed data");
        }

        // keccak256(JSON.stringify({ [path]: `${salt}:${value}` })) per visible field (src/3.0/digest.ts; falsy values
        // included since Open-Attestation/open-attestation#273).
        var hashes = obfuscatedJson.EnumerateArray().Select(static h => h.GetString()!).ToList();
        foreach (var (salt, path) in salts)
        {
            try
            {
                hashes.Add(OaHashing.EntryHash(path, salt + ":" + OaJs.ToJsString(visible[path])));
            }
            catch (ArgumentException)
            {
                return Invalid(OaCodes.Malformed, $"{path}: is not valid Unicode text");
            }
        }

        return Finish(OaHashing.TargetHash(hashes), merkle, OaVersion.V3);
    }

    private static IntegrityVerdict Finish(string targetHash, Merkle merkle, OaVersion version)
    {
        // verify.ts compares the digest with targetHash as strings, then checkProof folds the proof (merkle.ts).
        if (!string.Equals(targetHash, merkle.TargetHash, StringComparison.Ordinal))
        {
            return Invalid(OaCodes.TargetHashMismatch, $"the data hashes to {targetHash}, not to the stated targetHash");
        }

        return OaHashing.CheckProof(Convert.FromHexString(targetHash), merkle.Proof, merkle.Root)
            ? new IntegrityVerdict.Valid(targetHash, Hex.Encode(merkle.Root), version)
            : Invalid(OaCodes.MerkleRootMismatch, "the target hash and the proof do not lead to merkleRoot");
    }

    private sealed record Merkle(string TargetHash, byte[] Root, List<byte[]> Proof);

    private static Merkle? ReadMerkle(JsonElement signature, string proofName, bool required)
    {
        if (!signature.TryGetProperty("targetHash", out var target) || target.ValueKind != JsonValueKind.String ||
            !signature.TryGetProperty("merkleRoot", out var rootJson) || !TryHash(rootJson, out var root))
        {
            return null;
        }

        var proof = new List<byte[]>();
        if (signature.TryGetProperty(proofName, out var proofJson))
        {
            if (proofJson.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var step in proofJson.EnumerateArray())
            {
                if (!TryHash(step, out var hash))
                {
                    return null;
                }

                proof.Add(hash);
            }
        }
        else if (required)
        {
            return null;
        }

        return new Merkle(target.GetString()!, root, proof);
    }

    /// <summary>64 hex digits of either case (Buffer.from(hash, "hex") in hashToBuffer), no prefix.</summary>
    private static bool TryHash(JsonElement element, out byte[] hash)
    {
        hash = [];
        return element.ValueKind == JsonValueKind.String &&
               element.GetString() is { Length: 2 * OaHashing.HashLength } hex &&
               !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
               Hex.TryDecode(hex, out hash);
    }

    /// <summary>decodeSalt: Base64 → UTF-8 → JSON array of { value, path } (src/3.0/salt.ts).</summary>
    private static List<(string Value, string Path)>? ReadSalts(JsonElement proof)
    {
        if (!proof.TryGetProperty("salts", out var saltsJson) || saltsJson.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = saltsJson.GetString()!;
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return null;
        }

        using var parsed = SafeJson.Parse(bytes.AsMemory(0, length));
        if (!parsed.IsSuccess || parsed.Document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var salts = new List<(string, string)>();
        foreach (var salt in parsed.Document.RootElement.EnumerateArray())
        {
            if (salt.ValueKind != JsonValueKind.Object ||
                !salt.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String ||
                !salt.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            salts.Add((value.GetString()!, path.GetString()!));
        }

        return salts;
    }

    private static IntegrityVerdict.Invalid Invalid(string code, string message) => new(code, message);
}
