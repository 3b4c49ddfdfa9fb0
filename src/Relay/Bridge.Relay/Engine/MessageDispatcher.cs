using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;

namespace Bridge.Relay.Engine;

/// <summary>Timing and batch size of a <see cref="MessageDispatcher"/>.</summary>
public sealed record DispatcherOptions
{
    /// <summary>How long a lease on a message lasts (its work is due again after that if this host dies holding it).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many due messages one pass leases.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>How many leased messages are worked on at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>
    /// How many lease-and-work loops <see cref="MessageDispatcher.RunAsync"/> runs at once (each leases its own batch;
    /// the lane rate limits and the statistics are shared): while one loop waits for the database or a round's slowest
    /// message, another works.
    /// </summary>
    public int Loops { get; init; } = 1;

    /// <summary>How long to wait when nothing was due.</summary>
    public TimeSpan IdleDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How soon to ask again whether a source or destination transaction is final.</summary>
    public TimeSpan FinalityPoll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How soon to look again at a message of a paused lane.</summary>
    public TimeSpan PausedRecheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait after a transient network failure (the step is tried again; nothing is counted as failed).</summary>
    public TimeSpan TransientRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The first automatic retry's delay after a retryable failure; doubled for each further attempt, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay before an automatic retry.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after an expired title's import attestation stopped being valid the relay waits before it refunds: longer
    /// than the destination takes to make a block final, so that no block that could still consume the message remains.
    /// </summary>
    public TimeSpan RefundGrace { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>What a dispatcher did, for tests, metrics and the load tool.</summary>
public sealed class DispatcherStats
{
    private long _steps;
    private long _submitted;
    private long _confirmed;
    private long _failed;

    /// <summary>State transitions this dispatcher applied.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Messages submitted to their destination.</summary>
    public long Submitted => Interlocked.Read(ref _submitted);

    /// <summary>Messages confirmed on their destination.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Steps that failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Wall time the dispatcher's loops spent, summed over loops, by phase: <c>lease</c> (leasing a batch and reading its
    /// lanes and networks), <c>steps</c> (the rounds' network work and verification), <c>batches</c> (batched destination
    /// submissions) and <c>commit</c> (the rounds' database writes). For the load tool and diagnostics.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan> Phases => new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["lease"] = TimeSpan.FromTicks(Interlocked.Read(ref _phaseTicks[0])),
        ["steps"] = TimeSpan.FromTicks(Interlocked.Read(ref _phaseTicks[1])),
        ["batches"] = TimeSpan.FromTicks(Interlocked.Read(ref _phaseTicks[2])),
        ["commit"] = TimeSpan.FromTicks(Interlocked.Read(ref _phaseTicks[3])),
    };

    private readonly long[] _phaseTicks = new long[4];

    internal void Phase(int phase, TimeSpan elapsed) => Interlocked.Add(ref _phaseTicks[phase], elapsed.Ticks);

    internal void Step(MessageTrigger trigger)
    {
        Interlocked.Increment(ref _steps);
        switch (trigger)
        {
            case MessageTrigger.DestinationSubmitted:
                Interlocked.Increment(ref _submitted);
                break;
            case MessageTrigger.DestinationConfirmed:
                Interlocked.Increment(ref _confirmed);
                break;
            case MessageTrigger.StepFailed:
                Interlocked.Increment(ref _failed);
                break;
        }
    }
}

/// <summary>
/// The relay's instruments (meter <c>Bridge.Relay</c>, exported on <c>/metrics</c>):
/// <c>bridge_relay_transfer_seconds</c> (histogram, by lane and stage: <c>final-to-submitted</c>, from source finality to
/// the destination's acceptance; <c>observed-to-confirmed</c>, the whole transfer) and
/// <c>bridge_relay_step_failures_total</c> (by lane and reason).
/// </summary>
public static class RelayInstruments
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Bridge.Relay";

    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);

    /// <summary>Transfer latency, seconds.</summary>
    public static System.Diagnostics.Metrics.Histogram<double> Transfer { get; } = Meter.CreateHistogram<double>(
        "bridge.relay.transfer",
        unit: "s",
        description: "Transfer latency by lane and stage (final-to-submitted, observed-to-confirmed).",
        tags: null,
        advice: new System.Diagnostics.Metrics.InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    /// <summary>Failed steps, by lane and reason.</summary>
    public static System.Diagnostics.Metrics.Counter<long> StepFailures { get; } = Meter.CreateCounter<long>(
        "bridge.relay.step_failures",
        unit: "{failure}",
        description: "Steps of relay messages that failed, by lane and the failure's code.");
}

/// <summary>Stable codes a dispatcher records when a step fails (<see cref="MessageEvent.StepFailed.Code"/>).</summary>
public static class DispatchCodes
{
    /// <summary>The message's lane no longer exists.</summary>
    public const string LaneMissing = "lane-missing";

    /// <summary>The source transaction will never be final (invalid, or dropped by a reorganisation).</summary>
    public const string SourceNotFinal = "source-invalid";

    /// <summary>The source proof did not verify under the lane's policy (the verdict's code and reason follow).</summary>
    public const string ProofInvalid = "proof-invalid";

    /// <summary>The source adapter could not build the proof the lane requires.</summary>
    public const string ProofUnavailable = "proof-unavailable";

    /// <summary>Fewer of the lane's relay signers are configured on this host than its threshold.</summary>
    public const string RelaySignersUnavailable = "relay-signers-unavailable";

    /// <summary>The message cannot be expressed on its destination (e.g. a holder that is not an address on Ethereum).</summary>
    public const string Undeliverable = "undeliverable";

    /// <summary>The destination transaction failed or was dropped; the message is submitted again on retry.</summary>
    public const string DestinationFailed = "destination-failed";

    /// <summary>A network refused the request in a way retrying cannot fix.</summary>
    public const string NetworkError = "network-error";
}

