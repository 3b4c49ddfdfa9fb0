using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Fabric.Adapter;
using Bridge.Canonical.Hashing;
using Bridge.Host.Cli;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Relay.Bundles;

[Trait("Category", "Unit")]
public sealed class RelayAttestationVerifierTests : IDisposable
{
    private readonly RelayBundleFixture _fixture = new();
    private readonly RelayAttestationVerifier _verifier = new([new EthereumRelayAttestationDomain(), new FabricRelayAttestationDomain()]);

    public void Dispose() => _fixture.Dispose();

    private RelaySignerPolicy Policy(int threshold = 2) => new(_fixture.Relays.Select(r => r.Address), threshold);

    private string Destination(bool fabric) => fabric ? "fabric-1" : "eth-dev";

    private ProofVerdict Verify(ProofEnvelope proof, bool fabric = false, bool withTitle = true) =>
        _verifier.Verify(proof, Policy(), withTitle ? _fixture.Expected(Destination(fabric)) : null);

    private ProofEnvelope Altered(Action<JsonObject> change, bool fabric = false)
    {
        var proof = _fixture.Attestation(fabric);
        var data = RelayBundleFixture.DataOf(proof);
        change(data);
        return RelayBundleFixture.WithData(proof, data);
    }

    private static string Code(ProofVerdict verdict) => verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_TwoOfThreeByTheRelay_IsValidWithTheSignersInAscendingOrder(bool fabric)
    {
        var proof = _fixture.Attestation(fabric);

        var valid = Verify(proof, fabric).ShouldBeOfType<ProofVerdict.Valid>();

        valid.Signers.Count.ShouldBe(2);
        valid.Signers.ShouldBeSubsetOf(_fixture.Relays.Select(r => r.Address.ToLowerHex()));
        valid.Signers.ShouldBe([.. valid.Signers.Order(StringComparer.Ordinal)]);
        valid.Details!["domain"].ShouldBe(fabric ? "fabric" : "ethereum");
    }

    [Fact]
    public void Verify_EthereumDigest_IsTheEip712DigestOfTheContractsDomain()
    {
        // Recomputed here from the EIP-712 definition (https://eips.ethereum.org/EIPS/eip-712), not with RelayAttestation.
        var expected = _fixture.Expected("eth-dev");
        var payloadHash = Keccak256.Hash([.. Bytes32Words.Of(expected.TitleId), .. Bytes32Words.OfRecipient(expected.Holder), .. Bytes32Words.OfRecipient(expected.Beneficiary)]);
        byte[] Word(ulong value)
        {
            var word = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
            return word;
        }

        var contract = Bytes32Words.OfRecipient(_fixture.TitleRegistry.ToLowerHex());
        var domainSeparator = Keccak256.Hash([
            .. Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8),
            .. Keccak256.Hash("TradeChainBridge.TitleRegistry"u8), .. Keccak256.Hash("1"u8), .. Word(RelayBundleFixture.ChainId), .. contract]);
        var structHash = Keccak256.Hash([
            .. Keccak256.Hash("RelayAttestation(bytes32 lane,bytes32 messageId,bytes32 payloadHash,uint256 chainId,address verifyingContract,uint64 validUntil)"u8),
            .. Bytes32Words.Of(RelayBundleFixture.LaneName), .. Bytes32Words.Of(expected.MessageId), .. payloadHash, .. Word(RelayBundleFixture.ChainId), .. contract,
            .. Word((ulong)expected.ValidUntil.ToUnixTimeSeconds())]);
        var digest = Keccak256.Hash([0x19, 0x01, .. domainSeparator, .. structHash]);

        var valid = Verify(_fixture.Attestation()).ShouldBeOfType<ProofVerdict.Valid>();

