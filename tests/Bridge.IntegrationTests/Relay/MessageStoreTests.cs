using System.Net;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.IntegrationTests.Api;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Relay.Persistence;
using Bridge.Testing;
using Npgsql;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Relay;

/// <summary>
/// The message store on a real database: a fact observed twice is stored once; two workers leasing at once never get the
/// same message; a worker whose lease expired and was taken over cannot write (fencing); transitions survive a reload.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MessageStoreTests : IClassFixture<BridgeHostFixture>, IAsyncLifetime
{
    private readonly BridgeHostFixture _host;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private NpgsqlDataSource _dataSource = null!;
    private MessageStore _store = null!;
    private string _lane = string.Empty;
    private string _destination = string.Empty;

    public MessageStoreTests(BridgeHostFixture host) => _host = host;

    public async ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_host.ConnectionString);
        _store = new MessageStore(_dataSource, _time);
        using var client = _host.Client(_host.OperatorKey);
        (_, _destination, _lane) = await RelayTestLanes.CreateAsync(client);
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Observe_TheSameFactTwice_StoresItOnceAndReloadsIt()
    {
        var message = Message("tx-observe", 0);

        (await _store.ObserveAsync(message, Ct)).ShouldBeTrue();
        (await _store.ObserveAsync(message, Ct)).ShouldBeFalse();

        var stored = await _store.GetAsync(message.Id, Ct);
        stored.ShouldNotBeNull();
        stored.State.ShouldBe(MessageState.Observed);
        stored.Source.ShouldBe(message.Source);
        stored.Lane.ShouldBe(_lane);
        stored.PayloadDigest.ShouldBe(message.PayloadDigest);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM relay_messages WHERE id = '{message.Id.Value}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Observe_OnAnUnknownLane_IsACallersBug()
    {
        var message = Message("tx-nolane", 0) with { Lane = "no-such-lane" };

        await Should.ThrowAsync<InvalidOperationException>(() => _store.ObserveAsync(message, Ct));
    }

    [Fact]
    public async Task ObserveMany_ABatchWithARepeat_StoresTheNewOnesOnly_AndOneUnknownLaneStoresNone()
    {
        var prefix = "tx-many-" + Guid.NewGuid().ToString("N")[..8];
        var first = Message(prefix, 0);
        await _store.ObserveAsync(first, Ct);

        (await _store.ObserveManyAsync([first, Message(prefix, 1), Message(prefix, 2)], Ct)).ShouldBe(2);

        var orphan = Message(prefix, 4) with { Lane = "no-such-lane" };
        await Should.ThrowAsync<InvalidOperationException>(() => _store.ObserveManyAsync([Message(prefix, 3), orphan], Ct));
        (await _store.GetAsync(Message(prefix, 3).Id, Ct)).ShouldBeNull("a batch with a message on an unknown lane stores nothing");
        (await _store.GetAsync(Message(prefix, 2).Id, Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task LeaseDue_TwoWorkersAtOnce_NeverShareAMessage()
    {
        var prefix = "tx-lease-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var message = Message(prefix, (ulong)i);
            (await _store.ObserveAsync(message, Ct)).ShouldBeTrue();
            ids.Add(message.Id.Value);
        }

        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => _store.LeaseDueAsync($"worker-{w}", 15, TimeSpan.FromSeconds(30), Ct))));

        var taken = leases.SelectMany(l => l).Where(l => ids.Contains(l.Message.Id.Value)).ToList();
        taken.Select(l => l.Message.Id.Value).Distinct().Count().ShouldBe(taken.Count, "a message was leased twice");
        var again = await _store.LeaseDueAsync("worker-late", 100, TimeSpan.FromSeconds(30), Ct);
        again.Where(l => ids.Contains(l.Message.Id.Value)).Select(l => l.Message.Id.Value).Intersect(taken.Select(t => t.Message.Id.Value)).ShouldBeEmpty("a leased message was handed out again before its lease expired");
    }

    [Fact]
    public async Task Apply_WithAnExpiredAndRetakenLease_IsFencedAndWritesNothing()
    {
        var message = Message("tx-fence-" + Guid.NewGuid().ToString("N")[..8], 0);
        await _store.ObserveAsync(message, Ct);
        var first = (await LeaseAsync(message.Id, "worker-a")).Lease;
        _time.Advance(TimeSpan.FromSeconds(31));
        var second = (await LeaseAsync(message.Id, "worker-b")).Lease;
        second.Token.ShouldBeGreaterThan(first.Token);

        var stale = await _store.ApplyAsync(message.Id, new MessageEvent.SourceFinal(message.Source.Tx), MessageStateMachine.Default, first, nextDue: _time.GetUtcNow(), Ct);
        stale.ShouldBeOfType<ApplyOutcome.LeaseLost>();
        (await _store.GetAsync(message.Id, Ct))!.State.ShouldBe(MessageState.Observed);

        var applied = await _store.ApplyAsync(message.Id, new MessageEvent.SourceFinal(message.Source.Tx), MessageStateMachine.Default, second, nextDue: _time.GetUtcNow(), Ct);
        applied.ShouldBeOfType<ApplyOutcome.Applied>().Message.State.ShouldBe(MessageState.Final);
        var repeat = await _store.ApplyAsync(message.Id, new MessageEvent.SourceFinal(message.Source.Tx), MessageStateMachine.Default, lease: null, nextDue: null, Ct);
        repeat.ShouldBeOfType<ApplyOutcome.Unchanged>();
        var illegal = await _store.ApplyAsync(message.Id, new MessageEvent.SourceAcknowledged(new TxRef("ack")), MessageStateMachine.Default, lease: null, nextDue: null, Ct);
        illegal.ShouldBeOfType<ApplyOutcome.Refused>().Code.ShouldBe(TransitionCodes.IllegalTransition);

        var reloaded = await _store.GetAsync(message.Id, Ct);
        reloaded!.Transitions.Select(t => (t.From, t.To)).ShouldBe([(MessageState.Observed, MessageState.Final)]);
        reloaded.Transitions[0].Evidence.ShouldBe(message.Source.Tx.Id);
        (await _store.ApplyAsync(MessageId.Derive(_lane, "x", "nowhere", 0), new MessageEvent.SourceFinal(new TxRef("t")), MessageStateMachine.Default, null, null, Ct))
            .ShouldBeOfType<ApplyOutcome.NotFound>();
    }

    [Fact]
    public async Task Commit_ChangesOfSeveralMessages_WritesEachUnderItsOwnLeaseInOneGo()
    {
        var prefix = "tx-commit-" + Guid.NewGuid().ToString("N")[..8];
        var (a, b, c) = (Message(prefix, 0), Message(prefix, 1), Message(prefix, 2));
        foreach (var m in new[] { a, b, c })
        {
            await _store.ObserveAsync(m, Ct);
        }

        var held = new Dictionary<MessageId, LeasedMessage>();
        for (var i = 0; i < 20 && held.Count < 3; i++)
        {
            foreach (var leased in await _store.LeaseDueAsync("worker-c", 100, TimeSpan.FromSeconds(30), Ct))
            {
                if (leased.Message.Id == a.Id || leased.Message.Id == b.Id || leased.Message.Id == c.Id)
                {
                    held[leased.Message.Id] = leased;
                }
            }
        }

        var (la, lb, lc) = (held[a.Id], held[b.Id], held[c.Id]);
        var stale = lc.Lease with { Token = lc.Lease.Token - 1 };
        var due = _time.GetUtcNow().AddSeconds(10);

        var outcomes = await _store.CommitAsync(
            [
                new MessageChange(la.Message, la.Lease, new MessageEvent.SourceFinal(a.Source.Tx), la.Lease.ExpiresAt, KeepLease: true, [new ProofToSave("source", Proof(a), new ProofVerdict.Valid(["org1", "org2"]))]),
                MessageChange.Postpone(lb.Message, lb.Lease, due),
                new MessageChange(lc.Message, stale, new MessageEvent.SourceFinal(c.Source.Tx), stale.ExpiresAt, KeepLease: true, [new ProofToSave("source", Proof(c), new ProofVerdict.Valid(["org1"]))]),
            ],
            MessageStateMachine.Default,
            Ct);

        var applied = outcomes[0].ShouldBeOfType<ApplyOutcome.Applied>();
        applied.Message.State.ShouldBe(MessageState.Final);
        outcomes[1].ShouldBeOfType<ApplyOutcome.Unchanged>();
        outcomes[2].ShouldBeOfType<ApplyOutcome.LeaseLost>();
        (await _store.GetProofsAsync(a.Id, Ct)).Single().Verdict.ShouldBeOfType<ProofVerdict.Valid>().Signers.ShouldBe(["org1", "org2"]);
        (await _store.GetProofsAsync(c.Id, Ct)).ShouldBeEmpty("a fenced change writes none of its proofs");
        (await _store.GetAsync(c.Id, Ct))!.Transitions.ShouldBeEmpty();
        (await _host.ScalarAsync<string>($"SELECT coalesce(lease_owner, '-') FROM relay_messages WHERE id = '{a.Id.Value}'")).ShouldBe("worker-c", "a change that keeps its lease keeps it");
        (await _host.ScalarAsync<string>($"SELECT coalesce(lease_owner, '-') || ' ' || to_char(due_at AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM relay_messages WHERE id = '{b.Id.Value}'"))
            .ShouldBe("- " + due.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

        // The next step on the copy the first commit returned: numbered after the first, and the lease is let go.
        var second = await _store.CommitAsync([new MessageChange(applied.Message, la.Lease, new MessageEvent.SourceProven($"{a.Id.Value}/source"), null, KeepLease: false, [])], MessageStateMachine.Default, Ct);
        second.Single().ShouldBeOfType<ApplyOutcome.Applied>().Message.State.ShouldBe(MessageState.Proven);
        var reloaded = await _store.GetAsync(a.Id, Ct);
        reloaded!.Transitions.Select(t => t.To).ShouldBe([MessageState.Final, MessageState.Proven]);
        (await _host.ScalarAsync<string>($"SELECT coalesce(lease_owner, '-') FROM relay_messages WHERE id = '{a.Id.Value}'")).ShouldBe("-");
    }

    [Fact]
    public async Task Commit_AChangeOfSeveralSteps_WritesEachStepWithItsTime_AndTheLeaseReadsTheHistoryBack()
    {
        var message = Message("tx-chain-" + Guid.NewGuid().ToString("N")[..8], 0);
        await _store.ObserveAsync(message, Ct);
        var held = await LeaseAsync(message.Id, "worker-chain");
        held.Message.Transitions.ShouldBeEmpty();
        var t0 = _time.GetUtcNow();
        var destination = new TxRef("dest-" + message.Id.Value[..8]);

        // Final and proven at their own times; then submitted, still held (the next round confirms).
        var outcome = (await _store.CommitAsync(
            [
                new MessageChange(held.Message, held.Lease, new MessageEvent.DestinationSubmitted(destination), t0, KeepLease: false, [new ProofToSave("source", Proof(message), new ProofVerdict.Valid(["org1"]))])
                {
                    Earlier = [new(new MessageEvent.SourceFinal(message.Source.Tx), t0.AddMilliseconds(1)), new(new MessageEvent.SourceProven($"{message.Id.Value}/source"), t0.AddMilliseconds(2))],
                    At = t0.AddMilliseconds(3),
                },
            ],
            MessageStateMachine.Default,
            Ct)).Single();

        var applied = outcome.ShouldBeOfType<ApplyOutcome.Applied>();
        applied.Message.State.ShouldBe(MessageState.Submitted);
        applied.Transition.Trigger.ShouldBe(MessageTrigger.DestinationSubmitted);
        var stored = await _store.GetAsync(message.Id, Ct);
        stored!.State.ShouldBe(MessageState.Submitted);
        stored.Transitions.Select(t => t.To).ShouldBe([MessageState.Final, MessageState.Proven, MessageState.Submitted]);
        stored.Transitions.Select(t => t.At).ShouldBe([t0.AddMilliseconds(1), t0.AddMilliseconds(2), t0.AddMilliseconds(3)]);
        (await _store.GetProofsAsync(message.Id, Ct)).Single().Role.ShouldBe("source");

        // Released and due at once (the time is the fake clock's): the next lease reads the three steps back, in order.
        var again = await LeaseAsync(message.Id, "worker-chain-2");
        again.Message.State.ShouldBe(MessageState.Submitted);
        again.Message.Transitions.Select(t => (t.Trigger, t.At, t.Evidence)).ShouldBe(stored.Transitions.Select(t => (t.Trigger, t.At, t.Evidence)));

        // A chain written under a lease that is no longer current writes none of its steps.
        var stale = (await _store.CommitAsync(
            [
                new MessageChange(again.Message, held.Lease, new MessageEvent.SourceAcknowledged(destination), null, KeepLease: false, [])
                {
                    Earlier = [new(new MessageEvent.DestinationConfirmed(destination), t0.AddMilliseconds(4))],
                },
            ],
            MessageStateMachine.Default,
            Ct)).Single();
        stale.ShouldBeOfType<ApplyOutcome.LeaseLost>();
        (await _store.GetAsync(message.Id, Ct))!.Transitions.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Proofs_OfTwoMessagesOfOneBlock_StoreTheBlockOnce_AndReadBackWhole()
    {
        var prefix = "tx-parts-" + Guid.NewGuid().ToString("N")[..8];
        var block = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6000));
        var (a, b) = (Message(prefix, 0), Message(prefix, 1));
        await _store.ObserveManyAsync([a, b], Ct);
        var held = new Dictionary<MessageId, LeasedMessage>();
        for (var i = 0; i < 20 && held.Count < 2; i++)
        {
            foreach (var leased in (await _store.LeaseDueAsync("worker-p", 100, TimeSpan.FromSeconds(30), Ct)).Where(l => l.Message.Id == a.Id || l.Message.Id == b.Id))
            {
                held[leased.Message.Id] = leased;
            }
        }

        (await _store.SaveProofAsync(a.Id, held[a.Id].Lease, "source", Proof(a, block), new ProofVerdict.Valid(["org1"]), Ct)).ShouldBeTrue();
        var outcome = (await _store.CommitAsync([new MessageChange(held[b.Id].Message, held[b.Id].Lease, null, null, KeepLease: false, [new ProofToSave("source", Proof(b, block), new ProofVerdict.Valid(["org1"]))])], MessageStateMachine.Default, Ct)).Single();

        outcome.ShouldBeOfType<ApplyOutcome.Unchanged>();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(block)));
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM proof_parts WHERE digest = '{digest}'")).ShouldBe(1);
        (await _host.ScalarAsync<long>($"SELECT count(*) FROM message_proofs WHERE envelope::text LIKE '%{block[..40]}%'")).ShouldBe(0, "the block is stored as a part, not in each proof");
        foreach (var m in new[] { a, b })
        {
            var read = (await _store.GetProofsAsync(m.Id, Ct)).Single().Envelope;
            ProofEnvelopeJson.Serialize(read).ShouldBe(ProofEnvelopeJson.Serialize(Proof(m, block)));
        }
    }

    [Fact]
    public async Task Commit_OnAMessageAnOperatorCancelledMeanwhile_ChangesNothing()
    {
        var message = Message("tx-commit-cancel-" + Guid.NewGuid().ToString("N")[..8], 0);
        await _store.ObserveAsync(message, Ct);
        var held = await LeaseAsync(message.Id, "worker-d");
        (await _store.ApplyAsync(message.Id, new MessageEvent.CancelRequested("operator", "test"), MessageStateMachine.Default, lease: null, nextDue: null, Ct)).ShouldBeOfType<ApplyOutcome.Applied>();

        var outcome = (await _store.CommitAsync([new MessageChange(held.Message, held.Lease, new MessageEvent.SourceFinal(message.Source.Tx), held.Lease.ExpiresAt, KeepLease: true, [])], MessageStateMachine.Default, Ct)).Single();

        outcome.ShouldNotBeOfType<ApplyOutcome.Applied>();
        var stored = await _store.GetAsync(message.Id, Ct);
        stored!.State.ShouldBe(MessageState.Cancelled);
        stored.Transitions.Count.ShouldBe(1);
    }

    private static ProofEnvelope Proof(RelayMessage message, string? attestation = null)
    {
        using var data = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(new { test = true, txId = message.Source.Tx.Id, blockAttestation = attestation }));
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, message.Source.Network, ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Event, message.Source.Tx.Id, message.PayloadDigest), data.RootElement.Clone());
    }

    private async Task<LeasedMessage> LeaseAsync(MessageId id, string owner)
    {
        for (var i = 0; i < 20; i++)
        {
            var leased = await _store.LeaseDueAsync(owner, 100, TimeSpan.FromSeconds(30), Ct);
            if (leased.SingleOrDefault(l => l.Message.Id == id) is { } mine)
            {
                return mine;
            }
        }

        throw new ShouldAssertException($"{owner} could not lease {id.Value}");
    }

    private RelayMessage Message(string txId, ulong index)
    {
        var source = new MessageSource("fabric-src", new TxRef(txId, 7, null), index, $"{txId}/{index}");
        return RelayMessage.Observe(_lane, MessageKind.Event, source, _destination, new string('a', 64), _time.GetUtcNow().AddHours(1), _time.GetUtcNow());
    }
}
