using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Host.Api;
using Bridge.Relay.Engine;
using Bridge.Relay.Lanes;
using Bridge.Relay.Messages;
using Bridge.UnitTests.Adapters.Platform;

namespace Bridge.UnitTests.Relay.Bundles;

/// <summary>
/// A title message whose source fact is a platform event (proven by a <c>platform-jws</c> proof signed with a fresh P-256
/// key) and whose relay attestation is built by the relay's own code (<see cref="RelayAttestations.Build"/>) with three
/// fresh relay keys under a 2-of-3 lane policy, for an Ethereum destination (the adapter's domain) or a Fabric one.
/// </summary>
internal sealed class RelayBundleFixture : IDisposable
{
    public const string LaneName = "platform-to-dest";
    public const string SourceNetwork = "platform-1";
    public const string Channel = "tradechannel";
    public const string Chaincode = "bridge";
    public const ulong ChainId = 1337;

    private readonly HttpClient _http = new();
    private readonly EthPrivateKey _submitter = EthPrivateKey.Generate();

    public RelayBundleFixture()
    {
        Relays = [.. Enumerable.Range(0, 3).Select(_ => EthPrivateKey.Generate())];
        Outsider = EthPrivateKey.Generate();
        TitleRegistry = EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size));
        Recipient = EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size)).ToString();
        Ethereum = new EthereumAdapter(
            new EthereumAdapterOptions { Network = "eth-dev", ChainId = ChainId, DocumentRegistry = EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size)), TitleRegistry = TitleRegistry, Signer = _submitter },
            new EthRpcClient(_http, new EthRpcClientOptions { Endpoint = new Uri("http://127.0.0.1:9/") }));
        var attested = Platform.Attest(new JsonObject
        {
            ["eventType"] = "titleTransferred",
            ["eventTransactionId"] = "7a1e3c00-0000-4000-8000-00000000000a",
            ["sequence"] = 3,
            ["originatorId"] = "MAEU",
        });
        SourceProof = new ProofEnvelope(
            ProofEnvelope.CurrentVersion,
            SourceNetwork,
            ProofKind.PlatformJws,
            new ProofSubject(ProofSubjectType.Event, attested["eventTransactionId"]!.GetValue<string>(), PlatformTestKeys.Sha256Hex(PlatformTestKeys.Payload(attested))),
            JsonSerializer.SerializeToElement(new JsonObject { ["object"] = attested }));
    }

    public PlatformTestKeys Platform { get; } = new();

    /// <summary>The lane's three relay keys (unordered).</summary>
    public IReadOnlyList<EthPrivateKey> Relays { get; }

    /// <summary>A key that is not one of the lane's relay signers.</summary>
    public EthPrivateKey Outsider { get; }

    public EthAddress TitleRegistry { get; }

    /// <summary>Who receives the title on the destination (an address, valid on both destination types).</summary>
    public string Recipient { get; }

    public EthereumAdapter Ethereum { get; }

    public ProofEnvelope SourceProof { get; }

    public static IInboundTitleDomain Fabric { get; } = new FabricDomain();

    public Lane Lane(string destination) => new(
        Guid.NewGuid(),
        LaneName,
        "Platform to destination",
        SourceNetwork,
        destination,
        LaneFlows.Title,
        LaneDirection.OneWay,
        new LaneProofPolicy([ProofKind.PlatformJws], [.. Relays.Select(r => r.Address.ToString())], 2),
        MinConfirmations: null,
        TimeSpan.FromHours(1),
        new LaneRateLimit(10, 10),
        [],
        Paused: false,
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch);

    public RelayMessage Message(string destination) => RelayMessage.Observe(
        LaneName,
        MessageKind.Title,
        new MessageSource(SourceNetwork, new TxRef(SourceProof.Subject.Id), 0, SourceProof.Subject.Id),
        destination,
        new MessagePayload.Title(SourceProof.Subject, "5f0c7f43-3d7b-4c1e-9a0e-2b7f6c1d9e01", "CarrierMSP::alice", "CarrierMSP::alice", Recipient, TitleMove.Export, "0x" + new string('1', 64)),
        deadline: null,
        DateTimeOffset.UnixEpoch);

    /// <summary>The relay's attestation of <see cref="Message"/> for the Ethereum (TitleRegistry) or Fabric destination.</summary>
    public ProofEnvelope Attestation(bool fabric = false)
    {
        var destination = fabric ? "fabric-1" : "eth-dev";
        var message = Message(destination);
        var built = RelayAttestations.Build(
            message,
            Lane(destination),
            (MessagePayload.Title)message.Payload!,
            fabric ? Fabric : Ethereum,
            [.. Relays.Select(r => new EthRelaySigner(r))],
            out var problem);
        built.ShouldNotBeNull(problem);
        return built.Value.Envelope;
    }

    /// <summary>The expected title facts of <see cref="Message"/>, as the relay attests them (holder = beneficiary = recipient).</summary>
    public InboundTitle Expected(string destination)
    {
        var message = Message(destination);
        var title = (MessagePayload.Title)message.Payload!;
        return new InboundTitle(LaneName, "0x" + message.Id.Value, title.TitleId, title.Recipient, title.Recipient, message.Deadline ?? message.CreatedAt.AddDays(1));
    }

    /// <summary>The bundle the proof endpoint writes for <see cref="Message"/> with both proofs (the relay's verdicts claim valid).</summary>
    public JsonObject Bundle()
    {
        var message = Message("eth-dev");
        return ProofBundles.Create(message,
        [
            new StoredProof(MessageDispatcher.SourceRole, SourceProof, new ProofVerdict.Valid([PlatformTestKeys.Kid]), DateTimeOffset.UnixEpoch),
            new StoredProof(MessageDispatcher.AttestationRole, Attestation(), new ProofVerdict.Valid([.. Relays.Select(r => r.Address.ToLowerHex())]), DateTimeOffset.UnixEpoch),
        ]);
    }

    /// <summary>A trust file naming the platform's anchors and the lane's relay signers.</summary>
    public JsonObject TrustFile(IEnumerable<EthAddress>? relaySigners = null, int threshold = 2) => new()
    {
        ["networks"] = new JsonObject
        {
            [SourceNetwork] = new JsonObject
            {
                ["kind"] = "platform",
                ["trustAnchors"] = JsonNode.Parse(TrustAnchorsJson.ToJson(Platform.Anchors).GetRawText()),
            },
        },
        ["relaySigners"] = new JsonObject
        {
            [LaneName] = new JsonObject
            {
                ["signers"] = new JsonArray([.. (relaySigners ?? Relays.Select(r => r.Address)).Select(a => (JsonNode)a.ToString())]),
                ["threshold"] = threshold,
            },
        },
    };

    /// <summary>
    /// Replaces the signers and signatures of an attestation's <paramref name="data"/> with signatures of its digest by
    /// <paramref name="keys"/> (<see cref="EthPrivateKey.Sign"/>), in the order given (no sorting).
    /// </summary>
    public static void Resign(JsonObject data, IEnumerable<EthPrivateKey> keys)
    {
        var digest = Convert.FromHexString(data["digest"]!.GetValue<string>().AsSpan(2));
        var list = keys.ToList();
        data["signers"] = new JsonArray([.. list.Select(k => (JsonNode)k.Address.ToLowerHex())]);
        data["signatures"] = new JsonArray([.. list.Select(k => (JsonNode)("0x" + Convert.ToHexStringLower(k.Sign(digest).ToBytes65())))]);
    }

    /// <summary>The keys in ascending address order, as the contract requires.</summary>
    public static IEnumerable<EthPrivateKey> Ascending(IEnumerable<EthPrivateKey> keys) =>
        keys.OrderBy(k => k.Address.ToLowerHex(), StringComparer.Ordinal);

    public static ProofEnvelope WithData(ProofEnvelope envelope, JsonObject data) =>
        envelope with { Data = JsonSerializer.SerializeToElement(data) };

    public static JsonObject DataOf(ProofEnvelope envelope) => JsonNode.Parse(envelope.Data.GetRawText())!.AsObject();

    public void Dispose()
    {
        Platform.Dispose();
        foreach (var key in Relays)
        {
            key.Dispose();
        }

        Outsider.Dispose();
        _submitter.Dispose();
        _http.Dispose();
    }

    private sealed class FabricDomain : IInboundTitleDomain
    {
        public AttestationDomain InboundTitleDomain(InboundTitle title) => FabricRelayAttestation.For(Channel, Chaincode, title);
    }
}
