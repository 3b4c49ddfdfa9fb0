using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.UnitTests.Adapters;

[Trait("Category", "Unit")]
public sealed class AdapterContractTests
{
    private const string Digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly PartyRef Carrier = new("carrier", "CarrierMSP");
    private static readonly PartyRef Bank = new("bank", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private static ProofEnvelope Proof()
    {
        using var data = JsonDocument.Parse("{}");
        return new ProofEnvelope(1, "carrier-fabric", ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Event, "tx:0", Digest), data.RootElement.Clone());
    }

    public static TheoryData<LedgerCommand, LedgerCommandKinds> Commands() => new()
    {
        { new LedgerCommand.Anchor("doc-1", Digest, Digest), LedgerCommandKinds.Anchor },
        { new LedgerCommand.Lock("title-1", "msg-1", Carrier, Bank), LedgerCommandKinds.Lock },
        { new LedgerCommand.Mint("title-1", "msg-1", Carrier, Bank, Proof()), LedgerCommandKinds.Mint },
        { new LedgerCommand.Burn("title-1", "msg-2", Bank, Carrier), LedgerCommandKinds.Burn },
        { new LedgerCommand.Release("title-1", "msg-2", Bank, Carrier, Proof()), LedgerCommandKinds.Release },
        { new LedgerCommand.Transfer("title-1", Bank, Carrier), LedgerCommandKinds.Transfer },
        { new LedgerCommand.RawInvoke("ReadTitle", ["title-1"]), LedgerCommandKinds.RawInvoke },
        { new LedgerCommand.Acknowledge("msg-1", "tx-1", Proof()), LedgerCommandKinds.Acknowledge },
        { new LedgerCommand.Refund("msg-1", Proof()), LedgerCommandKinds.Refund },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Kind_EachCommand_IsItsOwnSingleFlag(LedgerCommand command, LedgerCommandKinds expected)
    {
        command.Kind.ShouldBe(expected);
        System.Numerics.BitOperations.PopCount((uint)command.Kind).ShouldBe(1);
    }

    [Fact]
    public void CanSubmit_CapabilitiesForTitleAndAnchor_AcceptsOnlyThose()
    {
        var capabilities = new AdapterCapabilities(
            LedgerCommandKinds.Anchor | LedgerCommandKinds.Title,
            SupportsSubscribe: true,
            [ProofKind.EthereumReceipt, ProofKind.EthereumState],
            FinalityModel.ConfirmationDepth);

        capabilities.CanSubmit(new LedgerCommand.Burn("t", "m", Bank, Carrier)).ShouldBeTrue();
        capabilities.CanSubmit(new LedgerCommand.Anchor("d", Digest, Digest)).ShouldBeTrue();
        capabilities.CanSubmit(new LedgerCommand.Transfer("t", Bank, Carrier)).ShouldBeTrue();
        capabilities.CanSubmit(new LedgerCommand.RawInvoke("f", [])).ShouldBeFalse();
        capabilities.CanSubmit(new LedgerCommand.Refund("m", Proof())).ShouldBeFalse();
        capabilities.CanSubmit(LedgerCommandKinds.Lock | LedgerCommandKinds.Mint).ShouldBeTrue();
        capabilities.CanSubmit(LedgerCommandKinds.Lock | LedgerCommandKinds.RawInvoke).ShouldBeFalse();
        capabilities.CanSubmit(LedgerCommandKinds.None).ShouldBeFalse();
        capabilities.Produces(ProofKind.EthereumState).ShouldBeTrue();
        capabilities.Produces(ProofKind.PlatformJws).ShouldBeFalse();
    }

    [Fact]
    public void FormatProtocolId_Positions_AreFixedWidthAndSortOrdinallyInLedgerOrder()
    {
        LedgerEvent.FormatProtocolId(12, 3, 1).ShouldBe("00000000000000000012/0000000003/0000000001");

        string[] ids =
        [
            LedgerEvent.FormatProtocolId(10, 0, 0),
            LedgerEvent.FormatProtocolId(9, 12, 0),
            LedgerEvent.FormatProtocolId(9, 2, 10),
            LedgerEvent.FormatProtocolId(9, 2, 9),
            LedgerEvent.FormatProtocolId(ulong.MaxValue, uint.MaxValue, uint.MaxValue),
        ];

        ids.Order(StringComparer.Ordinal).ShouldBe([ids[3], ids[2], ids[1], ids[0], ids[4]]);
        ids.Select(id => id.Length).Distinct().ShouldBe([42]);
    }

    [Fact]
    public void ToCheckpoint_Event_ResumesAfterItsProtocolId()
    {
        var id = LedgerEvent.FormatProtocolId(7, 0, 2);
        var ledgerEvent = new LedgerEvent(id, new TxRef("0xabc", 7), "TitleLocked", "{\"titleId\":\"t\"}"u8.ToArray());

        ledgerEvent.ToCheckpoint().ShouldBe(new Checkpoint(id));
    }

    [Fact]
    public void AdapterException_Fault_CarriesNetworkAndTransience()
    {
        var inner = new TimeoutException("peer did not answer");

        var ex = new AdapterException("carrier-fabric", "endorse timed out", isTransient: true, inner);

        ex.Network.ShouldBe("carrier-fabric");
        ex.IsTransient.ShouldBeTrue();
        ex.Message.ShouldBe("endorse timed out");
        ex.InnerException.ShouldBeSameAs(inner);
        new AdapterException("bank-ethereum", "bad ABI", isTransient: false).IsTransient.ShouldBeFalse();
        Should.Throw<ArgumentException>(() => new AdapterException(" ", "x", isTransient: false));
    }

    [Fact]
    public void Results_AreSwitchableValues()
    {
        static string Describe(FinalityStatus status) => status switch
        {
            FinalityStatus.Final final => $"final in block {final.Tx.BlockNumber}",
            FinalityStatus.NotFinalYet pending => $"{pending.Confirmations}/{pending.Required}",
            FinalityStatus.Reorged reorged => $"reorged: {reorged.Reason}",
            FinalityStatus.Invalid invalid => $"invalid: {invalid.Code}",
            _ => throw new InvalidOperationException(),
        };

        Describe(new FinalityStatus.Final(new TxRef("0xabc", 99, "0xdef"))).ShouldBe("final in block 99");
        Describe(new FinalityStatus.NotFinalYet(3, 12)).ShouldBe("3/12");
        Describe(new FinalityStatus.Invalid("MVCC_READ_CONFLICT", "read set changed")).ShouldBe("invalid: MVCC_READ_CONFLICT");
        new SubmitResult.Accepted(new TxRef("tx-1")).ShouldBe(new SubmitResult.Accepted(new TxRef("tx-1")));
        new SubmitResult.Rejected("already-consumed", "msg-1").ShouldNotBe(new SubmitResult.Rejected("already-consumed", "msg-2"));
    }
}
