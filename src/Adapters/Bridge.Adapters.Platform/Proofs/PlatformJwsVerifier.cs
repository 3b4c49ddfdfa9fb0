using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Json;

namespace Bridge.Adapters.Platform.Proofs;

/// <summary>Stable codes of the platform verifier's <see cref="ProofVerdict.Invalid"/> verdicts beyond <see cref="ProofVerdictCodes"/>.</summary>
public static class PlatformProofCodes
{
    /// <summary>The JWS names an algorithm other than ES256 (including <c>none</c> and HMAC algorithms).</summary>
    public const string UnsupportedAlgorithm = "unsupported-algorithm";

    /// <summary>The JWS's <c>iss</c> is not the anchors' issuer.</summary>
    public const string WrongIssuer = "wrong-issuer";

    /// <summary>The proof is about another object than the envelope's subject names (type or id).</summary>
    public const string SubjectMismatch = "subject-mismatch";
}

/// <summary>
/// Checks <c>platform-jws</c> proofs (docs/platform.md, "Attestations"): a detached ES256 JWS by the platform's key over
/// the RFC 8785 (JCS) bytes of an event or document-metadata object without its <c>attestation</c> member (data
/// <c>{"object": {…, "attestation"}}</c>), or over document content bytes (data <c>{"contentBase64", "attestation",
/// "metadata"?}</c>; with the optional attested metadata the content is also bound to its document through
/// <c>contentSha256</c>). The proof holds when: the JWS is a detached compact serialization (RFC 7515 Appendix F) whose
/// protected header has <c>alg</c> ES256 (RFC 7518 §3.4; anything else, <c>none</c> and HS256 included, is refused, RFC
/// 8725 §3.1), <c>typ</c> <c>platform-attestation+jws</c> (RFC 8725 §3.11) and no <c>crit</c> (RFC 7515 §4.1.11: no
/// extension is understood); its <c>kid</c> names a key of the anchors' JWKS and its <c>iss</c> is the anchors' issuer
/// (exact string); the signature verifies; and the subject matches: an <c>event</c> with id <c>eventTransactionId</c>
/// or a <c>state</c> with id <c>documentId</c>, digest the lower-case hex SHA-256 of the JCS bytes; or a <c>state</c>
/// with id <c>{documentId}/content</c>, digest the SHA-256 of the content bytes. Pure: no I/O, no clock; never throws
/// for bad input.
/// </summary>
public sealed class PlatformJwsVerifier : IProofVerifier
{
    /// <summary>The suffix of a content subject's id: <c>{documentId}/content</c>.</summary>
    public const string ContentSuffix = "/content";

    /// <inheritdoc />
    public ProofKind Kind => ProofKind.PlatformJws;

