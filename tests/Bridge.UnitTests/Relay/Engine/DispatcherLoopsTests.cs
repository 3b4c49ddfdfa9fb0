using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Engine;

/// <summary><see cref="DispatcherOptions.Loops"/>: that many lease-and-work loops run at once.</summary>
[Trait("Category", "Unit")]
public sealed class DispatcherLoopsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_WithLoops_LeasesFromThatManyLoopsAtOnce(int loops)
    {
        var store = new LeaseCountingStore(loops);
        var dispatcher = new MessageDispatcher(store, new NoRegistry(), new AdapterDirectory(new Dictionary<string, INetworkAdapter>()), new ProofVerifierRegistry([]), [], TimeProvider.System, "host", new DispatcherOptions { Loops = loops, IdleDelay = TimeSpan.FromMilliseconds(5) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var running = dispatcher.RunAsync(stop.Token);
        await store.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => running);

        store.MaxInFlight.ShouldBe(loops);
    }

    /// <summary>A store whose lease call waits until <c>expected</c> callers are in it at once (or 300 ms), then leases nothing.</summary>
    private sealed class LeaseCountingStore(int expected) : IMessageStore
    {
        private int _inFlight;
        private int _max;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MaxInFlight => Volatile.Read(ref _max);

        public async Task<IReadOnlyList<LeasedMessage>> LeaseDueAsync(string owner, int max, TimeSpan duration, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            if (now >= expected)
            {
                Reached.TrySetResult();
            }

            try
            {
                await Task.WhenAny(Reached.Task, Task.Delay(300, cancellationToken));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            return [];
        }

        public Task<bool> ObserveAsync(RelayMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> ObserveManyAsync(IReadOnlyList<RelayMessage> messages, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RelayMessage?> GetAsync(MessageId id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Page<RelayMessage>> ListAsync(string? lane, IReadOnlyCollection<Guid>? laneIds, MessageState? state, int limit, string? cursor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LaneStatus>> LaneStatusAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ApplyOutcome> ApplyAsync(MessageId id, MessageEvent @event, MessageStateMachine machine, Lease? lease, DateTimeOffset? nextDue, CancellationToken cancellationToken, bool keepLease = false) => throw new NotSupportedException();

        public Task<bool> PostponeAsync(MessageId id, Lease lease, DateTimeOffset? due, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> SaveProofAsync(MessageId id, Lease lease, string role, ProofEnvelope proof, ProofVerdict verdict, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ApplyOutcome>> CommitAsync(IReadOnlyList<MessageChange> changes, MessageStateMachine machine, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredProof>> GetProofsAsync(MessageId id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoRegistry : IRelayRegistry
    {
        public Task<Lane?> GetLaneAsync(string name, CancellationToken cancellationToken) => Task.FromResult<Lane?>(null);

        public Task<Network?> GetNetworkAsync(string name, CancellationToken cancellationToken) => Task.FromResult<Network?>(null);
    }
}
