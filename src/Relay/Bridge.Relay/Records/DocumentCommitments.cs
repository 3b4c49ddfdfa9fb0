using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Canonical.Disclosure;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.Relay.Records;

/// <summary>
/// The salted Merkle commitment (bridge-salted-merkle-v1, docs/selective-disclosure.md) of a stored document and
/// its redacted view. The committed content is the document's canonical JSON without <c>provenance</c> — the same
/// content <c>contentSha256</c> covers — so the commitment does not change when the same document comes from
/// another source. Every stored version gets its own random 32-byte secret, so disclosures of two versions cannot
/// be compared leaf by leaf.
/// </summary>
public static class DocumentCommitments
{
    private const string ProvenanceMember = "provenance";

    /// <summary>The top-level members a redacted view reveals; every other member is hidden.</summary>
    public static IReadOnlyList<string> RevealedMembers { get; } = ["docType", "documentNumber", "issueDate"];

    /// <summary>A fresh secret and the commitment root of <paramref name="document"/> under it.</summary>
    public static (string Root, byte[] Secret) Commit(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var secret = RandomNumberGenerator.GetBytes(SaltedMerkleCommitment.SecretLength);
        var content = CanonicalJson.SerializeToElement<TradeDocument>(document with { Provenance = null });
        return (SaltedMerkleCommitment.Commit(content, secret).Root, secret);
    }

    /// <summary>
    /// The redacted view of a stored document: a disclosure that reveals <see cref="RevealedMembers"/> and hides
    /// everything else (hidden leaves show only as their count of leaf hashes). It verifies against the root the
    /// document was stored with.
    /// </summary>
    public static SaltedDisclosure Redact(string bodyJson, ReadOnlySpan<byte> secret)
    {
        using var body = JsonDocument.Parse(bodyJson);
        var content = ContentOf(body.RootElement);
        var hidden = new List<string>();
        foreach (var member in content.EnumerateObject())
        {
            if (!RevealedMembers.Contains(member.Name, StringComparer.Ordinal))
            {
                hidden.Add(JsonPointer.Append(string.Empty, member.Name));
            }
        }

        return SaltedMerkleCommitment.Disclose(content, secret, hidden) switch
        {
            DisclosureResult<SaltedDisclosure>.Ok ok => ok.Value,
            DisclosureResult<SaltedDisclosure>.Failed failed => throw new InvalidOperationException(
                $"Cannot redact a stored document: {failed.Code} at '{failed.Pointer}': {failed.Message}"),
            _ => throw new InvalidOperationException("Unknown disclosure result."),
        };
    }

    /// <summary>The committed content of a stored body: its members without <c>provenance</c>.</summary>
    public static JsonElement ContentOf(JsonElement body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var member in body.EnumerateObject())
            {
                if (member.Name != ProvenanceMember)
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