/// <summary>
/// Moves relay messages through their life (docs/relay.md "The dispatcher"): leases due messages from the outbox
/// (<see cref="IMessageStore.LeaseDueAsync"/>, so several hosts share the work without taking the same message) and, for
/// each, does the steps that are due while it holds the lease: source finality; the source proof, built by the source
/// adapter and checked by the pure verifier against the source network's trust anchors under the lane's policy, stored
/// with its verdict; the relay attestation, signed by M of the lane's N relay keys over the digest the destination
/// checks; the destination submission with the message id as idempotency key; destination finality. Paused lanes and
/// lanes over their rate wait; transient network failures wait and try again without counting as failures; other
/// failures are recorded with their reason and retried automatically only when retrying can help. Every change goes
/// through the state machine and the store's fencing check, so a host that lost its lease changes nothing.
/// </summary>
public sealed class MessageDispatcher
{
    /// <summary>The proof role of the source proof.</summary>
    public const string SourceRole = "source";

    /// <summary>The proof role of the relay attestation.</summary>
    public const string AttestationRole = "relay-attestation";

    /// <summary>The proof role of the acknowledgement attestation sent back to the source.</summary>
    public const string AcknowledgementRole = "acknowledgement";

    /// <summary>The proof role of the refund attestation sent back to the source.</summary>
    public const string RefundRole = "refund";

    private readonly IMessageStore _messages;
    private readonly IRelayRegistry _registry;
    private readonly IAdapterDirectory _adapters;
    private readonly ProofVerifierRegistry _verifiers;
    private readonly IReadOnlyList<IRelaySigner> _signers;
    private readonly MessageStateMachine _machine;
    private readonly TimeProvider _time;
    private readonly string _owner;
    private readonly DispatcherOptions _options;
    private readonly LaneRateLimiter _rates;
    private readonly IPartyDirectory? _parties;

    /// <summary>A dispatcher working as <paramref name="owner"/> (a name unique to this host process).</summary>
    public MessageDispatcher(
        IMessageStore messages,
        IRelayRegistry registry,
        IAdapterDirectory adapters,
        ProofVerifierRegistry verifiers,
        IReadOnlyList<IRelaySigner> signers,
        TimeProvider time,
        string owner,
        DispatcherOptions? options = null,
        MessageStateMachine? machine = null,
        IPartyDirectory? parties = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(verifiers);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        _messages = messages;
        _registry = registry;
        _adapters = adapters;
        _verifiers = verifiers;
        _signers = signers;
        _time = time;
        _owner = owner;
        _options = options ?? new DispatcherOptions();
        _machine = machine ?? MessageStateMachine.Default;
        _rates = new LaneRateLimiter(time);
        _parties = parties;
    }

    /// <summary>What this dispatcher did so far.</summary>
    public DispatcherStats Stats { get; } = new();

    /// <summary>Works until <paramref name="cancellationToken"/> is cancelled, with <see cref="DispatcherOptions.Loops"/> loops.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Loops)).Select(_ => Task.Run(() => LoopAsync(cancellationToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            int worked;
            try
            {
                worked = await DispatchOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is unreachable: leases run out and the work is due again; try later.
                worked = 0;
            }

