using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.IntegrationTests.Fabric.Gateway;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.IntegrationTests.Fabric.Adapter;

/// <summary>
/// The gateway tests' in-process Fabric simulator (<see cref="FabricGatewayFixture"/>: CarrierMSP, BankMSP, CustomsMSP;
/// 2-of-3 policy; channel "trade", chaincode "bridge") with adapters over it.
/// </summary>
public sealed class FabricAdapterFixture : IAsyncLifetime
{
    public const string NetworkName = "fabric-trade";

    private readonly FabricGatewayFixture _simulator = new();

    public FabricNetwork Network => _simulator.Network;

    public GrpcClient Client => _simulator.Client;

    /// <summary>The simulator's gateway URL (h2c).</summary>
    public Uri Endpoint => _simulator.Host.BaseAddress;

    public MspFolder Carrier => _simulator.Carrier;

    public MspFolder Bank => _simulator.Bank;

    /// <summary>The carrier's party string as the chaincode records it (<c>CarrierMSP::…</c>).</summary>
    public string CarrierParty => FabricAdapter.PartyOf(Carrier.Signer!.Identity);

    /// <summary>The bank's party string.</summary>
    public string BankParty => FabricAdapter.PartyOf(Bank.Signer!.Identity);

    public ValueTask InitializeAsync() => _simulator.InitializeAsync();

    /// <summary>
    /// A new adapter acting as the carrier (and able to sign as the bank), as a restarted host would create it: it
    /// shares nothing with earlier adapters but the ledger.
    /// </summary>
    /// <param name="network">The network's registry name (what its proofs name as their source).</param>
    /// <param name="client">The gRPC client to use (a counting one, say); the fixture's when null.</param>
    public FabricAdapter CreateAdapter(string network = NetworkName, GrpcClient? client = null) => new(
        new FabricAdapterOptions
        {
            Network = network,
            Channel = "trade",
            Signer = Carrier.Signer!,
            PartySigners = [Bank.Signer!],
            AttestingOrganizations = [.. Network.Organizations.Select(o => o.MspId)],
        },
        client ?? Client);

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();

    /// <summary>
    /// <paramref name="count"/> new anchors submitted singly through <paramref name="adapter"/> while the orderer holds its
    /// next cut until all are queued, so that they share blocks whatever the machine's load; their transaction ids.
    /// </summary>
    public async Task<string[]> SubmitAnchorsSharingABlockAsync(FabricAdapter adapter, int count, string keyPrefix, CancellationToken cancellationToken)
    {
        var ledger = Network.Ledger("trade");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.BeforeCut = () => gate.Task;
        Task<string[]> submitting;
        try
        {
            submitting = Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
            {
                var id = Guid.NewGuid().ToString();
                var digest = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                var result = await adapter.SubmitAsync(new Bridge.Adapters.Abstractions.LedgerCommand.Anchor(id, digest, digest), $"{keyPrefix}-{id}", cancellationToken);
                return result is Bridge.Adapters.Abstractions.SubmitResult.Accepted accepted ? accepted.Tx.Id : throw new InvalidOperationException($"anchor {id} was not accepted: {result}");
            }));
            for (var i = 0; i < 400 && ledger.QueuedCount < count; i++)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
        finally
        {
            ledger.BeforeCut = null;
            gate.SetResult();
        }

        return await submitting;
    }
}
