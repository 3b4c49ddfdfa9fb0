using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using static Bridge.UnitTests.Relay.Engine.EngineFixtures;

namespace Bridge.UnitTests.Relay.Engine;

[Trait("Category", "Unit")]
public sealed class RelayAttestationsTests : IDisposable
{
    private const string Recipient = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";

    private static readonly byte[] Digest = SHA256.HashData(Encoding.UTF8.GetBytes("the destination's digest"));

    private readonly EthPrivateKey[] _keys = [EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate()];

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public void Build_HostHoldsMoreThanM_SignsWithExactlyMOfTheLanesSignersInAscendingAddressOrder()
    {
        // Keys 0-2 are the lane's (listed in EIP-55 form); key 3 is configured on the host but belongs to no lane signer.
        var lane = NewLane(signers: [.. _keys[..3].Select(k => k.Address.ToString())], threshold: 2);
        var signers = Signers(_keys[3], _keys[2], _keys[1], _keys[0]);
        var (message, title) = Message();
        var domain = new FixedDomain(Digest, new Dictionary<string, string> { ["type"] = "fabric", ["network"] = "0x" + new string('e', 64) });

        var built = RelayAttestations.Build(message, lane, title, domain, signers, out var problem);

        problem.ShouldBeNull();
        var (envelope, verdict) = built.ShouldNotBeNull();
        var data = envelope.Data;
        var signed = data.GetProperty("signers").EnumerateArray().Select(s => s.GetString()!).ToList();
        var signatures = data.GetProperty("signatures").EnumerateArray().Select(s => s.GetString()!).ToList();
        signed.Count.ShouldBe(2);
        signatures.Count.ShouldBe(2);
        signed.ShouldBeSubsetOf(_keys[..3].Select(k => k.Address.ToLowerHex()));
        signed.ShouldBeUnique();
        signed.SequenceEqual(signed.Order(StringComparer.Ordinal)).ShouldBeTrue("ascending address order");
        for (var i = 0; i < signed.Count; i++)
        {
            RecoveredSigner(Digest, signatures[i]).ShouldBe(signed[i], $"signature {i}");
        }

        verdict.ShouldBeOfType<ProofVerdict.Valid>().Signers.ShouldBe(signed);
        data.GetProperty("threshold").GetInt32().ShouldBe(2);
        data.GetProperty("digest").GetString().ShouldBe("0x" + Convert.ToHexStringLower(Digest));
        data.GetProperty("network").GetString().ShouldBe("0x" + new string('e', 64));
        data.TryGetProperty("chainId", out _).ShouldBeFalse();
    }

    [Fact]
    public void Build_AnyHost_NamesTheLaneMessageAndTitleForTheDestination()
    {
        var lane = NewLane(signers: [_keys[0].Address.ToString()], threshold: 1);
        var (message, title) = Message();
        var domain = new FixedDomain(Digest, new Dictionary<string, string> { ["type"] = "fabric" });

        var (envelope, _) = RelayAttestations.Build(message, lane, title, domain, Signers(_keys[0]), out _).ShouldNotBeNull();

        var messageWord = "0x" + message.Id.Value;
        domain.Asked.ShouldHaveSingleItem().ShouldBe(new InboundTitle(TitleLane, messageWord, title.TitleId, Recipient, Recipient, message.Deadline ?? message.CreatedAt.AddDays(1)));
        envelope.Version.ShouldBe(ProofEnvelope.CurrentVersion);
        envelope.Kind.ShouldBe(ProofKind.RelayAttestation);
        envelope.SourceNetwork.ShouldBe(Fabric);
        envelope.Subject.ShouldBe(new ProofSubject(ProofSubjectType.Message, message.Id.Value, message.PayloadDigest));
        envelope.Data.GetProperty("lane").GetString().ShouldBe("0x" + Convert.ToHexStringLower(Bytes32Words.Of(TitleLane)));
        envelope.Data.GetProperty("laneName").GetString().ShouldBe(TitleLane);
        envelope.Data.GetProperty("messageId").GetString().ShouldBe(messageWord);
        envelope.Data.GetProperty("beneficiary").GetString().ShouldBe(Recipient);
        envelope.Data.GetProperty("domain").GetProperty("type").GetString().ShouldBe("fabric");
        envelope.Data.TryGetProperty("network", out _).ShouldBeFalse();
        RelayAttestations.MessageWord(message.Id).ShouldBe(messageWord);
    }