            if (worked == 0)
            {
                await Task.Delay(_options.IdleDelay, _time, cancellationToken);
            }
        }
    }

    /// <summary>Leases one batch of due messages and works on each; returns how many were leased.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var leased = await _messages.LeaseDueAsync(_owner, _options.BatchSize, _options.LeaseDuration, cancellationToken);
        if (leased.Count == 0)
        {
            return 0;
        }

        var lanes = new Dictionary<string, Lane?>(StringComparer.Ordinal);
        foreach (var name in leased.Select(l => l.Message.Lane).Distinct(StringComparer.Ordinal))
        {
            lanes[name] = await _registry.GetLaneAsync(name, cancellationToken);
        }

        var networks = new Dictionary<string, Network?>(StringComparer.Ordinal);
        // Messages leased as observed become final under the same lease: their source network is read once per batch too
        // (one registry read and one trust-anchors instance, whose memo of verified block attestations the batch shares).
        foreach (var name in leased.Where(l => l.Message.State is MessageState.Observed or MessageState.Final).Select(l => l.Message.Source.Network).Distinct(StringComparer.Ordinal))
        {
            networks[name] = await _registry.GetNetworkAsync(name, cancellationToken);
        }

        Stats.Phase(0, _time.GetElapsedTime(started));

        // Rounds: every held message does its next step (network work, in parallel), then the whole batch's changes are
        // written in one database round trip, and the messages that keep their lease go on with the next round.
        var active = leased.ToList();
        for (var round = 0; round < MaxRounds && active.Count > 0; round++)
        {
            var plans = new Plan[active.Count];
            started = _time.GetTimestamp();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, active.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
                async (i, ct) => plans[i] = await ChainAsync(new Chain(active[i].Message, lanes[active[i].Message.Lane], active[i].Lease), null, networks, ct));
            Stats.Phase(1, _time.GetElapsedTime(started));
            started = _time.GetTimestamp();
            var changes = await SubmitBatchedAsync(plans, networks, cancellationToken);
            Stats.Phase(2, _time.GetElapsedTime(started));
            started = _time.GetTimestamp();
            var outcomes = await _messages.CommitAsync(changes, _machine, cancellationToken);
            Stats.Phase(3, _time.GetElapsedTime(started));
            var next = new List<LeasedMessage>(active.Count);
            for (var i = 0; i < changes.Count; i++)
            {
                if (Continue(changes[i], outcomes[i]) is { } message)
                {
                    next.Add(new LeasedMessage(message, changes[i].Lease));
                }
            }

            active = next;
        }

        return leased.Count;
    }

    /// <summary>How many rounds one lease takes a message through at most.</summary>
    private const int MaxRounds = 8;

    /// <summary>How many steps a message goes through in one round at most (observed to acknowledged is five).</summary>
    private const int MaxChain = 8;

    /// <summary>What a step decided: a change to write, or a command to submit with others of its destination first.</summary>
    private abstract record Plan;

    private sealed record WritePlan(MessageChange Change) : Plan;

    private sealed record BatchPlan(RelayMessage Message, Lease Lease, IBatchSubmitter Destination, LedgerCommand Command) : Plan
    {
        /// <summary>The steps the message went through in this round before its submission.</summary>
        public Chain? Chain { get; init; }
    }

    /// <summary>
    /// A message's steps in one round (docs/relay.md "The dispatcher"): while a step's event keeps the lease, the event is
    /// applied to the worker's copy (the same pure state machine the store applies) and the next step runs at once, so
    /// that a message that need not wait goes from observed to acknowledged in one round and one write. Each event keeps
    /// the time its step ended.
    /// </summary>
    private sealed record Chain(RelayMessage Original, Lane? Lane, Lease Lease)
    {
        public RelayMessage Current { get; init; } = Original;

        public IReadOnlyList<TimedEvent> Events { get; init; } = [];

        public IReadOnlyList<ProofToSave> Proofs { get; init; } = [];

        public Chain Then(TimedEvent step, RelayMessage next, IReadOnlyList<ProofToSave> proofs) =>
            this with { Current = next, Events = [.. Events, step], Proofs = [.. Proofs, .. proofs] };

        /// <summary>
        /// The change that writes the chain's steps and then <paramref name="last"/>: its event after them, or, when it
        /// only postpones, the chain's last event with that due time and the lease released. Without steps, <paramref name="last"/> as it is.
        /// </summary>
        public MessageChange Merge(MessageChange last, DateTimeOffset at)
        {
            if (Events.Count == 0)
            {
                return last;
            }

            var proofs = (IReadOnlyList<ProofToSave>)[.. Proofs, .. last.Proofs];
            return last.Event is not null
                ? last with { Message = Original, Earlier = Events, At = at, Proofs = proofs }
                : Written(last.Due, keep: false, proofs);
        }

        /// <summary>The chain so far, the lease kept (the next round takes the message on from its last step).</summary>
        public MessageChange Stop() => Written(Lease.ExpiresAt, keep: true, Proofs);

        /// <summary>The chain's steps, its last event as the change's own.</summary>
        private MessageChange Written(DateTimeOffset? due, bool keep, IReadOnlyList<ProofToSave> proofs) =>
            new(Original, Lease, Events[^1].Event, due, keep, proofs) { Earlier = Events.Take(Events.Count - 1).ToList(), At = Events[^1].At };
    }

    /// <summary>
    /// Runs the message's steps from <paramref name="first"/> (a step already decided) or from its state, chaining the ones
    /// that keep the lease, until one waits, ends the message, or is a batched submission.
    /// </summary>
    private async Task<Plan> ChainAsync(Chain chain, Plan? first, Dictionary<string, Network?> networks, CancellationToken cancellationToken)
    {
        var plan = first;
        while (true)
        {
            plan ??= await PlanAsync(chain.Current, chain.Lane, chain.Lease, networks, cancellationToken);
            if (plan is BatchPlan batch)
            {
                return batch with { Chain = chain };
            }

            var change = ((WritePlan)plan).Change;
            var at = StepTime();
            if (change.Event is not { } next || !change.KeepLease || chain.Events.Count + 1 >= MaxChain)
            {
                return new WritePlan(chain.Merge(change, at));
            }

            if (_machine.Apply(chain.Current, next, at) is not TransitionResult.Allowed allowed)
            {
                // Not a step on this copy (a repeat, or refused): the store decides it, alone or after the chain's steps.
                return new WritePlan(chain.Events.Count == 0 ? change : chain.Stop());
            }

            chain = chain.Then(new TimedEvent(next, at), allowed.Message, change.Proofs);
            if (allowed.Message.IsTerminal)
            {
                return new WritePlan(chain.Stop() with { KeepLease = false, Due = null });
            }

            plan = null;
        }
    }

    /// <summary>Now, to the microsecond (as the database keeps times).</summary>
    private DateTimeOffset StepTime() => _time.GetMicrosecondNow();

    /// <summary>One step of <paramref name="message"/>, with network faults turned into a wait (transient) or a failure.</summary>
    private async Task<Plan> PlanAsync(RelayMessage message, Lane? lane, Lease lease, Dictionary<string, Network?> networks, CancellationToken cancellationToken)
    {
        try
        {
            return await StepAsync(message, lane, lease, networks, cancellationToken);
        }
        catch (AdapterException e) when (e.IsTransient)
        {
            return Postpone(message, lease, _time.GetUtcNow() + _options.TransientRetry);
        }
        catch (AdapterException e)
        {
            return Fail(message, lease, DispatchCodes.NetworkError, e.Message, retryable: false);
        }
    }

    /// <summary>
    /// The batched submissions of <paramref name="plans"/>, one <see cref="IBatchSubmitter.SubmitBatchAsync"/> call per
    /// destination and chunk (destinations in parallel), turned into the changes they cause; the other plans' changes as they are.
    /// </summary>
    private async Task<List<MessageChange>> SubmitBatchedAsync(Plan[] plans, Dictionary<string, Network?> networks, CancellationToken cancellationToken)
    {
        var changes = new MessageChange[plans.Length];
        var after = new Plan?[plans.Length];
        var groups = new List<(IBatchSubmitter Destination, List<int> Indexes)>();
        for (var i = 0; i < plans.Length; i++)
        {
            switch (plans[i])
            {
                case WritePlan write:
                    changes[i] = write.Change;
                    break;
                case BatchPlan batched:
                    var group = groups.FindIndex(g => ReferenceEquals(g.Destination, batched.Destination));
                    if (group < 0)
                    {
                        groups.Add((batched.Destination, [i]));
                    }
                    else
                    {
                        groups[group].Indexes.Add(i);
                    }

                    break;
            }
        }

        if (groups.Count == 0)
        {
            return [.. changes];
        }

        await Task.WhenAll(groups.Select(async group =>
        {
            foreach (var chunk in group.Indexes.Chunk(Math.Max(1, group.Destination.MaxBatchSize)))
            {
                var items = chunk.Select(i => (BatchPlan)plans[i]).ToList();
                IReadOnlyList<SubmitResult> results;
                try
                {
                    results = await group.Destination.SubmitBatchAsync([.. items.Select(p => new BatchCommand(p.Command, p.Message.Id.Value))], cancellationToken);
                    if (results.Count != items.Count)
                    {
                        throw new InvalidOperationException($"The batch submitter answered {results.Count} results for {items.Count} commands.");
                    }
                }
                catch (AdapterException e)
                {
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        after[chunk[k]] = e.IsTransient
                            ? Postpone(items[k].Message, items[k].Lease, _time.GetUtcNow() + _options.TransientRetry)
                            : Fail(items[k].Message, items[k].Lease, DispatchCodes.NetworkError, e.Message, retryable: false);
                    }

                    continue;
                }

                for (var k = 0; k < chunk.Length; k++)
                {
                    after[chunk[k]] = Submitted(items[k].Message, items[k].Lease, results[k], []);
                }
            }
        }));

        // Each submitted message goes on from its submission's outcome (confirmed and acknowledged at once when the
        // destination's answer is already final), in the same round.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plans.Length).Where(i => after[i] is not null),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var batched = (BatchPlan)plans[i];
                var chain = batched.Chain ?? new Chain(batched.Message, null, batched.Lease);
                changes[i] = ((WritePlan)await ChainAsync(chain, after[i], networks, ct)).Change;
            });
        return [.. changes];
    }

    /// <summary>The message to go on with under its lease after <paramref name="outcome"/>, or null to stop.</summary>
    private RelayMessage? Continue(MessageChange change, ApplyOutcome outcome)
    {
        switch (outcome)
        {
            case ApplyOutcome.Applied applied:
                foreach (var transition in applied.Message.Transitions.Skip(change.Message.Transitions.Count))
                {
                    Stats.Step(transition.Trigger);
                    Measure(applied.Message, transition);
                }

                return change.KeepLease && !applied.Message.IsTerminal ? applied.Message : null;
            case ApplyOutcome.Unchanged unchanged when change.Event is not null:
                return change.KeepLease ? unchanged.Message : null;
            default:
                // Postponed, refused (the state moved on under an operator's hand), lease lost or gone: stop; whoever holds it goes on.
                return null;
        }
    }

    /// <summary>One step: what to write (or to submit in a batch first) for the message while holding the lease.</summary>
    private async Task<Plan> StepAsync(RelayMessage message, Lane? lane, Lease lease, Dictionary<string, Network?> networks, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (message.IsOverdue(now) && !(message.State == MessageState.Submitted && now < message.Deadline!.Value + _options.RefundGrace))
        {
            // A submitted message gets the grace time to confirm: its attestation is valid until the deadline, so a
            // transaction mined by then still counts; after that it cannot land any more.
            // An expired title goes on to its refund step (due at once: it waits there for the grace time).
            var refundable = message.Kind.IsRefundable();
            return Apply(message, lease, new MessageEvent.DeadlinePassed(), refundable ? Expiry(lease) : null, keep: refundable);
        }

        if (lane is null)
        {
            return Fail(message, lease, DispatchCodes.LaneMissing, $"lane {message.Lane} no longer exists", retryable: false);
        }

        switch (message.State)
        {
            case MessageState.Observed:
                return await FinalizeSourceAsync(message, lease, cancellationToken);
            case MessageState.Final:
                // The batch's networks are only read while it is worked on (no lock needed).
                var network = networks.GetValueOrDefault(message.Source.Network) ?? await _registry.GetNetworkAsync(message.Source.Network, cancellationToken);
                return await ProveAsync(message, lane, network, lease, cancellationToken);
            case MessageState.Proven:
                if (lane.Paused)
                {
                    return Postpone(message, lease, now + _options.PausedRecheck);
                }

                if (!_rates.TryTake(lane.Name, lane.RateLimit.PerSecond, lane.RateLimit.Burst, out var wait))
                {
                    return Postpone(message, lease, now + wait);
                }

                return await SubmitAsync(message, lane, lease, cancellationToken);
            case MessageState.Submitted:
                return await ConfirmAsync(message, lease, cancellationToken);
            case MessageState.Confirmed:
                return await AcknowledgeAsync(message, lane, lease, cancellationToken);
            case MessageState.Expired when message.Kind.IsRefundable():
                return await RefundAsync(message, lane, lease, cancellationToken);
            case MessageState.Failed when message.LastError is { Retryable: true } && message.Attempts < _machine.MaxAttempts:
                return Apply(message, lease, new MessageEvent.RetryRequested(), Expiry(lease), keep: true);
            default:
                // Failed beyond automatic retry: nothing is due until an operator acts.
                return Postpone(message, lease, null);
        }
    }

    private async Task<Plan> FinalizeSourceAsync(RelayMessage message, Lease lease, CancellationToken cancellationToken)
    {
        if (_adapters.Find(message.Source.Network) is not { } source)
        {
            return WithoutAdapter(message, lease);
        }

        return await source.GetFinalityAsync(message.Source.Tx, cancellationToken) switch
        {
            FinalityStatus.Final final => Apply(message, lease, new MessageEvent.SourceFinal(final.Tx), Expiry(lease), keep: true),
            FinalityStatus.NotFinalYet => Postpone(message, lease, _time.GetUtcNow() + _options.FinalityPoll),
            FinalityStatus.Reorged reorged => Fail(message, lease, DispatchCodes.SourceNotFinal, reorged.Reason, retryable: false),
            FinalityStatus.Invalid invalid => Fail(message, lease, DispatchCodes.SourceNotFinal, $"{invalid.Code}: {invalid.Reason}", retryable: false),
            _ => throw new InvalidOperationException("Unknown finality status."),
        };
    }

    private async Task<Plan> ProveAsync(RelayMessage message, Lane lane, Network? network, Lease lease, CancellationToken cancellationToken)
    {
        if (_adapters.Find(message.Source.Network) is not { } source)
        {
            return WithoutAdapter(message, lease);
        }

        if (message.Payload is not { } payload)
        {
            return Fail(message, lease, DispatchCodes.Undeliverable, "the message was stored without its payload", retryable: false);
        }

        var kind = network is null ? null : lane.ProofPolicy.SourceProofKinds.Cast<ProofKind?>().FirstOrDefault(k => k!.Value.NetworkKindOf() == network.Kind);
        if (network is null || kind is null)
        {
            return Fail(message, lease, DispatchCodes.ProofUnavailable, $"lane {lane.Name} names no proof kind for network {message.Source.Network}", retryable: false);
        }

        ProofEnvelope proof;
        try
        {
            proof = await source.GetProofAsync(new ProofRequest(kind.Value, payload.Subject, message.Source.Tx), cancellationToken);
        }
        catch (AdapterException e) when (!e.IsTransient)
        {
            return Fail(message, lease, DispatchCodes.ProofUnavailable, e.Message, retryable: true);
        }
        catch (NotSupportedException e)
        {
            return Fail(message, lease, DispatchCodes.ProofUnavailable, e.Message, retryable: false);
        }

        // The proof is stored with its verdict either way, in the same write as the step it decides.
        var verdict = SourceProofs.Check(proof, message, payload, network, _verifiers);
        ProofToSave[] proofs = [new(SourceRole, proof, verdict)];
        return verdict switch
        {
            ProofVerdict.Valid => Apply(message, lease, new MessageEvent.SourceProven($"{message.Id.Value}/{SourceRole}"), Expiry(lease), keep: true, proofs),
            ProofVerdict.Invalid invalid => Fail(message, lease, DispatchCodes.ProofInvalid, $"{invalid.Code}: {invalid.Reason}", retryable: false, proofs: proofs),
            ProofVerdict.NotApplicable na => Fail(message, lease, DispatchCodes.ProofInvalid, $"not-applicable: {na.Reason}", retryable: false, proofs: proofs),
            _ => throw new InvalidOperationException("Unknown verdict."),
        };
    }

    private async Task<Plan> SubmitAsync(RelayMessage message, Lane lane, Lease lease, CancellationToken cancellationToken)
    {
        if (_adapters.Find(message.DestinationNetwork) is not { } destination)
        {
            return WithoutAdapter(message, lease);
        }

        LedgerCommand command;
        ProofToSave[] proofs = [];
        switch (message.Payload)
        {
            case MessagePayload.Title sent:
                if (destination is not IInboundTitleDomain domain)
                {
                    return Fail(message, lease, DispatchCodes.Undeliverable, $"network {message.DestinationNetwork} cannot take title", retryable: false);
                }

                if (await ResolveRecipientAsync(sent, message.DestinationNetwork, destination, cancellationToken) is not { } title)
                {
                    return Fail(
                        message,
                        lease,
                        DispatchCodes.Undeliverable,
                        $"the recipient {sent.Recipient} is the word of no party of {message.DestinationNetwork} this bridge knows (the title's last holders there and the bound identities); bind the recipient's identity and retry",
                        retryable: false);
                }

                if (RelayAttestations.Build(message, lane, title, domain, _signers, out var problem) is not { } attestation)
                {
                    var code = problem!.StartsWith("signers:", StringComparison.Ordinal) ? DispatchCodes.RelaySignersUnavailable : DispatchCodes.Undeliverable;
                    return Fail(message, lease, code, problem, retryable: false);
                }

                // The attestation is stored with the submission's outcome (the same one is rebuilt if this host dies first).
                proofs = [new(AttestationRole, attestation.Envelope, attestation.Verdict)];
                var from = new PartyRef(string.Empty, title.Holder);
                var to = new PartyRef(string.Empty, title.Recipient);
                command = title.Move == TitleMove.Return
                    ? new LedgerCommand.Release(title.TitleId, RelayAttestations.MessageWord(message.Id), from, to, attestation.Envelope)
                    : new LedgerCommand.Mint(title.TitleId, RelayAttestations.MessageWord(message.Id), from, to, attestation.Envelope);
                break;
            case MessagePayload.Anchor anchor:
                command = new LedgerCommand.Anchor(anchor.RecordId, anchor.Digest, anchor.MerkleRoot, anchor.RecordType);
                break;
            default:
                return Fail(message, lease, DispatchCodes.Undeliverable, "the message was stored without its payload", retryable: false);
        }

        if (destination is IBatchSubmitter batch && batch.CanBatch(command))
        {
            return new BatchPlan(message, lease, batch, command);
        }

        return Submitted(message, lease, await destination.SubmitAsync(command, message.Id.Value, cancellationToken), proofs);
    }

    /// <summary>The change a destination's answer to the submission of <paramref name="message"/> causes.</summary>
    private WritePlan Submitted(RelayMessage message, Lease lease, SubmitResult result, ProofToSave[] proofs) => result switch
    {
        SubmitResult.Accepted accepted => Apply(message, lease, new MessageEvent.DestinationSubmitted(accepted.Tx), Expiry(lease), keep: true, proofs),
        SubmitResult.Rejected rejected => Fail(message, lease, rejected.Code, rejected.Reason, retryable: false, proofs: proofs),
        _ => throw new InvalidOperationException("Unknown submit result."),
    };

    /// <summary>
    /// confirmed → acknowledged. A title's source contract or chaincode records the acknowledgement (M-of-N relay signatures
    /// over the source-side message id and the destination transaction), after which the message can never be refunded. A
    /// source that keeps no acknowledgements (a platform, or anchors and events) is acknowledged by the relay's own record:
    /// the destination transaction is the evidence.
    /// </summary>
    private async Task<Plan> AcknowledgeAsync(RelayMessage message, Lane lane, Lease lease, CancellationToken cancellationToken)
    {
        var destinationTx = message.Transitions.LastOrDefault(t => t.Trigger == MessageTrigger.DestinationConfirmed)?.Evidence;
        if (destinationTx is null)
        {
            return Fail(message, lease, DispatchCodes.DestinationFailed, "no confirmed destination transaction is recorded", retryable: false);
        }

        if (message.Payload is not MessagePayload.Title title || _adapters.Find(message.Source.Network) is not IOutboundSettlementDomain settlement)
        {
            return Apply(message, lease, new MessageEvent.SourceAcknowledged(new TxRef(destinationTx)), null, keep: false);
        }

        var source = (INetworkAdapter)settlement;
        AttestationDomain domain;
        try
        {
            domain = settlement.AcknowledgementDomain(title.SourceMessageId, destinationTx);
        }
        catch (ArgumentException e)
        {
            return Fail(message, lease, DispatchCodes.Undeliverable, e.Message, retryable: false);
        }

        if (RelayAttestations.BuildSettlement(message, lane, title.SourceMessageId, destinationTx, domain, _signers, out var problem) is not { } attestation)
        {
            return Fail(message, lease, DispatchCodes.RelaySignersUnavailable, problem!, retryable: false);
        }

        ProofToSave[] proofs = [new(AcknowledgementRole, attestation.Envelope, attestation.Verdict)];
        return await source.SubmitAsync(new LedgerCommand.Acknowledge(title.SourceMessageId, destinationTx, attestation.Envelope), message.Id.Value + "/ack", cancellationToken) switch
        {
            SubmitResult.Accepted accepted => Apply(message, lease, new MessageEvent.SourceAcknowledged(accepted.Tx), null, keep: false, proofs),
            SubmitResult.Rejected rejected => Fail(message, lease, rejected.Code, rejected.Reason, retryable: false, proofs: proofs),
            _ => throw new InvalidOperationException("Unknown submit result."),
        };
    }

    /// <summary>
    /// expired → refunded, for title: only once the import attestation's validity (the deadline) plus
    /// <see cref="DispatcherOptions.RefundGrace"/> has passed and the destination shows the message not consumed, so that it
    /// can never be applied there; then M-of-N relay signatures over the refund let the source give the title back.
    /// </summary>
    private async Task<Plan> RefundAsync(RelayMessage message, Lane lane, Lease lease, CancellationToken cancellationToken)
    {
        if (message.Payload is not MessagePayload.Title title)
        {
            return Postpone(message, lease, null);
        }

        var validUntil = message.Deadline ?? message.CreatedAt.AddDays(1);
        var now = _time.GetUtcNow();
        if (now < validUntil + _options.RefundGrace)
        {
            return Postpone(message, lease, validUntil + _options.RefundGrace);
        }

        if (_adapters.Find(message.Source.Network) is not IOutboundSettlementDomain settlement || _adapters.Find(message.DestinationNetwork) is not { } destination)
        {
            return Postpone(message, lease, now + _options.PausedRecheck);
        }

        if (await destination.QueryAsync(new LedgerQuery.MessageStatus(RelayAttestations.MessageWord(message.Id)), cancellationToken) is not QueryResult.Found status
            || !status.Value.TryGetProperty("consumed", out var consumed) || consumed.ValueKind != System.Text.Json.JsonValueKind.False)
        {
            // Consumed (it arrived before its attestation expired) or unknown: the title is not given back. An operator
            // looks at it; the message stays expired.
            return Postpone(message, lease, null);
        }

        AttestationDomain domain;
        try
        {
            domain = settlement.RefundDomain(title.SourceMessageId);
        }
        catch (ArgumentException)
        {
            return Postpone(message, lease, null);
        }

        if (RelayAttestations.BuildSettlement(message, lane, title.SourceMessageId, null, domain, _signers, out _) is not { } attestation)
        {
            return Postpone(message, lease, null);
        }

        ProofToSave[] proofs = [new(RefundRole, attestation.Envelope, attestation.Verdict)];
        return await ((INetworkAdapter)settlement).SubmitAsync(new LedgerCommand.Refund(title.SourceMessageId, attestation.Envelope), message.Id.Value + "/refund", cancellationToken) switch
        {
            SubmitResult.Accepted => Apply(message, lease, new MessageEvent.SourceRefunded($"{message.Id.Value}/{RefundRole}"), null, keep: false, proofs),
            _ => new WritePlan(MessageChange.Postpone(message, lease, null) with { Proofs = proofs }),
        };
    }

    /// <summary>
    /// The title with its recipient in the destination's form: as it is unless it is a 32-byte word, which is matched
    /// against the title's holder and beneficiary on the destination and the parties the directory knows.
    /// </summary>
    private async Task<MessagePayload.Title?> ResolveRecipientAsync(MessagePayload.Title title, string network, INetworkAdapter destination, CancellationToken cancellationToken)
    {
        var recipient = title.Recipient;
        if (recipient.Length != 66 || !recipient.StartsWith("0x", StringComparison.Ordinal) || recipient.AsSpan(2).ContainsAnyExcept("0123456789abcdef"))
        {
            return title;
        }

        var word = Convert.FromHexString(recipient.AsSpan(2));
        var candidates = new List<string>();
        if (await destination.QueryAsync(new LedgerQuery.TitleOf(title.TitleId), cancellationToken) is QueryResult.Found found)
        {
            foreach (var member in new[] { "holder", "beneficiary" })
            {
                if (found.Value.TryGetProperty(member, out var party) && party.ValueKind == System.Text.Json.JsonValueKind.String && party.GetString() is { Length: > 0 } text)
                {
                    candidates.Add(text);
                }
            }
        }

        if (_parties is not null)
        {
            candidates.AddRange(await _parties.PartiesAsync(network, cancellationToken));
        }

        var match = candidates.FirstOrDefault(c => Bytes32Words.OfRecipient(c).AsSpan().SequenceEqual(word));
        return match is null ? null : title with { Recipient = match };
    }

    private async Task<Plan> ConfirmAsync(RelayMessage message, Lease lease, CancellationToken cancellationToken)
    {
        if (_adapters.Find(message.DestinationNetwork) is not { } destination)
        {
            return WithoutAdapter(message, lease);
        }

        var submitted = message.Transitions.LastOrDefault(t => t.Trigger == MessageTrigger.DestinationSubmitted)?.Evidence;
        if (submitted is null)
        {
            return Fail(message, lease, DispatchCodes.DestinationFailed, "no destination transaction is recorded", retryable: true, resubmit: true);
        }

        return await destination.GetFinalityAsync(new TxRef(submitted), cancellationToken) switch
        {
            FinalityStatus.Final final => Apply(message, lease, new MessageEvent.DestinationConfirmed(final.Tx), Expiry(lease), keep: true),
            FinalityStatus.NotFinalYet => Postpone(message, lease, _time.GetUtcNow() + _options.FinalityPoll),
            FinalityStatus.Reorged reorged => Fail(message, lease, DispatchCodes.DestinationFailed, reorged.Reason, retryable: true, resubmit: true),
            FinalityStatus.Invalid invalid => Fail(message, lease, DispatchCodes.DestinationFailed, $"{invalid.Code}: {invalid.Reason}", retryable: true, resubmit: true),
            _ => throw new InvalidOperationException("Unknown finality status."),
        };
    }

    private static DateTimeOffset Expiry(Lease lease) => lease.ExpiresAt;

    /// <summary>
    /// This host has no adapter for a network the step needs (not configured here, or not connected yet): the message is
    /// put back for a moment, for this host once it connects or for another host that can reach the network. Not a
    /// failure: nothing about the message is wrong (its age shows on <c>bridge_lane_oldest_pending_age_seconds</c>).
    /// </summary>
    private WritePlan WithoutAdapter(RelayMessage message, Lease lease) => Postpone(message, lease, _time.GetUtcNow() + _options.TransientRetry);

    private static void Measure(RelayMessage message, MessageTransition transition)
    {
        var lane = new KeyValuePair<string, object?>("lane", message.Lane);
        switch (transition.Trigger)
        {
            case MessageTrigger.DestinationSubmitted when message.Transitions.LastOrDefault(t => t.Trigger == MessageTrigger.SourceFinal) is { } final:
                RelayInstruments.Transfer.Record(Math.Max(0, (transition.At - final.At).TotalSeconds), lane, new KeyValuePair<string, object?>("stage", "final-to-submitted"));
                break;
            case MessageTrigger.DestinationConfirmed:
                RelayInstruments.Transfer.Record(Math.Max(0, (transition.At - message.CreatedAt).TotalSeconds), lane, new KeyValuePair<string, object?>("stage", "observed-to-confirmed"));
                break;
            case MessageTrigger.StepFailed when message.LastError is { } error:
                RelayInstruments.StepFailures.Add(1, lane, new KeyValuePair<string, object?>("reason", error.Code));
                break;
        }
    }

    /// <summary>
    /// The step failed: recorded with its reason, the lease released, and the message due again after a backoff when
    /// retrying can help (not due at all otherwise, until an operator acts).
    /// </summary>
    private WritePlan Fail(RelayMessage message, Lease lease, string code, string detail, bool retryable, bool resubmit = false, ProofToSave[]? proofs = null)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.RetryDelay.Ticks << Math.Min(message.Attempts, 20)));
        DateTimeOffset? due = retryable && message.Attempts + 1 < _machine.MaxAttempts ? _time.GetUtcNow() + delay : null;
        var failed = new MessageEvent.StepFailed(code, detail, retryable, resubmit && message.State == MessageState.Submitted);
        return Apply(message, lease, failed, due, keep: false, proofs);
    }

    private static WritePlan Apply(RelayMessage message, Lease lease, MessageEvent @event, DateTimeOffset? due, bool keep, ProofToSave[]? proofs = null) =>
        new(new MessageChange(message, lease, @event, due, keep, proofs ?? []));

    private static WritePlan Postpone(RelayMessage message, Lease lease, DateTimeOffset? due) => new(MessageChange.Postpone(message, lease, due));
}

