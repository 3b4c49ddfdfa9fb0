using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Msp;
using Bridge.Adapters.Fabric.Protos.Peer;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Fabric.Gateway;

/// <summary>
/// Proposals are decoded back with the generated messages and every field of fabric-wire.md §2.1 is checked; the tx id
/// is recomputed here from its definition (hex SHA-256 of nonce ‖ creator).
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProposalBuilderTests : IDisposable
{
    private static readonly DateTimeOffset When = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private readonly GatewayTestIdentity _identity = new();

    public void Dispose() => _identity.Dispose();

    [Fact]
    public void Build_KnownInputs_EveryFieldDecodesAsTheOfficialClientWritesIt()
    {
        var nonce = Enumerable.Range(1, 24).Select(i => (byte)i).ToArray();
        var creator = _identity.Signer.SerializedIdentity();
        var options = FabricProposalOptions.FromStrings(["doc-1", "ab"]) with
        {
            TransientData = new Dictionary<string, ReadOnlyMemory<byte>> { ["secret"] = new byte[] { 9, 8, 7 } },
        };

        var built = ProposalBuilder.Build(creator, nonce, When, "trade", "bridge", "AnchorDocument", options);

        var expectedTxId = Convert.ToHexStringLower(SHA256.HashData([.. nonce, .. creator]));
        built.TransactionId.ShouldBe(expectedTxId);

        var proposal = Proposal.Parser.ParseFrom(built.ProposalBytes);
        proposal.Extension.IsEmpty.ShouldBeTrue();
        var header = Header.Parser.ParseFrom(proposal.Header);

        var channelHeader = ChannelHeader.Parser.ParseFrom(header.ChannelHeader);
        channelHeader.Type.ShouldBe(3);
        channelHeader.Version.ShouldBe(0);
        channelHeader.TxId.ShouldBe(expectedTxId);
        channelHeader.ChannelId.ShouldBe("trade");
        channelHeader.Epoch.ShouldBe(0UL);
        channelHeader.TlsCertHash.IsEmpty.ShouldBeTrue();
        channelHeader.Timestamp.Seconds.ShouldBe(When.ToUnixTimeSeconds());
        channelHeader.Timestamp.Nanos.ShouldBe(890_000_000);
        var extension = ChaincodeHeaderExtension.Parser.ParseFrom(channelHeader.Extension);
        extension.ChaincodeId.Name.ShouldBe("bridge");
        extension.ChaincodeId.Path.ShouldBeEmpty();
        extension.ChaincodeId.Version.ShouldBeEmpty();

        // Field 1 (type) is the first field on the wire: tag 0x08, varint 3 (protobuf encoding guide).
        header.ChannelHeader.Span[..2].ToArray().ShouldBe(new byte[] { 0x08, 0x03 });

        var signatureHeader = SignatureHeader.Parser.ParseFrom(header.SignatureHeader);
        signatureHeader.Nonce.ToByteArray().ShouldBe(nonce);
        var serialized = SerializedIdentity.Parser.ParseFrom(signatureHeader.Creator);
        serialized.Mspid.ShouldBe("CarrierMSP");
        serialized.IdBytes.ToStringUtf8().ShouldBe(_identity.Signer.Identity.CertificatePem);

        var payload = ChaincodeProposalPayload.Parser.ParseFrom(proposal.Payload);
        payload.TransientMap.Keys.ShouldBe(["secret"]);
        payload.TransientMap["secret"].ToByteArray().ShouldBe(new byte[] { 9, 8, 7 });
        var spec = ChaincodeInvocationSpec.Parser.ParseFrom(payload.Input).ChaincodeSpec;
        spec.Type.ShouldBe(ChaincodeSpec.Types.Type.Node);
        ((int)spec.Type).ShouldBe(2);
        spec.ChaincodeId.Name.ShouldBe("bridge");
        spec.Input.Args.Select(a => a.ToStringUtf8()).ShouldBe(["AnchorDocument", "doc-1", "ab"]);
        spec.Input.IsInit.ShouldBeFalse();
        spec.Input.Decorations.ShouldBeEmpty();
    }

    [Fact]
    public void Build_NoTransientData_PayloadHasNoTransientMap()
    {
        var built = ProposalBuilder.Build(_identity.Signer.SerializedIdentity(), new byte[24], When, "trade", "bridge", "GetAnchor", FabricProposalOptions.FromStrings(["x"]));

        var payload = ChaincodeProposalPayload.Parser.ParseFrom(Proposal.Parser.ParseFrom(built.ProposalBytes).Payload);
        payload.TransientMap.ShouldBeEmpty();
    }

    [Fact]
    public void Build_RandomNoncesAndArguments_TxIdIsHashOfNonceAndCreatorAndArgumentsRoundTrip()
    {
        var creator = _identity.Signer.SerializedIdentity();
        var gen =
            from nonce in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 24)
            from args in Gen.ListOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()))
            select (nonce, args);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(Arb.From(gen), input =>
        {
            var options = new FabricProposalOptions { Arguments = [.. input.args.Select(a => (ReadOnlyMemory<byte>)a)] };
            var built = ProposalBuilder.Build(creator, input.nonce, When, "trade", "bridge", "F", options);

            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(input.nonce);
            sha.AppendData(creator);
            var expected = Convert.ToHexStringLower(sha.GetHashAndReset());
            var proposal = Proposal.Parser.ParseFrom(built.ProposalBytes);
            var channelHeader = ChannelHeader.Parser.ParseFrom(Header.Parser.ParseFrom(proposal.Header).ChannelHeader);
            var args = ChaincodeInvocationSpec.Parser.ParseFrom(ChaincodeProposalPayload.Parser.ParseFrom(proposal.Payload).Input).ChaincodeSpec.Input.Args;
            return built.TransactionId == expected
                && channelHeader.TxId == expected
                && args.Count == input.args.Count + 1
                && args[0].ToStringUtf8() == "F"
                && args.Skip(1).Select(a => a.ToByteArray()).Zip(input.args).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        }));
    }

    [Fact]
    public void NewProposal_SignedOfflineOverDigest_SignatureVerifiesOverTheProposalBytes()
    {
        var proposal = _identity.Gateway.Network("trade").Contract("bridge").NewProposal("GetAnchor", FabricProposalOptions.FromStrings(["d"]));

        proposal.IsSigned.ShouldBeFalse();
        proposal.Digest.ToArray().ShouldBe(SHA256.HashData(proposal.ProposalBytes.Span));
        var signature = _identity.Signer.SignDigest(proposal.Digest.Span);
        var signed = proposal.WithSignature(signature);

        signed.IsSigned.ShouldBeTrue();
        _identity.Signer.Identity.Verify(signed.ProposalBytes.Span, signature).ShouldBeTrue();
    }

    [Fact]
    public void NewSignedProposal_FromBytesOfAnUnsignedProposal_KeepsTxIdChannelOrganisationsAndBytes()
    {
        var contract = _identity.Gateway.Network("trade").Contract("bridge");
        var proposal = contract.NewProposal("AnchorDocument", FabricProposalOptions.FromStrings(["a"]) with { EndorsingOrganizations = ["BankMSP"] });
        var signature = _identity.Signer.SignDigest(proposal.Digest.Span);

        var restored = _identity.Gateway.NewSignedProposal(proposal.ToBytes(), signature);

        restored.TransactionId.ShouldBe(proposal.TransactionId);
        restored.ChannelName.ShouldBe("trade");
        restored.EndorsingOrganizations.ShouldBe(["BankMSP"]);
        restored.ProposalBytes.ToArray().ShouldBe(proposal.ProposalBytes.ToArray());
        restored.IsSigned.ShouldBeTrue();
    }

    [Fact]
    public void NewSignedProposal_Garbage_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => _identity.Gateway.NewSignedProposal(Encoding.UTF8.GetBytes("not protobuf at all \xff"), new byte[] { 1 }));
    }

    [Fact]
    public async Task EvaluateAsync_UnsignedProposal_ThrowsInvalidOperationBeforeAnyCall()
    {
        var proposal = _identity.Gateway.Network("trade").Contract("bridge").NewProposal("GetAnchor");

        await Should.ThrowAsync<InvalidOperationException>(() => proposal.EvaluateAsync(TestContext.Current.CancellationToken));
    }
}