    [Fact]
    public void Build_EthereumDomain_AddsChainIdAsANumberContractAndPayloadHash()
    {
        var lane = NewLane(signers: [_keys[0].Address.ToString()], threshold: 1);
        var (message, title) = Message();
        var facts = new Dictionary<string, string>
        {
            ["type"] = "ethereum",
            ["chainId"] = "31337",
            ["contract"] = "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
            ["payloadHash"] = "0x" + new string('d', 64),
        };

        var (envelope, _) = RelayAttestations.Build(message, lane, title, new FixedDomain(Digest, facts), Signers(_keys[0]), out _).ShouldNotBeNull();

        var data = envelope.Data;
        data.GetProperty("chainId").ValueKind.ShouldBe(JsonValueKind.Number);
        data.GetProperty("chainId").GetUInt64().ShouldBe(31337UL);
        data.GetProperty("contract").GetString().ShouldBe(facts["contract"]);
        data.GetProperty("payloadHash").GetString().ShouldBe(facts["payloadHash"]);
        data.TryGetProperty("network", out _).ShouldBeFalse();
        var domain = data.GetProperty("domain");
        foreach (var (name, value) in facts)
        {
            domain.GetProperty(name).GetString().ShouldBe(value, name);
        }
    }

    [Fact]
    public void Build_FewerLaneSignersThanM_IsNullWithASignersProblem()
    {
        var lane = NewLane(signers: [.. _keys[..3].Select(k => k.Address.ToString())], threshold: 2);
        var (message, title) = Message();
        var domain = new FixedDomain(Digest, new Dictionary<string, string>());

        var built = RelayAttestations.Build(message, lane, title, domain, Signers(_keys[0], _keys[3]), out var problem);

        built.ShouldBeNull();
        problem.ShouldNotBeNull().ShouldStartWith("signers:");
        problem.ShouldContain("1 of");
        domain.Asked.ShouldBeEmpty("nothing is asked of the destination without enough signers");
    }

    [Fact]
    public void Build_OneKeyConfiguredTwice_CountsOnce()
    {
        var lane = NewLane(signers: [.. _keys[..3].Select(k => k.Address.ToString())], threshold: 2);
        var (message, title) = Message();

        var built = RelayAttestations.Build(message, lane, title, new FixedDomain(Digest, new Dictionary<string, string>()), Signers(_keys[0], _keys[0]), out var problem);

        built.ShouldBeNull();
        problem.ShouldNotBeNull().ShouldStartWith("signers:");
    }

    [Fact]
    public void Build_DomainRefusesTheTitle_IsNullWithTheDomainsMessage()
    {
        var lane = NewLane(signers: [_keys[0].Address.ToString()], threshold: 1);
        var (message, title) = Message();
        var refusal = new ArgumentException("the holder is not an Ethereum address");

        var built = RelayAttestations.Build(message, lane, title, new FixedDomain(Digest, new Dictionary<string, string>(), refusal), Signers(_keys[0]), out var problem);

        built.ShouldBeNull();
        problem.ShouldBe(refusal.Message);
        problem.ShouldNotStartWith("signers:");
    }

    private static IRelaySigner[] Signers(params EthPrivateKey[] keys) => [.. keys.Select(k => new EthRelaySigner(k))];

    private static (RelayMessage Message, MessagePayload.Title Title) Message()
    {
        var title = new MessagePayload.Title(EventSubject("fabric-tx-1"), "6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f", "CarrierMSP::carrier", "CarrierMSP::carrier", Recipient, TitleMove.Export, "msg-1");
        var source = new MessageSource(Fabric, new TxRef("fabric-tx-1", 12, "block-12"), 0, LedgerEvent.FormatProtocolId(12, 0, 0));
        return (RelayMessage.Observe(TitleLane, MessageKind.Title, source, Ethereum, title, null, T0), title);
    }

    private static string RecoveredSigner(byte[] digest, string signatureHex)
    {
        EthSignature.TryFromBytes65(Convert.FromHexString(signatureHex.AsSpan(2)), out var signature).ShouldBeTrue();
        Secp256k1.TryRecoverAddress(digest, signature, out var address).ShouldBeTrue();
        return address.ToLowerHex();
    }

    /// <summary>A destination whose digest is fixed; it records what it was asked and can refuse.</summary>
    private sealed class FixedDomain(byte[] digest, IReadOnlyDictionary<string, string> facts, ArgumentException? refusal = null) : IInboundTitleDomain
    {
        public List<InboundTitle> Asked { get; } = [];

        public AttestationDomain InboundTitleDomain(InboundTitle title)
        {
            Asked.Add(title);
            return refusal is null ? new AttestationDomain(digest, facts) : throw refusal;
        }
    }
}