/// <summary>The relay's check of a source proof: the pure verifier under the source network's anchors, plus the lane's own rules.</summary>
public static class SourceProofs
{
    /// <summary>
    /// Valid when the proof verifies against <paramref name="network"/>'s trust anchors, comes from that network, and proves
    /// exactly the message's source fact (same subject type, id and digest). For an Ethereum source, the block the relay's
    /// own node reported the event in (the message's source block) is added to the anchors' trusted blocks, so that the
    /// proof's headers are tied to the chain the relay watches.
    /// </summary>
    public static ProofVerdict Check(ProofEnvelope proof, RelayMessage message, MessagePayload payload, Network network, ProofVerifierRegistry verifiers)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(verifiers);
        if (!string.Equals(proof.SourceNetwork, message.Source.Network, StringComparison.Ordinal))
        {
            return new ProofVerdict.Invalid("wrong-network", $"the proof is from network {proof.SourceNetwork}, the message from {message.Source.Network}");
        }

        if (proof.Subject.Type != payload.Subject.Type || !string.Equals(proof.Subject.Id, payload.Subject.Id, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(proof.Subject.Digest, payload.Subject.Digest, StringComparison.Ordinal))
        {
            return new ProofVerdict.Invalid(ProofVerdictCodes.DigestMismatch, $"the proof is of {proof.Subject.Type.ToWireName()} {proof.Subject.Id} ({proof.Subject.Digest}), the message carries {payload.Subject.Type.ToWireName()} {payload.Subject.Id} ({payload.Subject.Digest})");
        }

        var anchors = network.TrustAnchors;
        if (anchors is EthereumTrustAnchors ethereum && message.Source.Tx is { BlockNumber: { } block, BlockHash: { } hash })
        {
            anchors = ethereum with { TrustedBlocks = [.. ethereum.TrustedBlocks ?? [], new EthereumTrustedBlock(block, hash)] };
        }

        return verifiers.Verify(proof, anchors);
    }
}

