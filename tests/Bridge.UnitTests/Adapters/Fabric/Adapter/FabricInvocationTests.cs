using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Fabric.Adapter;

/// <summary>How each ledger command becomes a bridge chaincode call (docs/fabric.md "The bridge chaincode").</summary>
[Trait("Category", "Unit")]
public sealed class FabricInvocationTests
{
    private const string Carrier = "CarrierMSP::carrier-user";
    private const string Bank = "BankMSP::bank-user";
    private static readonly string Signature1 = "0x" + new string('a', 130);
    private static readonly string Signature2 = "0x" + new string('B', 130);

    [Fact]
    public void TryMap_Anchor_IsAnchorDocumentWithLowerCaseHashesByTheAdapter()
    {
        var digest = new string('A', 64);

        var invocation = Map(new LedgerCommand.Anchor("doc-1", digest, new string('b', 64), "BILL_OF_LADING"));

        invocation.ShouldBe(new FabricInvocation("AnchorDocument", invocation.Args, null));
        invocation.Args.ShouldBe(["doc-1", new string('a', 64), new string('b', 64), "BILL_OF_LADING"]);
        Map(new LedgerCommand.Anchor("doc-2", digest, string.Empty)).Args.ShouldBe(["doc-2", new string('a', 64), string.Empty, string.Empty]);
    }

