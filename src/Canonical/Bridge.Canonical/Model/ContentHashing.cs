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
    // One serialisation buffer and writer per thread and route: hashing is a hot path (docs/performance.md).
    [ThreadStatic]
    private static Scratch? _general;

    [ThreadStatic]
    private static Scratch? _direct;

    private static readonly JsonTypeInfo<LogisticsEvent> EventTypeInfo =
        (JsonTypeInfo<LogisticsEvent>)JcsSerialization.Options.GetTypeInfo(typeof(LogisticsEvent));

    public static string Of(TradeDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Hash(document with { Provenance = null }, CanonicalJson.TypeInfo<TradeDocument>(), direct: false);
    }

    /// <summary>
    /// The hot path: System.Text.Json writes the event in RFC 8785 form directly (<see cref="JcsSerialization"/>), so no
    /// second canonicalisation pass is needed. Documents keep the general route: their <c>docType</c> discriminator is
    /// written first, out of RFC 8785 order.
    /// </summary>
    public static string Of(LogisticsEvent logisticsEvent)
    {
        ArgumentNullException.ThrowIfNull(logisticsEvent);
        return Hash(logisticsEvent with { Provenance = null }, EventTypeInfo, direct: true);
    }

    public static string Of(Consignment consignment)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        return Hash(consignment with { Provenance = null }, CanonicalJson.TypeInfo<Consignment>(), direct: false);
    }

    /// <summary>The same hash by the general route (serialise, then RFC 8785); kept to prove the direct route equal.</summary>
    internal static string OfViaJcs(LogisticsEvent logisticsEvent) =>
        Hash(logisticsEvent with { Provenance = null }, CanonicalJson.TypeInfo<LogisticsEvent>(), direct: false);

    private static string Hash<T>(T value, JsonTypeInfo<T> typeInfo, bool direct)
    {
        var scratch = direct
            ? _direct ??= new Scratch(JcsSerialization.WriterOptions)
            : _general ??= new Scratch(default);
        var json = scratch.Write(value, typeInfo);
        var hash = direct ? ContentHash.Sha256Hex(json) : ContentHash.OfJcs(json);
        if (scratch.IsLarge)
        {
            // Do not keep a huge document's buffer alive on the thread.
            if (direct)
            {
                _direct = null;
            }
            else
            {
                _general = null;
            }
        }

        return hash;
    }

    private sealed class Scratch(JsonWriterOptions options)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);
        private Utf8JsonWriter? _writer;

        public bool IsLarge => _buffer.Capacity > 1024 * 1024;

        public ReadOnlySpan<byte> Write<T>(T value, JsonTypeInfo<T> typeInfo)
        {
            _buffer.ResetWrittenCount();
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(_buffer, options);
            }
            else
            {
                _writer.Reset(_buffer);
            }

            JsonSerializer.Serialize(_writer, value, typeInfo);
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
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