/// <summary>
/// The relay attestation that goes with an inbound title (docs/relay.md "Relay attestations"): M of the lane's N relay
/// keys sign the digest the destination's contract or chaincode recomputes (<see cref="IInboundTitleDomain"/>), and the
/// signatures travel, ordered by signer address, in a <c>relay-attestation</c> proof envelope that both the Ethereum and
/// the Fabric adapters read.
/// </summary>
public static class RelayAttestations
{
    /// <summary>The message id as the destination's <c>bytes32</c> "consumed" key: <c>0x</c> + its 64 hex digits.</summary>
    public static string MessageWord(MessageId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return "0x" + id.Value;
    }

    /// <summary>
    /// An acknowledgement (<paramref name="destinationTx"/> given) or refund attestation for the source: M of the lane's
    /// signers over <paramref name="domain"/>'s digest, in the envelope shape both adapters read
    /// (<c>{messageId, destinationTx?, signatures, signers, threshold, digest, domain, chainId?/contract? | network?}</c>).
    /// </summary>
    public static (ProofEnvelope Envelope, ProofVerdict Verdict)? BuildSettlement(
        RelayMessage message,
        Lane lane,
        string sourceMessageId,
        string? destinationTx,
        AttestationDomain domain,
        IReadOnlyList<IRelaySigner> signers,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(signers);
        if (Sign(lane, domain.Digest, signers, out problem) is not { } signed)
        {
            return null;
        }

        var data = new JsonObject
        {
            ["messageId"] = sourceMessageId,
            ["relayMessageId"] = MessageWord(message.Id),
        };
        if (destinationTx is not null)
        {
            data["destinationTx"] = domain.Domain.TryGetValue("destinationTx", out var word) ? word : destinationTx;
        }

        return Seal(message, lane, domain, signed, data);
    }

