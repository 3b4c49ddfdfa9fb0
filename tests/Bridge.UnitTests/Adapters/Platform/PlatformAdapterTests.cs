using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Platform.Adapter;
using Bridge.Adapters.Platform.Client;
using Bridge.Adapters.Platform.Mapping;
using Bridge.Adapters.Platform.Proofs;
using Bridge.UnitTests.Support;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class PlatformAdapterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly FakePlatformHandler _platform;
    private readonly HttpClient _http;
    private readonly PlatformClient _client;
    private readonly PlatformAdapter _adapter;
    private readonly PlatformTestKeys _keys = new();

    public PlatformAdapterTests()
    {
        _platform = new FakePlatformHandler(_clock);
        _http = new HttpClient(_platform) { BaseAddress = new Uri("http://platform.test/") };
        _client = new PlatformClient(_http, new PlatformClientOptions { ApiKey = "k", OrganizationId = "org-1", NetworkName = "platform-test", TimeProvider = _clock, MaxAttempts = 1 });
        _adapter = new PlatformAdapter(_client, new PlatformPollerOptions { TimeProvider = _clock, Interval = TimeSpan.FromSeconds(5) });
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
        _keys.Dispose();
    }

    private JsonObject AttestedEvent(long sequence) => _keys.Attest(new JsonObject
    {
        ["eventType"] = "actualGateIn",
        ["eventName"] = "Gate in",
        ["eventTransactionId"] = "evt-" + sequence,
        ["sequence"] = sequence,
        ["eventOccurrenceTime8601"] = "2024-03-01T10:15:00.000+01:00",
        ["eventSubmissionTime8601"] = "2024-03-01T10:16:00.000+01:00",
        ["originatorId"] = "MAEU",
        ["originatorName"] = "Carrier",
        ["equipmentNumber"] = "MSKU1234565",
        ["transportationPhase"] = "Export",
        ["fullStatus"] = "Full",
        ["location"] = new JsonObject { ["type"] = "UN/Locode", ["value"] = "NLRTM" },
    });

    [Fact]
    public async Task Submit_PublishEvent_SendsTheIdempotencyKeyAndAnswersTheEventId()
    {
        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject { ["message"] = "Event submitted", ["eventTransactionId"] = "evt-1" }));

        var result = await _adapter.SubmitAsync(new LedgerCommand.RawInvoke("publishEvent", ["actualGateIn", "{\"originatorId\":\"MAEU\"}"]), "idem-7", Ct);

        result.ShouldBe(new SubmitResult.Accepted(new TxRef("evt-1")));
        var sent = _platform.Requests.Last();
        sent.PathAndQuery.ShouldBe("/api/v1/transportEvents/actualGateIn");
        JsonNode.Parse(sent.Body!)!["idempotencyKey"]!.GetValue<string>().ShouldBe("idem-7");
    }

    [Fact]
    public async Task Submit_ShareDocument_UploadsMultipartWithTheKey()
    {
        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject { ["documentId"] = "doc-1", ["contentSha256"] = "00" }));
        var content = Convert.ToBase64String(Encoding.UTF8.GetBytes("%PDF-1.7"));

        var result = await _adapter.SubmitAsync(new LedgerCommand.RawInvoke("shareDocument", ["{\"docType\":\"BILL_OF_LADING\",\"consignmentId\":\"c1\"}", content]), "idem-8", Ct);

        result.ShouldBe(new SubmitResult.Accepted(new TxRef("doc-1")));
        var body = _platform.Requests.Last().Body!;
        body.ShouldContain("name=metadata");
        body.ShouldContain("\"idempotencyKey\":\"idem-8\"");
        body.ShouldContain("%PDF-1.7");
    }

    [Fact]
    public async Task Submit_ValidationProblem_IsRejectedAsInvalidCommand()
    {
        _platform.Then(_ => FakePlatformHandler.Problem(HttpStatusCode.BadRequest, "Validation failed", "originatorId is required"));

        var result = await _adapter.SubmitAsync(new LedgerCommand.RawInvoke("publishEvent", ["actualGateIn", "{}"]), "idem-9", Ct);

        result.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("invalid-command");
    }

    [Fact]
    public async Task Submit_OtherCommands_AreUnsupportedWithoutCalling()
    {
        var anchor = await _adapter.SubmitAsync(new LedgerCommand.Anchor("d", new string('0', 64), new string('0', 64)), "k", Ct);
        var other = await _adapter.SubmitAsync(new LedgerCommand.RawInvoke("deleteEverything", []), "k", Ct);

        anchor.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("unsupported-command");
        other.ShouldBeOfType<SubmitResult.Rejected>().Code.ShouldBe("unsupported-command");
        _platform.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Subscribe_FromCheckpoint_ResumesAfterItWithSortableIdsAndProvesTheEvent()
    {
        var served = AttestedEvent(4);
        _platform.Then(_ => FakePlatformHandler.Json(HttpStatusCode.OK, new JsonObject { ["events"] = new JsonArray(served.DeepClone()), ["lastSequence"] = 4 }));

        await using var stream = _adapter.SubscribeAsync(new Checkpoint(PlatformAdapter.FormatProtocolId(3)), Ct).GetAsyncEnumerator(Ct);
        (await stream.MoveNextAsync()).ShouldBeTrue();

        var item = stream.Current;
        item.ProtocolId.ShouldBe("00000000000000000004");
        item.Tx.ShouldBe(new TxRef("evt-4", 4));
        item.Name.ShouldBe("actualGateIn");
        _platform.Requests.Last().PathAndQuery.ShouldBe("/api/v1/events?afterSequence=3&size=500");
        string.CompareOrdinal(PlatformAdapter.FormatProtocolId(9), PlatformAdapter.FormatProtocolId(10)).ShouldBeLessThan(0);

        var proof = await _adapter.GetProofAsync(new ProofRequest(ProofKind.PlatformJws, new ProofSubject(ProofSubjectType.Event, "evt-4", new string('0', 64))), Ct);
        new PlatformJwsVerifier().Verify(proof, _keys.Anchors).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Subscribe_CheckpointOfAnotherNetworkKind_IsRefused()
    {
        await Should.ThrowAsync<ArgumentException>(async () =>
        {
            await foreach (var item in _adapter.SubscribeAsync(new Checkpoint("00000000000000000012/0000000003/0000000001"), Ct))
            {
                item.ShouldBeNull();
            }
        });
    }

    [Fact]
    public async Task Finality_IsFinalOnceServed()
    {
        (await _adapter.GetFinalityAsync(new TxRef("evt-1"), Ct)).ShouldBe(new FinalityStatus.Final(new TxRef("evt-1")));
        _adapter.Capabilities.Finality.ShouldBe(FinalityModel.Acknowledged);
    }

    [Fact]
    public void Mapper_ServedEvent_MapsToTheCanonicalEventWithProvenance()
    {
        using var document = JsonDocument.Parse(AttestedEvent(12).ToJsonString());
        var served = PlatformEvent.From(document.RootElement)!;

        var result = PlatformEventMapper.Map(served, "platform-test", Start);

        result.Validation.IsValid.ShouldBeTrue();
        var mapped = result.Events.ShouldHaveSingleItem();
        mapped.Category.ShouldBe("EQUIPMENT");
        mapped.TypeCode.ShouldBe("GTIN");
        mapped.Classifier.ShouldBe("ACT");
        mapped.EventDateTime.ShouldBe(new DateTimeOffset(2024, 3, 1, 10, 15, 0, TimeSpan.FromHours(1)));
        mapped.Equipment!.EquipmentReference.ShouldBe("MSKU1234565");
        mapped.Provenance!.SourceId.ShouldBe("evt-12");
        mapped.Provenance.Anchor!.Ledger.ShouldBe("platform-test");
        mapped.Provenance.Anchor.BlockNumber.ShouldBe(12);
        mapped.Provenance.Anchor.TransactionId.ShouldBe("evt-12");
        (mapped.Extensions?.Keys ?? []).ShouldNotContain("attestation");
        (mapped.Extensions?.Keys ?? []).ShouldNotContain("sequence");
    }
}
