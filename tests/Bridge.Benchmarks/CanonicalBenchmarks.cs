using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bridge.Canonical.Json;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Model;
using Bridge.Canonical.OpenAttestation;

namespace Bridge.Benchmarks;

/// <summary>
/// The canonical model's hot paths, one operation per call on one thread (so operations/s = operations/s/core):
/// a DCSA TNT 2.2 event from raw bytes to a canonical event and its RFC 8785 SHA-256 content hash, and
/// OpenAttestation v2 integrity verification. Targets (issue 3): 100,000 events/s/core and 20,000 verifications/s/core.
/// </summary>
[MemoryDiagnoser]
public class CanonicalBenchmarks
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly DcsaTnt22Mapper _tnt22 = new();
    private byte[] _transportEvent = [];
    private byte[] _equipmentEvent = [];
    private byte[] _response = [];
    private byte[] _oaDocument = [];
    private JsonDocument? _oaParsed;

    [GlobalSetup]
    public void Setup()
    {
        using var response = JsonDocument.Parse(Fixtures.Read("dcsa", "tnt-2.2", "tnt-220-response.json"));
        _transportEvent = JsonSerializer.SerializeToUtf8Bytes(response.RootElement[0]);
        _equipmentEvent = JsonSerializer.SerializeToUtf8Bytes(response.RootElement[2]);
        _response = Fixtures.Read("dcsa", "tnt-2.2", "tnt-220-response.json");
        _oaDocument = Fixtures.Read("openattestation", "v2", "not-obfuscated-wrapped.json");
        _oaParsed = JsonDocument.Parse(_oaDocument);
        if (MapAndHash(_transportEvent).Length != 64 || Tnt22Response_MapAndHashPerEvent() != 7 * 64 || VerifyOpenAttestationFromBytes() is not IntegrityVerdict.Valid)
        {
            throw new InvalidOperationException("the benchmark inputs do not map or verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _oaParsed?.Dispose();

    /// <summary>Raw bytes of one TNT 2.2 TRANSPORT event -> safe parse -> canonical -> JCS SHA-256.</summary>
    [Benchmark]
    public string Tnt22TransportEvent_MapAndHash() => MapAndHash(_transportEvent);

    /// <summary>As above for the EQUIPMENT event (with location, address, transport call and references).</summary>
    [Benchmark]
    public string Tnt22EquipmentEvent_MapAndHash() => MapAndHash(_equipmentEvent);

    /// <summary>
    /// The whole TNT 2.2 fixture response (7 transport, shipment and equipment events, 9.5 KB) as one GET /events payload:
    /// parse once, map, hash every event. Reported per event.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 7)]
    public int Tnt22Response_MapAndHashPerEvent()
    {
        using var parsed = SafeJson.Parse(_response);
        var result = _tnt22.Map(parsed.Document!.RootElement, new MappingContext(ReceivedAt, "0000000000000000000000000000000000000000000000000000000000000000"));
        var length = 0;
        foreach (var mapped in result.Events)
        {
            length += ContentHashing.Of(mapped).Length;
        }

        return length;
    }

    /// <summary>OpenAttestation v2 DOCUMENT_INTEGRITY from raw bytes (parse + targetHash + merkleRoot).</summary>
    [Benchmark]
    public IntegrityVerdict VerifyOpenAttestationFromBytes()
    {
        using var parsed = SafeJson.Parse(_oaDocument);
        return OpenAttestationVerifier.VerifyIntegrity(parsed.Document!.RootElement);
    }

    /// <summary>OpenAttestation v2 DOCUMENT_INTEGRITY of an already parsed document.</summary>
    [Benchmark]
    public IntegrityVerdict VerifyOpenAttestationParsed() => OpenAttestationVerifier.VerifyIntegrity(_oaParsed!.RootElement);

    private string MapAndHash(byte[] payload)
    {
        using var parsed = SafeJson.Parse(payload);
        var result = _tnt22.Map(parsed.Document!.RootElement, new MappingContext(ReceivedAt, "0000000000000000000000000000000000000000000000000000000000000000"));
        return ContentHashing.Of(result.Events[0]);
    }
}