    /// <summary>
    /// The <c>relay-attestation</c> envelope of <paramref name="data"/> plus what every attestation carries: the signed
    /// digest, the lane's threshold, the signers and their signatures (same order), the domain facts, and, repeated at the
    /// top level where the adapters read them, the facts that bind the domain (<c>chainId</c> as a number, <c>contract</c>,
    /// <c>payloadHash</c>, <c>network</c>). Its subject is the message and its payload digest.
    /// </summary>
    private static (ProofEnvelope Envelope, ProofVerdict Verdict) Seal(RelayMessage message, Lane lane, AttestationDomain domain, List<(string Address, byte[] Signature)> signed, JsonObject data)
    {
        data["digest"] = "0x" + Convert.ToHexStringLower(domain.Digest);
        data["threshold"] = lane.ProofPolicy.RelayThreshold;
        data["signers"] = new JsonArray([.. signed.Select(s => (JsonNode)s.Address)]);
        data["signatures"] = new JsonArray([.. signed.Select(s => (JsonNode)("0x" + Convert.ToHexStringLower(s.Signature)))]);
        data["domain"] = new JsonObject([.. domain.Domain.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]);
        foreach (var fact in (string[])["chainId", "contract", "payloadHash", "network"])
        {
            if (domain.Domain.TryGetValue(fact, out var value))
            {
                data[fact] = fact == "chainId" ? ulong.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;
            }
        }

        using var json = System.Text.Json.JsonDocument.Parse(data.ToJsonString());
        var envelope = new ProofEnvelope(ProofEnvelope.CurrentVersion, message.Source.Network, ProofKind.RelayAttestation, new ProofSubject(ProofSubjectType.Message, message.Id.Value, message.PayloadDigest), json.RootElement.Clone());
        return (envelope, new ProofVerdict.Valid([.. signed.Select(s => s.Address)]));
    }

