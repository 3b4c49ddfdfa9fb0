using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Fabric.Adapter;

namespace Bridge.UnitTests.Adapters.Fabric.Adapter;

/// <summary>
/// The bridge chaincode's attestation domain as offline verification reads it: from the domain facts the chaincode's
/// adapter writes, it recomputes the digest the adapter asked the relay signers to sign, and refuses facts that name
/// another chaincode or lack the validity. (The verifier's own cases with this domain: RelayAttestationVerifierTests.)
/// </summary>
[Trait("Category", "Unit")]
public sealed class FabricRelayAttestationDomainTests
{
    private const string Channel = "trade";
    private const string Chaincode = "bridge";

    private static readonly InboundTitle Title = new("ebl-title", "0x" + new string('7', 64), "8d0c6f4e-3c55-4f11-9a1b-2f0b7c6d5e4a", "CarrierMSP::carrier", "CarrierMSP::carrier", DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));

    private readonly FabricRelayAttestationDomain _domain = new();

    [Fact]
    public void TryDigest_FactsTheAdapterWrote_IsTheDigestTheAdapterSigns()
    {
        var written = FabricRelayAttestation.For(Channel, Chaincode, Title);

        _domain.TryDigest(Facts(written), Bytes32Words.Of(Title.Lane), Bytes32Words.Of(Title.MessageId), FabricRelayAttestation.InboundPayloadHash(Title.TitleId, Title.Holder, Title.Beneficiary), out var digest, out var problem)
            .ShouldBeTrue(problem);
        digest.ShouldBe(written.Digest);
        _domain.Type.ShouldBe("fabric");
    }

    [Fact]
    public void TryDigest_NetworkWordOfAnotherChaincode_IsRefused()
    {
        var facts = new Dictionary<string, string>(FabricRelayAttestation.For(Channel, Chaincode, Title).Domain)
        {
            ["network"] = "0x" + Convert.ToHexStringLower(FabricRelayAttestation.Network(Channel, "other")),
        };

        _domain.TryDigest(JsonSerializer.SerializeToElement(facts), Bytes32Words.Of(Title.Lane), Bytes32Words.Of(Title.MessageId), new byte[32], out _, out var problem).ShouldBeFalse();
        problem.ShouldContain("domain.network");
    }

    [Fact]
    public void TryDigest_WithoutValidUntil_IsRefused()
    {
        var facts = new Dictionary<string, string>(FabricRelayAttestation.For(Channel, Chaincode, Title).Domain);
        facts.Remove("validUntil");

        _domain.TryDigest(JsonSerializer.SerializeToElement(facts), Bytes32Words.Of(Title.Lane), Bytes32Words.Of(Title.MessageId), new byte[32], out _, out var problem).ShouldBeFalse();
        problem.ShouldContain("validUntil");
    }

    [Fact]
    public void TryInboundPayloadHash_Title_IsTheChaincodesPayloadHash()
    {
        _domain.TryInboundPayloadHash(Title, out var hash, out var problem).ShouldBeTrue(problem);
        hash.ShouldBe(FabricRelayAttestation.InboundPayloadHash(Title.TitleId, Title.Holder, Title.Beneficiary));
        _domain.TryInboundPayloadHash(Title with { Holder = string.Empty }, out _, out _).ShouldBeFalse();
    }

    private static JsonElement Facts(AttestationDomain domain) => JsonSerializer.SerializeToElement(domain.Domain);
}
