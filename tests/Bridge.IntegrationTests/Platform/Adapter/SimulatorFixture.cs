using Bridge.IntegrationTests.Platform.Simulator;

namespace Bridge.IntegrationTests.Platform.Adapter;

/// <summary>One simulator (no demo data, its own temp folder and manual clock) shared by the tests of a class.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private SimulatorHarness? _harness;

    internal SimulatorHarness Harness => _harness ?? throw new InvalidOperationException("The fixture is not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _harness = await SimulatorHarness.StartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}
