using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bridge.Canonical.Hashing;

namespace Bridge.Canonical.Model;

/// <summary>
/// Content hashes and deterministic ids of canonical objects. The content hash is the lowercase hex SHA-256 of the
/// RFC 8785 (JCS) form of the canonical JSON without <c>provenance</c>, so the same fact from two sources or received
/// twice hashes the same (trade-standards.md §A: "Canonical JSON for hashing = RFC 8785 JCS + SHA-256").
/// </summary>
public static class ContentHashing
{
    // One serialisation buffer and writer per thread: hashing is a hot path (docs/performance.md).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _directBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _directWriter;

    private static readonly JsonTypeInfo<LogisticsEvent> EventTypeInfo =
        (JsonTypeInfo<LogisticsEvent>)JcsSerialization.Options.GetTypeInfo(typeof(LogisticsEvent));

    public static string Of(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Hash(document with { Provenance = null }, CanonicalJson.TypeInfo<TradeDocument>());
    }

    public static string Of(LogisticsEvent logisticsEvent)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);

        // The hot path: System.Text.Json writes the event in RFC 8785 form directly (JcsSerialization).
        var buffer = _directBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _directWriter;
        if (writer is null)
        {
            writer = _directWriter = new Utf8JsonWriter(buffer, JcsSerialization.WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        JsonSerializer.Serialize(writer, logisticsEvent with { Provenance = null }, EventTypeInfo);
        writer.Flush();
        var hash = ContentHash.Sha256Hex(buffer.WrittenSpan);
        if (buffer.Capacity > 1024 * 1024)
        {
            _directBuffer = null;
            _directWriter = null;
        }

        return hash;
    }

    /// <summary>The same hash by the general route (serialise, then RFC 8785); kept to prove the direct route equal.</summary>
    internal static string OfViaJcs(LogisticsEvent logisticsEvent) =>
        Hash(logisticsEvent with { Provenance = null }, CanonicalJson.TypeInfo<LogisticsEvent>());

    public static string Of(Consignment consignment)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        return Hash(consignment with { Provenance = null }, CanonicalJson.TypeInfo<Consignment>());
    }

    private static string Hash<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _writer;
        if (writer is null)
        {
            writer = _writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
        var hash = ContentHash.OfJcs(buffer.WrittenSpan);
        if (buffer.Capacity > 1024 * 1024)
        {
            // Do not keep a huge document's buffer alive on the thread.
            _buffer = null;
            _writer = null;
        }

        return hash;
    }
}

/// <summary>
/// Natural keys and the ids derived from them: <c>UUIDv5(bridge namespace, sourceSystem + ":" + naturalKey)</c>, so
/// ingesting the same fact twice gives the same id (trade-standards.md §A "Deterministic ids").
/// </summary>
public static class NaturalKeys
{
    /// <summary>
    /// An event's key: its source event id when the source has one (DCSA eventID, TradeLens eventTransactionId, EPCIS
    /// eventID), otherwise its content hash.
    /// </summary>
    public static string Of(LogisticsEvent logisticsEvent, string contentSha256)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);
        return string.IsNullOrEmpty(logisticsEvent.SourceEventId)
            ? "event:sha256:" + contentSha256
            : "event:" + logisticsEvent.SourceEventId;
    }

    /// <summary>A document's key: its type, the carrier or issuer when known, and its number.</summary>
    public static string Of(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var issuer = document is TransportDocument { Carrier: { } carrier }
            ? carrier.Scheme + "=" + carrier.Value
            : document.Issuer?.Identifiers is [var first, ..] ? first.Scheme + "=" + first.Value : string.Empty;
        return "document:" + document.DocType + ":" + issuer + ":" + document.DocumentNumber;
    }

    public static Guid IdOf(LogisticsEvent logisticsEvent, string contentSha256)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);
        return CanonicalIds.ForNaturalKey(logisticsEvent.Provenance?.SourceSystem ?? SourceSystems.Canonical, Of(logisticsEvent, contentSha256));
    }

    public static Guid IdOf(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CanonicalIds.ForNaturalKey(document.Provenance?.SourceSystem ?? SourceSystems.Canonical, Of(document));
    }
}