    /// <inheritdoc />
    public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors is not PlatformTrustAnchors platform)
        {
            return new ProofVerdict.NotApplicable($"a platform-jws proof is checked against platform trust anchors, not {anchors.Kind}");
        }

        var data = proof.Data;
        if (data.ValueKind != JsonValueKind.Object)
        {
            return Malformed("the data must be a JSON object");
        }

        try
        {
            if (data.TryGetProperty("object", out var attested))
            {
                return VerifyObject(proof.Subject, attested, platform);
            }

            if (data.TryGetProperty("contentBase64", out _))
            {
                return VerifyContent(proof.Subject, data, platform);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or CryptographicException or FormatException or ArgumentException)
        {
            // Defence in depth: e.g. a JSON string that is not valid UTF-8 throws when read.
            return Malformed("the proof data does not decode: " + e.GetType().Name);
        }

        return Malformed("the data needs either object, or contentBase64 and attestation");
    }

    private static ProofVerdict VerifyObject(ProofSubject subject, JsonElement attested, PlatformTrustAnchors anchors)
    {
        if (!TryPayload(attested, out var payload, out var attestation, out var problem))
        {
            return Malformed(problem);
        }

        if (Check(attestation, payload, anchors, out var jws) is { } failure)
        {
            return failure;
        }

        var (idMember, expectedType) = subject.Type switch
        {
            ProofSubjectType.Event => ("eventTransactionId", ProofSubjectType.Event),
            ProofSubjectType.State => ("documentId", ProofSubjectType.State),
            _ => (string.Empty, subject.Type),
        };
        if (idMember.Length == 0)
        {
            return Invalid(PlatformProofCodes.SubjectMismatch, $"a platform-jws object proves an event or a state, not a {subject.Type.ToWireName()}");
        }

        var id = attested.TryGetProperty(idMember, out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        if (id is null)
        {
            return Invalid(PlatformProofCodes.SubjectMismatch, $"the attested object has no {idMember}, so it is not the {expectedType.ToWireName()} the subject names");
        }

        if (id != subject.Id)
        {
            return Invalid(PlatformProofCodes.SubjectMismatch, $"the attested object is {idMember} '{id}', the subject names '{subject.Id}'");
        }

        var digest = ContentHash.Sha256Hex(payload);
        return digest != subject.Digest
            ? Invalid(ProofVerdictCodes.DigestMismatch, $"the attested object's JCS digest is {digest}, the subject claims {subject.Digest}")
            : Valid(jws, subject, digest);
    }

    private static ProofVerdict VerifyContent(ProofSubject subject, JsonElement data, PlatformTrustAnchors anchors)
    {
        if (!data.TryGetProperty("contentBase64", out var encoded) || encoded.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("attestation", out var attestationValue) || attestationValue.ValueKind != JsonValueKind.String)
        {
            return Malformed("content proofs need contentBase64 and attestation as strings");
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(encoded.GetString()!);
        }
        catch (FormatException)
        {
            return Malformed("contentBase64 is not base64");
        }

        if (Check(attestationValue.GetString(), content, anchors, out var jws) is { } failure)
        {
            return failure;
        }

        if (subject.Type != ProofSubjectType.State || !subject.Id.EndsWith(ContentSuffix, StringComparison.Ordinal) || subject.Id.Length == ContentSuffix.Length)
        {
            return Invalid(PlatformProofCodes.SubjectMismatch, $"document content is proven as a state '{{documentId}}{ContentSuffix}', not {subject.Type.ToWireName()} '{subject.Id}'");
        }

        var digest = ContentHash.Sha256Hex(content);
        if (digest != subject.Digest)
        {
            return Invalid(ProofVerdictCodes.DigestMismatch, $"the content's SHA-256 is {digest}, the subject claims {subject.Digest}");
        }

        // Optional binding of the bytes to their document: the attested metadata names the same document and hash.
        if (data.TryGetProperty("metadata", out var metadata))
        {
            var documentId = subject.Id[..^ContentSuffix.Length];
            if (!TryPayload(metadata, out var metadataPayload, out var metadataAttestation, out var problem))
            {
                return Malformed("metadata: " + problem);
            }

            if (Check(metadataAttestation, metadataPayload, anchors, out _) is { } metadataFailure)
            {
                return metadataFailure;
            }

            var named = metadata.TryGetProperty("documentId", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            if (named != documentId)
            {
                return Invalid(PlatformProofCodes.SubjectMismatch, $"the metadata is for document '{named}', the subject names '{documentId}'");
            }

            var bound = metadata.TryGetProperty("contentSha256", out var hash) && hash.ValueKind == JsonValueKind.String ? hash.GetString() : null;
            if (bound != digest)
            {
                return Invalid(ProofVerdictCodes.DigestMismatch, $"the metadata's contentSha256 is '{bound}', the content's is {digest}");
            }
        }

        return Valid(jws, subject, digest);
    }

    /// <summary>Checks the JWS over <paramref name="payload"/>: null when it holds (then <paramref name="jws"/> is set), else why not.</summary>
    private static ProofVerdict.Invalid? Check(string? attestation, ReadOnlySpan<byte> payload, PlatformTrustAnchors anchors, out DetachedJws jws)
    {
        jws = null!;
        if (!PlatformJws.TryParseDetached(attestation, out var parsed, out var error))
        {
            return Malformed(error);
        }

        jws = parsed!;
        if (jws.Algorithm != PlatformJws.Algorithm)
        {
            return Invalid(PlatformProofCodes.UnsupportedAlgorithm, $"the JWS algorithm is '{jws.Algorithm}'; only {PlatformJws.Algorithm} is accepted");
        }

        if (jws.Type != PlatformJws.AttestationType)
        {
            return Malformed($"the JWS typ is '{jws.Type}', not {PlatformJws.AttestationType}");
        }

        if (jws.HasCritical)
        {
            return Malformed("the JWS header has crit; no extension is understood (RFC 7515 §4.1.11)");
        }

        var kid = jws.KeyId;
        var key = kid is null ? null : anchors.Jwks.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null)
        {
            return Invalid(ProofVerdictCodes.UntrustedSigner, $"key '{jws.KeyId}' is not in the platform's JWKS");
        }

        if (jws.Issuer != anchors.Issuer)
        {
            return Invalid(PlatformProofCodes.WrongIssuer, $"the JWS issuer is '{jws.Issuer}', the anchors' is '{anchors.Issuer}'");
        }

        if (jws.Signature.Length != 64)
        {
            return Malformed($"an ES256 signature is 64 bytes (RFC 7518 §3.4), not {jws.Signature.Length}");
        }

        if (!PlatformJws.Verify(key, jws.EncodedHeader, payload, jws.Signature, out var keyError))
        {
            return keyError is null
                ? Invalid(ProofVerdictCodes.BadSignature, $"the ES256 signature by '{jws.KeyId}' does not verify")
                : Invalid(ProofVerdictCodes.UntrustedSigner, keyError);
        }

        return null;
    }

    /// <summary>The JCS bytes of <paramref name="attested"/> without its (single) <c>attestation</c> member, and that member.</summary>
    internal static bool TryPayload(JsonElement attested, out byte[] payload, out string? attestation, out string problem)
    {
        payload = [];
        attestation = null;
        problem = string.Empty;
        if (attested.ValueKind != JsonValueKind.Object)
        {
            problem = "the attested object must be a JSON object";
            return false;
        }

        var attestations = 0;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in attested.EnumerateObject())
            {
                if (member.NameEquals("attestation"))
                {
                    attestations++;
                    attestation = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
                    continue;
                }

                member.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        if (attestations != 1 || attestation is null)
        {
            problem = "the attested object must have exactly one attestation member, a string";
            return false;
        }

        var canonical = new ArrayBufferWriter<byte>(buffer.WrittenCount);
        if (!Jcs.TryCanonicalize(buffer.WrittenSpan, canonical, out var error))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the attested object has no RFC 8785 form ({error.Code})");
            return false;
        }

        payload = canonical.WrittenSpan.ToArray();
        return true;
    }

    private static ProofVerdict.Valid Valid(DetachedJws jws, ProofSubject subject, string digest)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["issuer"] = jws.Issuer!,
            ["subject"] = subject.Id,
            ["digest"] = digest,
        };
        if (jws.IssuedAt is { } iat)
        {
            details["iat"] = iat.ToString(CultureInfo.InvariantCulture);
        }

        return new ProofVerdict.Valid([jws.KeyId!], Details: details);
    }

    private static ProofVerdict.Invalid Malformed(string reason) => new(ProofVerdictCodes.MalformedProof, reason);

    private static ProofVerdict.Invalid Invalid(string code, string reason) => new(code, reason);
}
