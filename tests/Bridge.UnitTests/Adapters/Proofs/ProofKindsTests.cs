using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.UnitTests.Adapters.Proofs;

[Trait("Category", "Unit")]
public sealed class ProofKindsTests
{
    [Theory]
    [InlineData(ProofKind.FabricEndorsement, "fabric-endorsement")]
    [InlineData(ProofKind.EthereumReceipt, "ethereum-receipt")]
    [InlineData(ProofKind.EthereumState, "ethereum-state")]
    [InlineData(ProofKind.PlatformJws, "platform-jws")]
    [InlineData(ProofKind.RelayAttestation, "relay-attestation")]
    public void ToWireName_EachKind_IsStableAndParsesBack(ProofKind kind, string wireName)
    {
        kind.ToWireName().ShouldBe(wireName);
        ProofKinds.TryParse(wireName, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
        JsonSerializer.Serialize(kind).ShouldBe($"\"{wireName}\"");
    }

    [Fact]
    public void ToWireName_EveryDefinedKind_HasADistinctName()
    {
        var names = Enum.GetValues<ProofKind>().Select(k => k.ToWireName()).ToArray();

        names.Length.ShouldBe(5);
        names.Distinct(StringComparer.Ordinal).Count().ShouldBe(5);
    }

    [Theory]
    [InlineData("FabricEndorsement")]
    [InlineData("Fabric-Endorsement")]
    [InlineData("fabric_endorsement")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAWireName_ReturnsFalse(string? value)
    {
        ProofKinds.TryParse(value, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(ProofKind.FabricEndorsement, NetworkKind.Fabric, true)]
    [InlineData(ProofKind.FabricEndorsement, NetworkKind.Ethereum, false)]
    [InlineData(ProofKind.EthereumReceipt, NetworkKind.Ethereum, true)]
    [InlineData(ProofKind.EthereumReceipt, NetworkKind.Platform, false)]
    [InlineData(ProofKind.EthereumState, NetworkKind.Ethereum, true)]
    [InlineData(ProofKind.EthereumState, NetworkKind.Fabric, false)]
    [InlineData(ProofKind.PlatformJws, NetworkKind.Platform, true)]
    [InlineData(ProofKind.PlatformJws, NetworkKind.Fabric, false)]
    [InlineData(ProofKind.RelayAttestation, NetworkKind.Fabric, true)]
    [InlineData(ProofKind.RelayAttestation, NetworkKind.Ethereum, true)]
    [InlineData(ProofKind.RelayAttestation, NetworkKind.Platform, true)]
    public void IsCheckedAgainst_ProofAndAnchorKinds_FollowsTheKindTable(ProofKind proofKind, NetworkKind anchorsKind, bool expected)
    {
        proofKind.IsCheckedAgainst(anchorsKind).ShouldBe(expected);
    }

    [Fact]
    public void NetworkKindOf_RelayAttestation_IsAnyKind()
    {
        ProofKind.RelayAttestation.NetworkKindOf().ShouldBeNull();
        ProofKind.EthereumState.NetworkKindOf().ShouldBe(NetworkKind.Ethereum);
    }

    [Fact]
    public void ToWireName_UndefinedValue_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ((ProofKind)99).ToWireName());
    }

    [Theory]
    [InlineData(ProofSubjectType.Transaction, "transaction")]
    [InlineData(ProofSubjectType.Event, "event")]
    [InlineData(ProofSubjectType.State, "state")]
    [InlineData(ProofSubjectType.Message, "message")]
    public void SubjectTypeToWireName_EachType_IsStableAndParsesBack(ProofSubjectType type, string wireName)
    {
        type.ToWireName().ShouldBe(wireName);
        ProofSubjectTypes.TryParse(wireName, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(type);
        ProofSubjectTypes.TryParse("Transaction", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", false)]
    [InlineData("0xb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsDigest_Candidate_AcceptsOnly64LowerHex(string? value, bool expected)
    {
        ProofSubject.IsDigest(value).ShouldBe(expected);
    }
}
