using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Proofs;
using Bridge.Simulators.Fabric.Grpc;
using Bridge.Simulators.Fabric.Network;

namespace Bridge.Benchmarks;

/// <summary>
/// The Fabric lane end to end on one machine: the simulator (three organisations, 2-of-3 endorsement) on a loopback
/// HTTP/2 socket and the product's Gateway client. <see cref="SubmitAndCommit"/> is one anchor through Endorse → sign →
/// Submit → CommitStatus; <see cref="VerifyProof"/> is the pure fabric-endorsement verifier on a proof with two
/// endorsements and a commit attestation by two organisations.
/// </summary>
[MemoryDiagnoser]
public class FabricBenchmarks
{
    private readonly List<IDisposable> _owned = [];
    private string _folder = string.Empty;
    private FabricNetwork _network = null!;
    private GrpcServerHost _host = null!;
    private FabricContract _contract = null!;
    private ProofEnvelope _proof = null!;
    private FabricTrustAnchors _anchors = null!;
    private readonly FabricEndorsementVerifier _verifier = new();

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("bridge-fabric-bench-").FullName;
        _network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = _folder });
        var server = new GrpcServer();
        _network.Map(server);
        _host = GrpcServerHost.StartAsync(server).GetAwaiter().GetResult();
        var handler = GrpcHttpHandler.Create();
        var client = new GrpcClient(handler, _host.BaseAddress);
        var folder = MspFolder.Load(_network.Organizations[0].ClientMspFolder, _network.Organizations[0].MspId).Folder!;
        _owned.AddRange([handler, client, folder]);
        var gateway = new FabricGateway(client, folder.Signer!);
        _contract = gateway.Network("trade").Contract("bridge");

        var submitted = SubmitAndCommit();
        var builder = new FabricProofBuilder(gateway, "fabric-trade", "trade", ["BankMSP", "CustomsMSP"]);
        _proof = builder.BuildAsync(new ProofSubject(ProofSubjectType.Event, submitted.TransactionId, FabricProofBuilder.UnknownDigest), CancellationToken.None).GetAwaiter().GetResult();
        _anchors = _network.TrustAnchors("trade");
        if (!VerifyProof())
        {
            throw new InvalidOperationException($"the benchmark proof does not verify: {_verifier.Verify(_proof, _anchors)}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _network.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One document anchor submitted and committed through the simulator (a new document id each time).</summary>
    [Benchmark]
    public FabricSubmitResult SubmitAndCommit()
    {
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return _contract.SubmitAsync("AnchorDocument", [Guid.NewGuid().ToString(), digest, digest, "BILL_OF_LADING"]).GetAwaiter().GetResult();
    }

    /// <summary>The whole fabric-endorsement verification of one proof (2-of-3 policy).</summary>
    [Benchmark]
    public bool VerifyProof() => _verifier.Verify(_proof, _anchors).IsValid;
}