    /// <summary>M of the lane's signers this host holds, each signature over <paramref name="digest"/>, ordered by address.</summary>
    private static List<(string Address, byte[] Signature)>? Sign(Lane lane, byte[] digest, IReadOnlyList<IRelaySigner> signers, out string? problem) =>
        Chosen(lane, signers, out problem) is { } chosen
            ? [.. chosen.Select(s => (Address: s.Address.ToLowerInvariant(), Signature: s.Sign(digest))).OrderBy(s => s.Address, StringComparer.Ordinal)]
            : null;

    /// <summary>The first M of the lane's signers this host holds, or null and why not.</summary>
    private static List<IRelaySigner>? Chosen(Lane lane, IReadOnlyList<IRelaySigner> signers, out string? problem)
    {
        problem = null;
        var allowed = new HashSet<string>(lane.ProofPolicy.RelaySigners, StringComparer.OrdinalIgnoreCase);
        var chosen = signers.Where(s => allowed.Contains(s.Address)).DistinctBy(s => s.Address.ToLowerInvariant()).Take(lane.ProofPolicy.RelayThreshold).ToList();
        if (chosen.Count < lane.ProofPolicy.RelayThreshold)
        {
            problem = $"signers: this host holds {chosen.Count} of lane {lane.Name}'s relay keys; its threshold is {lane.ProofPolicy.RelayThreshold}";
            return null;
        }

        return chosen;
    }

