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
using Google.Protobuf;

namespace Bridge.Benchmarks;

/// <summary>
/// The Fabric lane end to end on one machine: the simulator (three organisations, 2-of-3 endorsement, blocks of up to 10
/// transactions) on a loopback HTTP/2 socket and the product's Gateway client. <see cref="SubmitAndCommit"/> is one anchor
/// through Endorse → sign → Submit → CommitStatus, <see cref="SubmitAndCommitConcurrently"/> 16 of them at once. The
/// Verify benchmarks run the pure fabric-endorsement verifier on proofs with two endorsements and a block attestation by
/// two organisations: <see cref="VerifyBlockOfProofs"/> checks the 10 proofs of one full block with a fresh memo (one
/// attestation, then 10 transactions: the steady state of a busy lane), <see cref="VerifyLoneProof"/> one proof with a
/// fresh memo (the worst case: a block of one), <see cref="VerifyProofAttestationRemembered"/> one proof whose block was
/// already verified.
/// </summary>
[MemoryDiagnoser]
public class FabricBenchmarks
{
    private const int Concurrent = 16;
    private const int BlockSize = 10;
    private readonly List<IDisposable> _owned = [];
    private string _folder = string.Empty;
    private FabricNetwork _network = null!;
    private GrpcServerHost _host = null!;
    private FabricContract _contract = null!;
    private ProofEnvelope _proof = null!;
    private ProofEnvelope[] _blockProofs = [];
    private FabricTrustAnchors _anchors = null!;
    private readonly FabricEndorsementVerifier _verifier = new();

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("bridge-fabric-bench-").FullName;
        _network = FabricNetwork.Open(new FabricNetworkOptions { DataDirectory = _folder, MaxBlockTransactions = BlockSize });
        var server = new GrpcServer();
        _network.Map(server);
        _host = GrpcServerHost.StartAsync(server).GetAwaiter().GetResult();
        var handler = GrpcHttpHandler.Create();
        var client = new GrpcClient(handler, _host.BaseAddress);
        var folder = MspFolder.Load(_network.Organizations[0].ClientMspFolder, _network.Organizations[0].MspId).Folder!;
        _owned.AddRange([handler, client, folder]);
        var gateway = new FabricGateway(client, folder.Signer!);
        _contract = gateway.Network("trade").Contract("bridge");
        var builder = new FabricProofBuilder(gateway, "fabric-trade", "trade", ["BankMSP", "CustomsMSP"]);
        _anchors = _network.TrustAnchors("trade");

        var lone = SubmitAndCommit();
        _proof = Build(builder, lone.TransactionId);
        _blockProofs = FullBlockProofs(gateway, builder);
        if (!VerifyProofAttestationRemembered() || VerifyBlockOfProofs() != BlockSize)
        {
            throw new InvalidOperationException($"the benchmark proofs do not verify: {_verifier.Verify(_proof, _anchors)}");
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
    public FabricSubmitResult SubmitAndCommit() => Anchor().GetAwaiter().GetResult();

    /// <summary>16 anchors submitted at once; they share blocks (reported per transaction).</summary>
    [Benchmark(OperationsPerInvoke = Concurrent)]
    public int SubmitAndCommitConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Anchor())).GetAwaiter().GetResult().Length;

    /// <summary>The 10 proofs of one full block with nothing remembered (reported per proof).</summary>
    [Benchmark(OperationsPerInvoke = BlockSize)]
    public int VerifyBlockOfProofs()
    {
        var fresh = _anchors with { }; // a new anchors instance starts with an empty attestation memo
        var valid = 0;
        foreach (var proof in _blockProofs)
        {
            valid += _verifier.Verify(proof, fresh).IsValid ? 1 : 0;
        }

        return valid;
    }

    /// <summary>One proof with nothing remembered: its block's attestation is verified too.</summary>
    [Benchmark]
    public bool VerifyLoneProof() => _verifier.Verify(_proof, _anchors with { }).IsValid;

    /// <summary>One proof whose block attestation was verified before.</summary>
    [Benchmark]
    public bool VerifyProofAttestationRemembered() => _verifier.Verify(_proof, _anchors).IsValid;

    private Task<FabricSubmitResult> Anchor()
    {
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return _contract.SubmitAsync("AnchorDocument", [Guid.NewGuid().ToString(), digest, digest, "BILL_OF_LADING"]);
    }

    private static ProofEnvelope Build(FabricProofBuilder builder, string txId) =>
        builder.BuildAsync(new ProofSubject(ProofSubjectType.Event, txId, FabricProofBuilder.UnknownDigest), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Endorses <see cref="BlockSize"/> anchors through the gateway, then hands the signed transactions to the orderer while
    /// it is held, so that they are cut into one block; proves each of them through the gateway.
    /// </summary>
    private ProofEnvelope[] FullBlockProofs(FabricGateway gateway, FabricProofBuilder builder)
    {
        var ledger = _network.Ledger("trade");
        var envelopes = Enumerable.Range(0, BlockSize).Select(_ =>
        {
            var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var proposal = _contract.NewProposal("AnchorDocument", FabricProposalOptions.FromStrings([Guid.NewGuid().ToString(), digest, digest, "BILL_OF_LADING"]));
            var prepared = proposal.WithSignature(gateway.Sign(proposal.ProposalBytes.Span)).EndorseAsync().GetAwaiter().GetResult();
            var envelope = Bridge.Adapters.Fabric.Protos.Gateway.PreparedTransaction.Parser.ParseFrom(prepared.ToBytes()).Envelope;
            envelope.Signature = ByteString.CopyFrom(gateway.Sign(envelope.Payload.Span));
            return envelope.ToByteString();
        }).ToList();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ledger.BeforeCut = () => gate.Task;
        var committed = envelopes.Select(e => ledger.SubmitAsync(e, CancellationToken.None)).ToList();
        gate.SetResult();
        var results = Task.WhenAll(committed).GetAwaiter().GetResult();
        ledger.BeforeCut = null;
        if (results.Select(r => r.BlockNumber).Distinct().Count() != 1 || results.Any(r => r.Code != Bridge.Adapters.Fabric.Protos.Peer.TxValidationCode.Valid))
        {
            throw new InvalidOperationException("the held transactions did not commit VALID in one block");
        }

        return [.. results.Select(r => Build(builder, r.TxId))];
    }
}
