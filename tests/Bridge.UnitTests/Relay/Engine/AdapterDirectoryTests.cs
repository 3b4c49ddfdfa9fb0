using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Engine;
using static Bridge.UnitTests.Relay.Engine.EngineFixtures;

namespace Bridge.UnitTests.Relay.Engine;

[Trait("Category", "Unit")]
public sealed class AdapterDirectoryTests
{
    [Fact]
    public void Find_RegisteredNetwork_IsItsAdapter()
    {
        var fabric = new NullAdapter(NetworkKind.Fabric);
        var ethereum = new NullAdapter(NetworkKind.Ethereum);
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [Fabric] = fabric, [Ethereum] = ethereum });

        directory.Find(Fabric).ShouldBeSameAs(fabric);
        directory.Find(Ethereum).ShouldBeSameAs(ethereum);
    }

    [Theory]
    [InlineData(Platform)]
    [InlineData("FABRIC-TRADE")]
    [InlineData("")]
    public void Find_NetworkNotRegistered_IsNull(string network)
    {
        var directory = new AdapterDirectory(new Dictionary<string, INetworkAdapter> { [Fabric] = new NullAdapter(NetworkKind.Fabric) });

        directory.Find(network).ShouldBeNull();
    }

    [Fact]
    public void Find_AfterTheCallersDictionaryChanged_IsTheSetGivenAtConstruction()
    {
        var adapters = new Dictionary<string, INetworkAdapter> { [Fabric] = new NullAdapter(NetworkKind.Fabric) };
        var directory = new AdapterDirectory(adapters);

        adapters.Remove(Fabric);
        adapters[Platform] = new NullAdapter(NetworkKind.Platform);

        directory.Find(Fabric).ShouldNotBeNull();
        directory.Find(Platform).ShouldBeNull();
    }

    /// <summary>An adapter that only has a kind; the directory never calls it.</summary>
    private sealed class NullAdapter(NetworkKind kind) : INetworkAdapter
    {
        public NetworkKind Kind { get; } = kind;

        public AdapterCapabilities Capabilities => throw new NotSupportedException();

        public ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