    /// <summary>The envelope and the relay's verdict on it (valid, with the signer set), or null and why not.</summary>
    public static (ProofEnvelope Envelope, ProofVerdict Verdict)? Build(
        RelayMessage message,
        Lane lane,
        MessagePayload.Title title,
        IInboundTitleDomain destination,
        IReadOnlyList<IRelaySigner> signers,
        out string? problem)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(signers);
        if (Chosen(lane, signers, out problem) is not { } chosen)
        {
            return null;
        }

        AttestationDomain domain;
        try
        {
            // Valid until the message's deadline, or a day after it was observed when the lane sets none: fixed per message,
            // so a rebuilt attestation is the same one and the refund rule knows the moment after which it can never apply.
            domain = destination.InboundTitleDomain(new InboundTitle(lane.Name, MessageWord(message.Id), title.TitleId, title.Recipient, title.Recipient, message.Deadline ?? message.CreatedAt.AddDays(1)));
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }

        var signed = Sign(lane, domain.Digest, chosen, out problem)!;
        var data = new JsonObject
        {
            ["lane"] = "0x" + Convert.ToHexStringLower(Bytes32Words.Of(lane.Name)),
            ["laneName"] = lane.Name,
            ["messageId"] = MessageWord(message.Id),
            ["beneficiary"] = title.Recipient,
            ["validUntil"] = (message.Deadline ?? message.CreatedAt.AddDays(1)).ToUnixTimeSeconds(),
        };
        return Seal(message, lane, domain, signed, data);
    }
}
