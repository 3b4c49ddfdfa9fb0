using System.Text.Json;
using Bridge.Adapters.Abstractions;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// A real reorganisation on the dev chain (evm_snapshot, a block, evm_revert, then a different block at the same
/// height): the subscription notices the changed hash at a height it delivered, retracts that block's events and
/// delivers the new block's. Runs on its own chain because snapshots rewind everything.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EthereumReorgTests : IAsyncLifetime
{
    private EthereumLane? _lane;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EthereumLane Lane => _lane!;

    public async ValueTask InitializeAsync() => _lane = await EthereumLane.StartAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_lane is not null)
        {
            await _lane.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscribe_BlockReplacedAtTheSameHeight_RetractsItsEventsAndDeliversTheNewOnes()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations: 0);
        var before = (await adapter.SubmitAsync(EthereumAdapterTests.Anchor(out _), "before", Ct)).ShouldBeOfType<SubmitResult.Accepted>();
        var snapshot = await Lane.Rpc.SnapshotAsync(Ct);
        var orphan = (await adapter.SubmitAsync(EthereumAdapterTests.Anchor(out _), "orphan", Ct)).ShouldBeOfType<SubmitResult.Accepted>();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var events = adapter.SubscribeAsync(null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var delivered = await NextAsync(events, e => e.Tx.Id == orphan.Tx.Id);
        delivered.Retracted.ShouldBeFalse();

        (await Lane.Rpc.RevertAsync(snapshot, Ct)).ShouldBeTrue();
        await Lane.Rpc.MineAsync(Ct); // an empty block first, so that the replacement differs even in its transactions
        var replacement = (await adapter.SubmitAsync(EthereumAdapterTests.Anchor(out _), "replacement", Ct)).ShouldBeOfType<SubmitResult.Accepted>();

        var retraction = await NextAsync(events, _ => true);
        retraction.Retracted.ShouldBeTrue();
        retraction.ProtocolId.ShouldBe(delivered.ProtocolId);
        retraction.Tx.ShouldBe(delivered.Tx);
        var redelivered = await NextAsync(events, _ => true);
        redelivered.Retracted.ShouldBeFalse();
        redelivered.Tx.Id.ShouldBe(replacement.Tx.Id);
        redelivered.Tx.BlockNumber.ShouldBe(orphan.Tx.BlockNumber + 1);
        redelivered.Tx.Id.ShouldNotBe(before.Tx.Id);
        (await adapter.GetFinalityAsync(orphan.Tx, Ct)).ShouldNotBeOfType<FinalityStatus.Final>();
        JsonDocument.Parse(redelivered.Payload).RootElement.GetProperty("event").GetString().ShouldBe("DocumentAnchored");
    }

    private static async Task<LedgerEvent> NextAsync(IAsyncEnumerator<LedgerEvent> events, Func<LedgerEvent, bool> wanted)
    {
        while (await events.MoveNextAsync())
        {
            if (wanted(events.Current))
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException("The subscription ended.");
    }
}
