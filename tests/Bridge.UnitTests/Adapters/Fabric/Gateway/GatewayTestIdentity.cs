using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.UnitTests.Adapters.Fabric.Gateway;

/// <summary>A generated client identity and a gateway that never connects (creating one makes no RPC).</summary>
internal sealed class GatewayTestIdentity : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MspOrganization _organization;
    private readonly GrpcClient _client;

    public GatewayTestIdentity()
    {
        _organization = MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", Start, TimeSpan.FromDays(365 * 20));
        Signer = _organization.Client.CreateSigner("CarrierMSP");
        _client = new GrpcClient(new HttpClient(), new Uri("http://127.0.0.1:9"));
        Gateway = new FabricGateway(_client, Signer);
    }

    public FabricSigner Signer { get; }

    public FabricGateway Gateway { get; }

    public void Dispose()
    {
        _client.Dispose();
        Signer.Dispose();
        _organization.Dispose();
    }
}
