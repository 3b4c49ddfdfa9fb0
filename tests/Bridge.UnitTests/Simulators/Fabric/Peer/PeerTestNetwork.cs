using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Text;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Chaincode;
using Bridge.Simulators.Fabric.Peer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Bridge.UnitTests.Simulators.Fabric.Peer;

/// <summary>
/// Three organisations (carrier, bank, customs), each with its own CA and peer, a client of the carrier, and a channel
/// "trade" running chaincode "bridge" under a 2-of-3 MEMBER policy. Built with MspMaterial, so no files.
/// </summary>
internal sealed class PeerTestNetwork : IDisposable
{
    public const string Channel = "trade";
    public const string Chaincode = "bridge";

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = Start.AddDays(30);
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>P-256 n (FIPS 186-4 D.1.2.3, decimal), independent of the product's constant.</summary>
    public static readonly BigInteger P256N = BigInteger.Parse("115792089210356248762697446949407573529996955224135760342422259061068512044369", CultureInfo.InvariantCulture);

    private readonly List<IDisposable> _owned = [];

    public PeerTestNetwork()
    {
        Carrier = Own(MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", Start, Validity));
        Bank = Own(MspMaterial.CreateOrganization("BankMSP", "bank.example.com", Start, Validity));
        Customs = Own(MspMaterial.CreateOrganization("CustomsMSP", "customs.example.com", Start, Validity));
        Client = Own(Carrier.Client.CreateSigner(Carrier.MspId));
        CarrierPeer = Own(Carrier.Peer.CreateSigner(Carrier.MspId));
        BankPeer = Own(Bank.Peer.CreateSigner(Bank.MspId));
        CustomsPeer = Own(Customs.Peer.CreateSigner(Customs.MspId));
        Policy = EndorsementPolicy.NOutOf(2, [Carrier.MspId, Bank.MspId, Customs.MspId]);
        Definition = new ChannelDefinition(
            Channel,
            [Chaincode],
            [Own(Carrier.CreateTrust()), Own(Bank.CreateTrust()), Own(Customs.CreateTrust())],
            Policy);
    }

    public MspOrganization Carrier { get; }

    public MspOrganization Bank { get; }

    public MspOrganization Customs { get; }

    public FabricSigner Client { get; }

    public FabricSigner CarrierPeer { get; }

    public FabricSigner BankPeer { get; }

    public FabricSigner CustomsPeer { get; }

    public SignaturePolicyEnvelope Policy { get; }

    public ChannelDefinition Definition { get; }

    public ProposalValidator Validator() => new([Definition]);

    /// <summary>A second peer of the carrier (same CA, another key).</summary>
    public FabricSigner SecondCarrierPeer() =>
        Own(Carrier.Ca.Issue("peer1.carrier.example.com", "peer", Start, Validity).CreateSigner(Carrier.MspId));

    /// <summary>A client claiming <c>CarrierMSP</c> but issued by another CA.</summary>
    public FabricSigner ImpostorClient()
    {
        var rogue = Own(MspMaterial.CreateOrganization("CarrierMSP", "carrier.example.com", Start, Validity));
        return Own(rogue.Client.CreateSigner("CarrierMSP"));
    }

    /// <summary>A client of an MSP that is not on the channel.</summary>
    public FabricSigner OutsiderClient()
    {
        var outsider = Own(MspMaterial.CreateOrganization("OutsiderMSP", "outsider.example.com", Start, Validity));
        return Own(outsider.Client.CreateSigner("OutsiderMSP"));
    }

    /// <summary>
    /// The test chaincode: <c>put(key, value)</c> writes and emits event "Put" with the key; <c>get(key)</c> reads;
    /// <c>fail(message)</c> answers an error.
    /// </summary>
    public static ChaincodeResponse TestChaincode(IChaincodeStub stub, string function, IReadOnlyList<byte[]> args)
    {
        switch (function)
        {
            case "put":
                stub.GetState(Encoding.UTF8.GetString(args[0]));
                stub.PutState(Encoding.UTF8.GetString(args[0]), args[1]);
                stub.SetEvent("Put", args[0]);
                return new ChaincodeResponse.Success(Encoding.UTF8.GetBytes($"stored by {stub.CreatorMspId}"));
            case "get":
                return new ChaincodeResponse.Success(stub.GetState(Encoding.UTF8.GetString(args[0])) ?? []);
            case "fail":
                return new ChaincodeResponse.Error(Encoding.UTF8.GetString(args[0]));
            default:
                return new ChaincodeResponse.Error($"unknown function {function}");
        }
    }

    /// <summary>The same low-S DER signature with s replaced by n − s (valid ECDSA, high S).</summary>
    public static byte[] ToHighS(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var r = sequence.ReadInteger();
        var s = sequence.ReadInteger();
        (s <= P256N / 2).ShouldBeTrue("the product signs low S");
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(r);
            writer.WriteInteger(P256N - s);
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }
}

/// <summary>
/// Builds a signed proposal the way <c>@hyperledger/fabric-gateway</c> does (fabric-wire.md §2.1,
/// <c>node/src/proposalbuilder.ts</c>), written from the spec and independent of the simulator. Knobs let a test
/// break one thing at a time; the pieces are kept for independent recomputation.
/// </summary>
internal sealed class TestProposal
{
    public required FabricSigner Signer { get; init; }

