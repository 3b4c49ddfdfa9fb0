using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Platform.Proofs;

/// <summary>
/// Wraps attested platform objects as <c>platform-jws</c> proof envelopes (docs/platform.md, "Attestations"), the shapes
/// <see cref="PlatformJwsVerifier"/> reads. Building checks only the shape; whether the attestation holds is the verifier's job.
/// </summary>
public static class PlatformProofBuilder
{
    /// <summary>The proof of an event object as served (attestation included): subject <c>event</c>, id <c>eventTransactionId</c>.</summary>
    /// <exception cref="ArgumentException">The object has no string <c>eventTransactionId</c> or no single <c>attestation</c>.</exception>
    public static ProofEnvelope ForEvent(string sourceNetwork, JsonElement eventObject) =>
        ForObject(sourceNetwork, eventObject, ProofSubjectType.Event, "eventTransactionId");

    /// <summary>The proof of document metadata as served: subject <c>state</c>, id <c>documentId</c>.</summary>
    /// <exception cref="ArgumentException">The object has no string <c>documentId</c> or no single <c>attestation</c>.</exception>
    public static ProofEnvelope ForDocumentMetadata(string sourceNetwork, JsonElement metadata) =>
        ForObject(sourceNetwork, metadata, ProofSubjectType.State, "documentId");

    /// <summary>
    /// The proof of document content: subject <c>state</c>, id <c>{documentId}/content</c>, digest SHA-256 of the bytes;
    /// with <paramref name="metadata"/> (attested) the content is also bound to its document.
    /// </summary>
    public static ProofEnvelope ForDocumentContent(string sourceNetwork, string documentId, ReadOnlySpan<byte> content, string attestation, JsonElement? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceNetwork);
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(attestation);
        var contentBase64 = Convert.ToBase64String(content);
        var data = Data(writer =>
        {
            writer.WriteString("contentBase64", contentBase64);
            writer.WriteString("attestation", attestation);
            if (metadata is { } m)
            {
                writer.WritePropertyName("metadata");
                m.WriteTo(writer);
            }
        });
        var subject = new ProofSubject(ProofSubjectType.State, documentId + PlatformJwsVerifier.ContentSuffix, ContentHash.Sha256Hex(content));
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, sourceNetwork, ProofKind.PlatformJws, subject, data);
    }

    private static ProofEnvelope ForObject(string sourceNetwork, JsonElement attested, ProofSubjectType type, string idMember)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceNetwork);
        if (!PlatformJwsVerifier.TryPayload(attested, out var payload, out _, out var problem))
        {
            throw new ArgumentException(problem, nameof(attested));
        }

        if (!attested.TryGetProperty(idMember, out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException($"The attested object has no {idMember}.", nameof(attested));
        }

        var data = Data(writer =>
        {
            writer.WritePropertyName("object");
            attested.WriteTo(writer);
        });
        var subject = new ProofSubject(type, id.GetString()!, ContentHash.Sha256Hex(payload));
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, sourceNetwork, ProofKind.PlatformJws, subject, data);
    }

    private static JsonElement Data(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