        valid.Details!["digest"].ShouldBe("0x" + Convert.ToHexStringLower(digest));
        valid.Details["payloadHash"].ShouldBe("0x" + Convert.ToHexStringLower(payloadHash));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 40)]
    [InlineData(true, 65)]
    public void Verify_FlippedDigestByte_IsDigestMismatch(bool fabric, int position)
    {
        var proof = Altered(d => d["digest"] = Flip(d["digest"]!.GetValue<string>(), position), fabric);

        Code(Verify(proof, fabric)).ShouldBe(RelayAttestationCodes.DigestMismatch);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_UnknownSigner_IsUntrustedSigner(bool fabric)
    {
        var proof = Altered(d => RelayBundleFixture.Resign(d, RelayBundleFixture.Ascending([_fixture.Relays[0], _fixture.Outsider])), fabric);

        var invalid = Verify(proof, fabric).ShouldBeOfType<ProofVerdict.Invalid>();
        invalid.Code.ShouldBe(RelayAttestationCodes.UntrustedSigner);
        invalid.Reason.ShouldContain(_fixture.Outsider.Address.ToLowerHex());
    }

    [Fact]
    public void Verify_SameSignerTwice_IsDuplicateSigner()
    {
        var proof = Altered(d => RelayBundleFixture.Resign(d, [_fixture.Relays[1], _fixture.Relays[1]]));

        Code(Verify(proof)).ShouldBe(RelayAttestationCodes.DuplicateSigner);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_OneSignerUnderATwoOfThreePolicy_IsPolicyNotSatisfied(bool fabric)
    {
        var proof = Altered(d => RelayBundleFixture.Resign(d, [_fixture.Relays[2]]), fabric);

        Code(Verify(proof, fabric)).ShouldBe(RelayAttestationCodes.PolicyNotSatisfied);
        _verifier.Verify(proof, Policy(threshold: 1), _fixture.Expected(Destination(fabric))).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_SignersInDescendingOrder_IsUnorderedSigners()
    {
        var proof = Altered(d => RelayBundleFixture.Resign(d, RelayBundleFixture.Ascending(_fixture.Relays).Reverse()));

        Code(Verify(proof)).ShouldBe(RelayAttestationCodes.UnorderedSigners);
    }

    [Fact]
    public void Verify_AllThreeInAscendingOrder_IsValid()
    {
        var proof = Altered(d => RelayBundleFixture.Resign(d, RelayBundleFixture.Ascending(_fixture.Relays)));

        Verify(proof).ShouldBeOfType<ProofVerdict.Valid>().Signers.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_AlteredPayloadHash_IsPayloadMismatchWithTheTitleAndDigestMismatchWithout(bool fabric)
    {
        var proof = Altered(
            d =>
            {
                var altered = Flip(d["domain"]!["payloadHash"]!.GetValue<string>(), 10);
                d["domain"]!["payloadHash"] = altered;
                if (d.ContainsKey("payloadHash"))
                {
                    d["payloadHash"] = altered;
                }
            },
            fabric);

        Code(Verify(proof, fabric)).ShouldBe(RelayAttestationCodes.PayloadMismatch);
        Code(Verify(proof, fabric, withTitle: false)).ShouldBe(RelayAttestationCodes.DigestMismatch);
    }

    [Fact]
    public void Verify_ExpectedAnotherBeneficiary_IsPayloadMismatch()
    {
        var other = EthAddress.FromBytes(new byte[20]).ToString();

        var verdict = _verifier.Verify(_fixture.Attestation(), Policy(), _fixture.Expected("eth-dev") with { Holder = other, Beneficiary = other });

        Code(verdict).ShouldBe(RelayAttestationCodes.PayloadMismatch);
    }

    [Fact]
    public void Verify_TopLevelPayloadHashDisagreesWithTheDomain_IsMalformed()
    {
        var proof = Altered(d => d["payloadHash"] = Flip(d["payloadHash"]!.GetValue<string>(), 10));

        Code(Verify(proof)).ShouldBe(RelayAttestationCodes.MalformedProof);
    }

    [Fact]
    public void Verify_SubjectOfAnotherMessage_IsWrongMessage()
    {
        var proof = _fixture.Attestation();
        var other = proof with { Subject = proof.Subject with { Id = Flip(proof.Subject.Id, 0) } };

        Code(Verify(other, withTitle: false)).ShouldBe(RelayAttestationCodes.WrongMessage);
    }

    [Fact]
    public void Verify_MessageIdWordOfAnotherMessage_IsWrongMessage()
    {
        var proof = Altered(d => d["messageId"] = Flip(d["messageId"]!.GetValue<string>(), 5));

        Code(Verify(proof)).ShouldBe(RelayAttestationCodes.WrongMessage);
    }

    [Fact]
    public void Verify_ExpectedAnotherMessage_IsWrongMessage()
    {
        var verdict = _verifier.Verify(_fixture.Attestation(), Policy(), _fixture.Expected("eth-dev") with { MessageId = "0x" + new string('a', 64) });

        Code(verdict).ShouldBe(RelayAttestationCodes.WrongMessage);
    }

    [Fact]
    public void Verify_LaneNameNotTheLaneWord_IsWrongLane()
    {
        var proof = Altered(d => d["laneName"] = "another-lane");

        Code(Verify(proof, withTitle: false)).ShouldBe(RelayAttestationCodes.WrongLane);
    }

    [Fact]
    public void Verify_ListedSignerIsNotWhoSigned_IsBadSignature()
    {
        var proof = Altered(d =>
        {
            RelayBundleFixture.Resign(d, RelayBundleFixture.Ascending(_fixture.Relays.Take(2)));
            var signatures = d["signatures"]!.AsArray();
            (signatures[0], signatures[1]) = (signatures[1]!.DeepClone(), signatures[0]!.DeepClone());
        });

        Code(Verify(proof)).ShouldBe(RelayAttestationCodes.BadSignature);
    }

    [Fact]
    public void Verify_FabricNetworkWordOfAnotherChaincode_IsMalformed()
    {
        var proof = Altered(d => d["domain"]!["network"] = "0x" + Convert.ToHexStringLower(FabricRelayAttestation.Network(RelayBundleFixture.Channel, "other")), fabric: true);

        Code(Verify(proof, fabric: true)).ShouldBe(RelayAttestationCodes.MalformedProof);
    }

    [Fact]
    public void Verify_FabricAttestationReplayedOnAnotherChaincode_IsDigestMismatch()
    {
        var proof = Altered(
            d =>
            {
                d["domain"]!["chaincode"] = "other";
                d["domain"]!["network"] = "0x" + Convert.ToHexStringLower(FabricRelayAttestation.Network(RelayBundleFixture.Channel, "other"));
                d["network"] = d["domain"]!["network"]!.DeepClone();
            },
            fabric: true);

        Code(Verify(proof, fabric: true)).ShouldBe(RelayAttestationCodes.DigestMismatch);
    }

    [Fact]
    public void Verify_UnknownDomainType_IsUnknownDomain()
    {
        var verifier = new RelayAttestationVerifier([new EthereumRelayAttestationDomain()]);

        Code(verifier.Verify(_fixture.Attestation(fabric: true), Policy())).ShouldBe(RelayAttestationCodes.UnknownDomain);
    }

    [Fact]
    public void Verify_AnotherProofKind_IsKindMismatch()
    {
        var proof = _fixture.Attestation() with { Kind = ProofKind.PlatformJws };

        Code(Verify(proof)).ShouldBe(ProofVerdictCodes.KindMismatch);
    }

    [Fact]
    public void Verify_AnyHexCharacterOfASignedValueChanged_IsNeverValid()
    {
        var proof = _fixture.Attestation();
        var text = proof.Data.GetRawText();
        var gen = Gen.Elements(SignedValuePositions(text));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(gen), position =>
        {
            var changed = text[..position] + (text[position] == '0' ? '1' : '0') + text[(position + 1)..];
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(changed);
            }
            catch (JsonException)
            {
                return true; // e.g. a number that now starts with 0
            }

            using (document)
            {
                return !Verify(proof with { Data = document.RootElement.Clone() }).IsValid;
            }
        }));
    }

    /// <summary>
    /// Positions of hex-digit characters inside the string and number values of the data (ASCII, so byte offsets are
    /// character offsets), except the informational beneficiary and threshold, which the signatures do not cover.
    /// </summary>
    private static int[] SignedValuePositions(string json)
    {
        var positions = new List<int>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.String or JsonTokenType.Number when property is not ("beneficiary" or "threshold"):
                    var start = (int)reader.TokenStartIndex;
                    var end = start + (int)reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
                    positions.AddRange(Enumerable.Range(start, end - start).Where(i => char.IsAsciiHexDigit(json[i])));
                    break;
            }
        }

        positions.Count.ShouldBeGreaterThan(500);
        return [.. positions];
    }

    [Fact]
    public void RelaySignerPolicy_ThresholdAboveTheSigners_Throws()
    {
        Should.Throw<ArgumentException>(() => new RelaySignerPolicy(_fixture.Relays.Select(r => r.Address), 4));
        Should.Throw<ArgumentException>(() => new RelaySignerPolicy([], 1));
        Should.Throw<ArgumentException>(() => new RelaySignerPolicy([_fixture.Relays[0].Address, _fixture.Relays[0].Address], 2));
    }

    private static string Flip(string hex, int position) =>
        hex[..position] + (hex[position] == '0' ? '1' : '0') + hex[(position + 1)..];
}
