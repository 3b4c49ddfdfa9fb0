using System.Text.Json;
using Bridge.Adapters.Platform.Client;
using Bridge.Canonical.Hashing;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.TradeLens;
using Bridge.Canonical.Model;

namespace Bridge.Adapters.Platform.Mapping;

/// <summary>
/// Maps a platform event object (feed or webhook) into the canonical model with <see cref="TradeLensMapper"/>
/// (trade-standards.md §A.5 "TradeLens-style → canonical"). The object is given to the mapper without
/// <c>attestation</c> (proof material, kept in the <c>platform-jws</c> proof) and <c>sequence</c> (a platform position,
/// not content), so the same event from two platforms hashes the same. Provenance keeps where it came from: source id
/// = <c>eventTransactionId</c>, raw SHA-256 = SHA-256 of the served object's RFC 8785 bytes, and an anchor naming the
/// network, the <c>eventTransactionId</c> and the <c>sequence</c> (as its block number). Pure; never throws for bad input.
/// </summary>
public static class PlatformEventMapper
{
    private static readonly TradeLensMapper Mapper = new();

    /// <summary>Maps <paramref name="platformEvent"/>; see the class summary.</summary>
    /// <param name="platformEvent">The event as served.</param>
    /// <param name="network">The network's name in the bridge.</param>
    /// <param name="receivedAt">When the bridge received it.</param>
    public static MappingResult Map(PlatformEvent platformEvent, string network, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(platformEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        var context = new MappingContext(receivedAt, RawSha256(platformEvent.Object), platformEvent.EventTransactionId);
        using var content = JsonDocument.Parse(WithoutMembers(platformEvent.Object, "attestation", "sequence"));
        var result = Mapper.Map(content.RootElement, context);
        var anchor = new LedgerAnchor { Ledger = network, TransactionId = platformEvent.EventTransactionId, BlockNumber = platformEvent.Sequence };
        return result with
        {
            Events = [.. result.Events.Select(e => e with { Provenance = Stamp(e.Provenance, context, anchor) })],
            Consignments = [.. result.Consignments.Select(c => c with { Provenance = Stamp(c.Provenance, context, anchor) })],
        };
    }

    private static Provenance Stamp(Provenance? mapped, MappingContext context, LedgerAnchor anchor) =>
        (mapped ?? new Provenance { SourceSystem = SourceSystems.TradeLens, ReceivedAt = context.ReceivedAt, RawSha256 = context.RawSha256 })
        with
        { SourceId = context.SourceId, Anchor = anchor };

    // The event as served is I-JSON (the platform signs its JCS form); anything else still gets a stable digest of its text.
    private static string RawSha256(JsonElement element)
    {
        try
        {
            return ContentHash.OfJcs(element);
        }
        catch (ArgumentException)
        {
            return ContentHash.Sha256Hex(JsonSerializer.SerializeToUtf8Bytes(element));
        }
    }

    private static byte[] WithoutMembers(JsonElement element, params string[] names)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in element.EnumerateObject())
            {
                if (Array.IndexOf(names, member.Name) < 0)
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