    public string Channel { get; init; } = PeerTestNetwork.Channel;

    public string Chaincode { get; init; } = PeerTestNetwork.Chaincode;

    public string Function { get; init; } = "put";

    public IReadOnlyList<string> Args { get; init; } = ["k1", "v1"];

    public int HeaderType { get; init; } = 3;

    public ulong Epoch { get; init; }

    public byte[]? Nonce { get; init; }

    public string? TxIdOverride { get; init; }

    public byte[] NonceUsed { get; private set; } = [];

    public byte[] Creator { get; private set; } = [];

    public string TxId { get; private set; } = string.Empty;

    public byte[] ChannelHeaderBytes { get; private set; } = [];

    public byte[] SignatureHeaderBytes { get; private set; } = [];

    /// <summary>ChaincodeProposalPayload{input} serialized without the transient map, built here independently.</summary>
    public byte[] PayloadWithoutTransient { get; private set; } = [];

    public SignedProposal Build()
    {
        NonceUsed = Nonce ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(24);
        Creator = new Bridge.Adapters.Fabric.Protos.Msp.SerializedIdentity
        {
            Mspid = Signer.Identity.MspId,
            IdBytes = ByteString.CopyFromUtf8(Signer.Identity.CertificatePem),
        }.ToByteArray();
        TxId = TxIdOverride ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. NonceUsed, .. Creator]));

        var chaincodeId = new ChaincodeID { Name = Chaincode };
        ChannelHeaderBytes = new ChannelHeader
        {
            Type = HeaderType,
            TxId = TxId,
            Timestamp = Timestamp.FromDateTimeOffset(PeerTestNetwork.Now),
            ChannelId = Channel,
            Extension = new ChaincodeHeaderExtension { ChaincodeId = chaincodeId }.ToByteString(),
            Epoch = Epoch,
        }.ToByteArray();
        SignatureHeaderBytes = new SignatureHeader { Creator = ByteString.CopyFrom(Creator), Nonce = ByteString.CopyFrom(NonceUsed) }.ToByteArray();

        var input = new ChaincodeInput();
        input.Args.Add(ByteString.CopyFromUtf8(Function));
        input.Args.AddRange(Args.Select(ByteString.CopyFromUtf8));
        var invocation = new ChaincodeInvocationSpec
        {
            ChaincodeSpec = new ChaincodeSpec { Type = ChaincodeSpec.Types.Type.Node, ChaincodeId = chaincodeId, Input = input },
        }.ToByteString();
        var payload = new ChaincodeProposalPayload { Input = invocation };
        PayloadWithoutTransient = payload.ToByteArray();
        payload.TransientMap.Add("secret", ByteString.CopyFromUtf8("never in the transaction"));

        var proposal = new Proposal
        {
            Header = new Header { ChannelHeader = ByteString.CopyFrom(ChannelHeaderBytes), SignatureHeader = ByteString.CopyFrom(SignatureHeaderBytes) }.ToByteString(),
            Payload = payload.ToByteString(),
        }.ToByteString();
        return new SignedProposal { ProposalBytes = proposal, Signature = ByteString.CopyFrom(Signer.Sign(proposal.Span)) };
    }
}
