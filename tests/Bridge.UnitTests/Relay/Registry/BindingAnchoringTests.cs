using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Relay.Registry;

namespace Bridge.UnitTests.Relay.Registry;

/// <summary>
/// <see cref="BindingAnchoring"/> against a scripted adapter: the anchor command and its idempotency key, the wait for
/// finality, the proof checked against the network's anchors (with the final block trusted), the read-back, and every way
/// it fails closed.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BindingAnchoringTests
{
    private const string Network = "eth-finance";
    private const string TxHash = "0x3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e3b5d4c7e9f801a2b3c4d5e6f6f1c2a4e";
    private const string BlockHash = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly string Digest = new('d', 64);
    private static readonly BindingAnchorTiming Quick = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));

    private static readonly EthereumTrustAnchors Anchors = new(
        31337,
        new Dictionary<string, string> { [EthereumTrustAnchors.AnchorRegistryRole] = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed" },
        new EthereumFinality(0),
        [new EthereumTrustedBlock(1, new string('2', 64))]);

    private readonly IdentityBinding _binding = new(Guid.CreateVersion7(), "acme", Digest, [], DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, null, DateTimeOffset.UnixEpoch, "{}");
    private readonly Network _network = new(Guid.NewGuid(), Network, Network, NetworkKind.Ethereum, [], Anchors, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task AnchorAsync_FinalProvenAndReadBack_IsAnchoredInTheFinalBlock()
    {
        var adapter = new ScriptedAdapter { PendingRounds = 2 };
        TrustAnchors? checkedWith = null;

        var result = await BindingAnchoring.AnchorAsync(_binding, _network, adapter, Verifiers((_, a) => { checkedWith = a; return new ProofVerdict.Valid(["0xabc"], 9); }), TimeProvider.System, Quick, TestContext.Current.CancellationToken);

        var anchor = result.ShouldBeOfType<BindingAnchorResult.Anchored>().Anchor;
        anchor.ShouldSatisfyAllConditions(
            () => anchor.Network.ShouldBe(Network),
            () => anchor.TxId.ShouldBe(TxHash),
            () => anchor.BlockNumber.ShouldBe(9),
            () => anchor.BlockHash.ShouldBe(BlockHash),
            () => anchor.Proof.Subject.ShouldBe(new ProofSubject(ProofSubjectType.Transaction, TxHash, new string('e', 64))));
        var command = adapter.Submitted.ShouldHaveSingleItem();
        command.Command.ShouldBe(new LedgerCommand.Anchor(_binding.Id.ToString("D"), Digest, Digest, "identity-binding"));
        command.Key.ShouldBe($"identity-binding/{_binding.Id:D}/{Network}");
        adapter.FinalityAsked.ShouldBe(3);
        ((EthereumTrustAnchors)checkedWith!).TrustedBlocks!.ShouldContain(new EthereumTrustedBlock(9, BlockHash));
    }

    [Fact]
    public async Task AnchorAsync_ProofDoesNotVerify_FailsClosedWithTheVerdictsReason()
    {
        var result = await BindingAnchoring.AnchorAsync(_binding, _network, new ScriptedAdapter(), Verifiers((_, _) => new ProofVerdict.Invalid("bad-signature", "forged")), TimeProvider.System, Quick, TestContext.Current.CancellationToken);

        var failed = result.ShouldBeOfType<BindingAnchorResult.Failed>();
        failed.Code.ShouldBe(BindingAnchoring.ProofInvalid);
        failed.Reason.ShouldContain("bad-signature: forged");
        failed.Transient.ShouldBeFalse();
    }

    [Fact]
    public async Task AnchorAsync_LedgerHoldsAnotherDigest_IsDigestMismatch()
    {
        var adapter = new ScriptedAdapter { HeldDigest = new string('0', 64) };

        var result = await BindingAnchoring.AnchorAsync(_binding, _network, adapter, Verifiers((_, _) => new ProofVerdict.Valid([])), TimeProvider.System, Quick, TestContext.Current.CancellationToken);

        result.ShouldBeOfType<BindingAnchorResult.Failed>().Code.ShouldBe(BindingAnchoring.DigestMismatch);
    }

    [Fact]
    public async Task AnchorAsync_LedgerRefuses_FailsWithItsCodeAndIsNotRetryable()
    {
        var adapter = new ScriptedAdapter { Submit = new SubmitResult.Rejected("already-anchored", "other hashes") };

        var failed = (await BindingAnchoring.AnchorAsync(_binding, _network, adapter, Verifiers((_, _) => new ProofVerdict.Valid([])), TimeProvider.System, Quick, TestContext.Current.CancellationToken))
            .ShouldBeOfType<BindingAnchorResult.Failed>();

        failed.Code.ShouldBe("already-anchored");
        failed.Transient.ShouldBeFalse();
        adapter.FinalityAsked.ShouldBe(0);
    }

    [Fact]
    public async Task AnchorAsync_NeverFinal_GivesUpAfterTheTimeoutAsTransient()
    {
        var adapter = new ScriptedAdapter { PendingRounds = int.MaxValue };

        var failed = (await BindingAnchoring.AnchorAsync(_binding, _network, adapter, Verifiers((_, _) => new ProofVerdict.Valid([])), TimeProvider.System, Quick, TestContext.Current.CancellationToken))
            .ShouldBeOfType<BindingAnchorResult.Failed>();

        failed.Code.ShouldBe(BindingAnchoring.NotFinal);
        failed.Transient.ShouldBeTrue();
        adapter.ProofsBuilt.ShouldBe(0);
    }

    [Fact]
    public void CannotAnchor_AdapterWithoutAnchorCommands_SaysSo()
    {
        BindingAnchoring.CannotAnchor(new ScriptedAdapter(), _network).ShouldBeNull();
        BindingAnchoring.CannotAnchor(new ScriptedAdapter { Commands = LedgerCommandKinds.RawInvoke }, _network).ShouldNotBeNull().ShouldContain("no document anchors");
        BindingAnchoring.CannotAnchor(new ScriptedAdapter { ProofKinds = [ProofKind.FabricEndorsement] }, _network).ShouldNotBeNull().ShouldContain("no ethereum proof");
    }

    [Theory]
    [InlineData("eth-other", TxHash, "wrong-network")]
    [InlineData(Network, "0x00", ProofVerdictCodes.DigestMismatch)]
    public void Check_ProofOfAnotherNetworkOrTransaction_IsInvalidWithoutAskingTheVerifier(string proofNetwork, string provenTx, string code)
    {
        var asked = false;
        var proof = new ProofEnvelope(ProofEnvelope.CurrentVersion, proofNetwork, ProofKind.EthereumReceipt, new ProofSubject(ProofSubjectType.Transaction, provenTx, Digest), JsonDocument.Parse("{}").RootElement);

        var verdict = BindingAnchoring.Check(proof, new TxRef(TxHash, 9, BlockHash), _network, Verifiers((_, _) => { asked = true; return new ProofVerdict.Valid([]); }));

        verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code.ShouldBe(code);
        asked.ShouldBeFalse();
    }

    private static ProofVerifierRegistry Verifiers(Func<ProofEnvelope, TrustAnchors, ProofVerdict> verify) => new([new DelegateVerifier(verify)]);

    private sealed class DelegateVerifier(Func<ProofEnvelope, TrustAnchors, ProofVerdict> verify) : IProofVerifier
    {
        public ProofKind Kind => ProofKind.EthereumReceipt;

        public ProofVerdict Verify(ProofEnvelope proof, TrustAnchors anchors) => verify(proof, anchors);
    }

    /// <summary>An Ethereum-like adapter whose answers the test sets: submission, rounds before finality, the digest it holds.</summary>
    private sealed class ScriptedAdapter : INetworkAdapter
    {
        public SubmitResult Submit { get; init; } = new SubmitResult.Accepted(new TxRef(TxHash));

        public int PendingRounds { get; init; }

        public string HeldDigest { get; init; } = Digest;

        public LedgerCommandKinds Commands { get; init; } = LedgerCommandKinds.Anchor;

        public IReadOnlyList<ProofKind> ProofKinds { get; init; } = [ProofKind.EthereumReceipt];

        public List<(LedgerCommand Command, string Key)> Submitted { get; } = [];

        public int FinalityAsked { get; private set; }

        public int ProofsBuilt { get; private set; }

        public NetworkKind Kind => NetworkKind.Ethereum;

        public AdapterCapabilities Capabilities => new(Commands, false, ProofKinds, FinalityModel.ConfirmationDepth);

        public ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken)
        {
            Submitted.Add((command, idempotencyKey));
            return Task.FromResult(Submit);
        }

        public Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<QueryResult>(new QueryResult.Found(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["contentDigest"] = HeldDigest })));

        public IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken)
        {
            ProofsBuilt++;
            return Task.FromResult(new ProofEnvelope(ProofEnvelope.CurrentVersion, Network, request.Kind, request.Subject with { Digest = new string('e', 64) }, JsonDocument.Parse("{}").RootElement));
        }

        public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken) =>
            Task.FromResult<FinalityStatus>(++FinalityAsked > PendingRounds ? new FinalityStatus.Final(tx with { BlockNumber = 9, BlockHash = BlockHash }) : new FinalityStatus.NotFinalYet(0, 1));
    }
}