    [Theory]
    [InlineData("abc", "")]
    [InlineData("", "")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", "")]
    public void TryMap_AnchorWithBadHashes_IsInvalidCommand(string digest, string root)
    {
        Rejection(new LedgerCommand.Anchor("doc-1", digest, root)).Code.ShouldBe("invalid-command");
    }

    [Fact]
    public void TryMap_TitleMovesByTheHolder_AreSignedByTheHolder()
    {
        var to = new PartyRef("p2", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

        var transfer = Map(new LedgerCommand.Transfer("EBL-1", Party(Carrier), Party(Bank)));
        var lockCall = Map(new LedgerCommand.Lock("EBL-1", "m", Party(Bank), to, "lane-a", "eth-trade"));
        var burn = Map(new LedgerCommand.Burn("EBL-1", "m", Party(Bank), to, "lane-a", "eth-trade"));

        (transfer.Function, transfer.Party).ShouldBe(("TransferTitle", Carrier));
        transfer.Args.ShouldBe(["EBL-1", Bank]);
        (lockCall.Function, lockCall.Party).ShouldBe(("LockTitle", Bank));
        lockCall.Args.ShouldBe(["EBL-1", "lane-a", "eth-trade", to.Address]);
        (burn.Function, burn.Party).ShouldBe(("BurnTitle", Bank));
        burn.Args.ShouldBe(lockCall.Args);
    }

    [Fact]
    public void TryMap_LockWithoutLaneOrDestination_IsInvalidCommand()
    {
        Rejection(new LedgerCommand.Lock("EBL-1", "m", Party(Bank), Party(Carrier), null, "eth")).Code.ShouldBe("invalid-command");
        Rejection(new LedgerCommand.Burn("EBL-1", "m", Party(Bank), Party(Carrier), "lane", null)).Code.ShouldBe("invalid-command");
    }

    [Fact]
    public void TryMap_MintAndRelease_PassTheAttestationToImportAndReleaseTitle()
    {
        var messageId = "0x" + new string('c', 64);
        var proof = Attestation(new { lane = "lane-b", messageId, validUntil = 1795000000UL, signatures = new[] { Signature1, Signature2 } });

        var mint = Map(new LedgerCommand.Mint("EBL-9", messageId, Party("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), Party(Bank), proof));
        var release = Map(new LedgerCommand.Release("EBL-9", messageId.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), Party("0xabc"), Party(Carrier), proof));

        (mint.Function, mint.Party).ShouldBe(("ImportTitle", null));
        mint.Args.ShouldBe(["lane-b", messageId, "EBL-9", Bank, Bank, "1795000000", $"{Signature1},{Signature2}"]);
        release.Function.ShouldBe("ReleaseTitle");
        release.Args.ShouldBe(["lane-b", messageId, "EBL-9", Carrier, Carrier, "1795000000", $"{Signature1},{Signature2}"]);
    }

    [Fact]
    public void TryMap_MintWithBeneficiaryAndMatchingNetwork_UsesThem()
    {
        var network = "0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes("trade/bridge")));
        var proof = Attestation(new { lane = "l", messageId = "m-1", validUntil = 1, signatures = new[] { Signature1 }, beneficiary = Carrier, network });

        var mint = Map(new LedgerCommand.Mint("EBL-9", "m-1", Party("0xabc"), Party(Bank), proof));

        mint.Args[4].ShouldBe(Carrier);
    }

    [Theory]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"other\",\"validUntil\":1,\"signatures\":[\"SIG\"]}", "invalid-attestation")]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"m-1\",\"validUntil\":1,\"signatures\":[]}", "invalid-attestation")]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"m-1\",\"validUntil\":1,\"signatures\":[\"0x1234\"]}", "invalid-attestation")]
    [InlineData("{\"messageId\":\"m-1\",\"validUntil\":1,\"signatures\":[\"SIG\"]}", "invalid-attestation")]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"m-1\",\"signatures\":[\"SIG\"]}", "invalid-attestation")]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"m-1\",\"validUntil\":-1,\"signatures\":[\"SIG\"]}", "invalid-attestation")]
    [InlineData("{\"lane\":\"l\",\"messageId\":\"m-1\",\"validUntil\":1,\"signatures\":[\"SIG\"],\"network\":\"0x0000000000000000000000000000000000000000000000000000000000000001\"}", "wrong-destination")]
    public void TryMap_MintWithUnusableAttestation_IsRejected(string data, string code)
    {
        using var document = JsonDocument.Parse(data.Replace("SIG", Signature1, StringComparison.Ordinal));
        var proof = new ProofEnvelope(ProofEnvelope.CurrentVersion, "eth", ProofKind.RelayAttestation, Subject(), document.RootElement.Clone());

        Rejection(new LedgerCommand.Mint("EBL-9", "m-1", Party("0xabc"), Party(Bank), proof)).Code.ShouldBe(code);
    }

    [Fact]
    public void TryMap_MintWithAnotherProofKind_IsInvalidAttestation()
    {
        var proof = Attestation(new { lane = "l", messageId = "m-1", validUntil = 1, signatures = new[] { Signature1 } }) with { Kind = ProofKind.EthereumReceipt };

        Rejection(new LedgerCommand.Mint("EBL-9", "m-1", Party("0xabc"), Party(Bank), proof)).Code.ShouldBe("invalid-attestation");
    }

    [Fact]
    public void TryMap_AcknowledgeAndRefund_AreAcknowledgeMessageAndRefundTitleByTheAdapter()
    {
        var messageId = "0x" + new string('D', 64);
        var fabricTx = new string('e', 64);
        var network = "0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes("trade/bridge")));
        var proof = Attestation(new { messageId, signatures = new[] { Signature1, Signature2 }, network, destinationTx = "0x" + fabricTx });

        var acknowledge = Map(new LedgerCommand.Acknowledge(messageId, fabricTx, proof));
        var refund = Map(new LedgerCommand.Refund(messageId, Attestation(new { messageId, signatures = new[] { Signature1 } })));

        acknowledge.ShouldBe(new FabricInvocation("AcknowledgeMessage", acknowledge.Args, null));
        acknowledge.Args.ShouldBe([messageId.ToLowerInvariant(), "0x" + fabricTx, $"{Signature1},{Signature2}"]);
        refund.ShouldBe(new FabricInvocation("RefundTitle", refund.Args, null));
        refund.Args.ShouldBe([messageId.ToLowerInvariant(), Signature1]);
    }

    [Theory]
    [InlineData("not-a-word", "TX", "{\"messageId\":\"MSG\",\"signatures\":[\"SIG\"]}", "invalid-command")]
    [InlineData("MSG", "not-a-tx", "{\"messageId\":\"MSG\",\"signatures\":[\"SIG\"]}", "invalid-command")]
    [InlineData("MSG", "TX", "{\"messageId\":\"0x0000000000000000000000000000000000000000000000000000000000000009\",\"signatures\":[\"SIG\"]}", "invalid-attestation")]
    [InlineData("MSG", "TX", "{\"messageId\":\"MSG\",\"signatures\":[]}", "invalid-attestation")]
    [InlineData("MSG", "TX", "{\"messageId\":\"MSG\",\"signatures\":[\"SIG\"],\"destinationTx\":\"0x0000000000000000000000000000000000000000000000000000000000000009\"}", "invalid-attestation")]
    [InlineData("MSG", "TX", "{\"messageId\":\"MSG\",\"signatures\":[\"SIG\"],\"network\":\"0x0000000000000000000000000000000000000000000000000000000000000001\"}", "wrong-destination")]
    public void TryMap_AcknowledgeWithUnusableInput_IsRejected(string messageId, string destinationTx, string data, string code)
    {
        var message = "0x" + new string('d', 64);
        var tx = new string('e', 64);
        using var document = JsonDocument.Parse(data.Replace("SIG", Signature1, StringComparison.Ordinal).Replace("MSG", message, StringComparison.Ordinal));
        var proof = new ProofEnvelope(ProofEnvelope.CurrentVersion, "eth", ProofKind.RelayAttestation, Subject(), document.RootElement.Clone());

        Rejection(new LedgerCommand.Acknowledge(messageId.Replace("MSG", message, StringComparison.Ordinal), destinationTx.Replace("TX", tx, StringComparison.Ordinal), proof)).Code.ShouldBe(code);
    }

    [Fact]
    public void TryMap_RawInvoke_IsTheFunctionAsGiven()
    {
        Map(new LedgerCommand.RawInvoke("IssueTitle", ["EBL-1", Carrier, Carrier])).ShouldSatisfyAllConditions(
            i => i.Function.ShouldBe("IssueTitle"),
            i => i.Args.ShouldBe(["EBL-1", Carrier, Carrier]),
            i => i.Party.ShouldBeNull());
        Rejection(new LedgerCommand.RawInvoke(string.Empty, [])).Code.ShouldBe("invalid-command");
    }

    private static PartyRef Party(string address) => new("participant", address);

    private static ProofSubject Subject() => new(ProofSubjectType.Message, "m-1", Convert.ToHexStringLower(SHA256.HashData("m-1"u8)));

    private static ProofEnvelope Attestation(object data) =>
        new(ProofEnvelope.CurrentVersion, "eth", ProofKind.RelayAttestation, Subject(), JsonSerializer.SerializeToElement(data));

    private static FabricInvocation Map(LedgerCommand command)
    {
        FabricInvocation.TryMap(command, "trade", "bridge", out var invocation, out var rejected).ShouldBeTrue(rejected?.ToString());
        return invocation;
    }

    private static SubmitResult.Rejected Rejection(LedgerCommand command)
    {
        FabricInvocation.TryMap(command, "trade", "bridge", out _, out var rejected).ShouldBeFalse();
        return rejected;
    }
}
