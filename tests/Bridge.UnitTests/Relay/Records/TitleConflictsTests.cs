using Bridge.Adapters.Abstractions;
using Bridge.Relay.Records;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Relay.Records;

/// <summary><see cref="TitleStanding.Fold"/> and the conflict rules of <see cref="TitleConflicts.Find"/>.</summary>
[Trait("Category", "Unit")]
public sealed class TitleConflictsTests
{
    private const string Title = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Carrier = "CarrierMSP::carrier-admin";
    private const string Alice = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    private const string Bob = "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB";

    [Fact]
    public void Fold_FactsOutOfOrder_TakesTheLatestStateAndCarriesPartiesTheLatestDoesNotName()
    {
        var facts = new[]
        {
            Fact("eth", 3, "BeneficiaryTransferred", LedgerTitleState.Active, null, Bob),
            Fact("eth", 1, "TitleImported", LedgerTitleState.Active, Alice, Alice),
            Fact("eth", 2, "HolderTransferred", LedgerTitleState.Active, Bob, null),
            Fact("fab", 1, "TitleIssued", LedgerTitleState.Active, Carrier, Carrier),
            Fact("fab", 2, "CrossChainMessage", LedgerTitleState.Locked, Carrier, Carrier),
        };

        var standings = TitleStanding.Fold(facts);

        standings.Select(s => (s.Network, s.State, s.Holder, s.Beneficiary, s.Latest.Event)).ShouldBe(
        [
            ("eth", LedgerTitleState.Active, Bob, Bob, "BeneficiaryTransferred"),
            ("fab", LedgerTitleState.Locked, Carrier, Carrier, "CrossChainMessage"),
        ]);
    }

    [Fact]
    public void Fold_ProtocolIds_CompareOrdinallyAsLedgerOrder()
    {
        // Block 10 after block 9: the fixed-width protocol ids sort as the ledger does.
        var standings = TitleStanding.Fold([Fact("fab", 10, "CrossChainMessage", LedgerTitleState.Locked, Carrier, Carrier), Fact("fab", 9, "TitleIssued", LedgerTitleState.Active, Carrier, Carrier)]);

        standings.ShouldHaveSingleItem().State.ShouldBe(LedgerTitleState.Locked);
    }

    [Fact]
    public void Find_LiveOnOneNetworkOnly_NoConflict()
    {
        // The round trip's end: released at home, burned on Ethereum with the holder it had there.
        var standings = TitleStanding.Fold(
        [
            Fact("fab", 1, "TitleIssued", LedgerTitleState.Active, Carrier, Carrier),
            Fact("fab", 2, "CrossChainMessage", LedgerTitleState.Locked, Carrier, Carrier),
            Fact("eth", 1, "TitleImported", LedgerTitleState.Active, Alice, Carrier),
            Fact("eth", 2, "HolderTransferred", LedgerTitleState.Active, Bob, null),
            Fact("eth", 3, "TitleBurned", LedgerTitleState.Burned, Bob, Carrier),
            Fact("fab", 3, "TitleReleased", LedgerTitleState.Active, Carrier, Carrier),
        ]);

        TitleConflicts.Find(standings).ShouldBeEmpty();
    }

    [Fact]
    public void Find_ActiveOnTwoNetworksWithOtherHolders_IsLiveTwiceAndHolderDisagreementNamingBoth()
    {
        var standings = TitleStanding.Fold([Fact("fab", 1, "TitleIssued", LedgerTitleState.Active, Carrier, Carrier), Fact("eth", 1, "TitleIssued", LedgerTitleState.Active, Alice, Alice)]);

        var conflicts = TitleConflicts.Find(standings);

        conflicts.Select(c => c.Kind).ShouldBe([TitleConflicts.LiveTwice, TitleConflicts.HolderDisagreement]);
        conflicts.ShouldAllBe(c => c.TitleId == Title);
        conflicts[1].Networks.ShouldBe([new TitleConflictParty("eth", LedgerTitleState.Active, Alice), new TitleConflictParty("fab", LedgerTitleState.Active, Carrier)]);
    }

    [Fact]
    public void Find_ActiveOnTwoNetworksWithTheSameAddressInAnotherCase_IsOnlyLiveTwice()
    {
        var standings = TitleStanding.Fold(
        [
            Fact("eth-a", 1, "TitleIssued", LedgerTitleState.Active, Alice, Alice),
            Fact("eth-b", 1, "TitleImported", LedgerTitleState.Active, Alice.ToLowerInvariant(), Alice),
        ]);

        TitleConflicts.Find(standings).ShouldHaveSingleItem().Kind.ShouldBe(TitleConflicts.LiveTwice);
    }

    [Fact]
    public void Find_LockedElsewhereWithAnotherHolder_NoConflict()
    {
        var standings = TitleStanding.Fold([Fact("fab", 1, "CrossChainMessage", LedgerTitleState.Locked, Carrier, Carrier), Fact("eth", 1, "TitleImported", LedgerTitleState.Active, Alice, Alice)]);

        TitleConflicts.Find(standings).ShouldBeEmpty();
    }

    [Fact]
    public void Find_AnyFacts_LiveTwiceExactlyWhenTheHighestFactOfTwoNetworksIsActive()
    {
        var fact = Gen.Elements("fab", "eth", "plat").SelectMany(network => Gen.Choose(1, 50).SelectMany(block =>
            Gen.Elements(LedgerTitleState.Active, LedgerTitleState.Locked, LedgerTitleState.Burned).SelectMany(state =>
                Gen.Elements(Carrier, Alice, Bob).Select(holder => Fact(network, block, "E", state, holder, holder)))));
        var facts = Gen.ListOf(fact).Select(l => l.DistinctBy(f => (f.Network, f.ProtocolId)).ToList());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(facts), list =>
        {
            var activeNetworks = list.GroupBy(f => f.Network).Count(g => g.MaxBy(f => int.Parse(f.ProtocolId[..20], System.Globalization.CultureInfo.InvariantCulture))!.State == LedgerTitleState.Active);
            var conflicts = TitleConflicts.Find(TitleStanding.Fold(list));
            return conflicts.Any(c => c.Kind == TitleConflicts.LiveTwice) == (activeNetworks >= 2)
                && conflicts.All(c => c.Networks.All(n => n.State == LedgerTitleState.Active));
        }));
    }

    private static TitleFact Fact(string network, int block, string name, LedgerTitleState state, string? holder, string? beneficiary) =>
        new(network, LedgerEvent.FormatProtocolId((ulong)block, 0, 0), Title, $"tx-{network}-{block}", block, name, state, holder, beneficiary, null, "FABRIC", null, new string('0', 64));
}
