using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Eip712;

namespace Bridge.UnitTests.Adapters.Ethereum.Adapter;

/// <summary>
/// The relay attestation digest written out by hand equals the generic EIP-712 implementation's digest of the same
/// typed data (two independent encodings of TitleRegistry's RelayAttestation), and signatures come sorted by signer.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RelayAttestationTests
{
    private static readonly EthAddress Contract = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    [Fact]
    public void Digest_EqualsTheGenericEip712DigestOfTheSameTypedData()
    {
        var lane = Word(0x11);
        var message = Word(0x22);
        var payload = Word(0x33);
        var json = $$"""
        {
          "types": {
            "EIP712Domain": [
              {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ],
            "RelayAttestation": [
              {"name": "lane", "type": "bytes32"}, {"name": "messageId", "type": "bytes32"}, {"name": "payloadHash", "type": "bytes32"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"},
              {"name": "validUntil", "type": "uint64"}
            ]
          },
          "primaryType": "RelayAttestation",
          "domain": {"name": "TradeChainBridge.TitleRegistry", "version": "1", "chainId": 31337, "verifyingContract": "{{Contract}}"},
          "message": {"lane": "0x{{Hex(lane)}}", "messageId": "0x{{Hex(message)}}", "payloadHash": "0x{{Hex(payload)}}", "chainId": 31337, "verifyingContract": "{{Contract}}", "validUntil": 1795000000}
        }
        """;
        var typed = Eip712TypedData.FromJson(json);

        RelayAttestation.Digest(31337, Contract, lane, message, payload, 1795000000).ShouldBe(typed.Value.GetDigest());
        RelayAttestation.DomainSeparator(31337, Contract).ShouldBe(typed.Value.GetDomainSeparator());
        RelayAttestation.Digest(31338, Contract, lane, message, payload, 1795000000).ShouldNotBe(typed.Value.GetDigest());
        RelayAttestation.Digest(31337, Contract, lane, message, payload, 1795000001).ShouldNotBe(typed.Value.GetDigest());
    }

    [Fact]
    public void AcknowledgementDigest_EqualsTheGenericEip712DigestOfTheSameTypedData()
    {
        var message = Word(0x44);
        var destinationTx = Word(0x55);
        var json = $$"""
        {
          "types": {
            "EIP712Domain": [
              {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ],
            "Acknowledgement": [
              {"name": "messageId", "type": "bytes32"}, {"name": "destinationTx", "type": "bytes32"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ]
          },
          "primaryType": "Acknowledgement",
          "domain": {"name": "TradeChainBridge.TitleRegistry", "version": "1", "chainId": 31337, "verifyingContract": "{{Contract}}"},
          "message": {"messageId": "0x{{Hex(message)}}", "destinationTx": "0x{{Hex(destinationTx)}}", "chainId": 31337, "verifyingContract": "{{Contract}}"}
        }
        """;
        var typed = Eip712TypedData.FromJson(json);

        RelayAttestation.AcknowledgementDigest(31337, Contract, message, destinationTx).ShouldBe(typed.Value.GetDigest());
        RelayAttestation.AcknowledgementDigest(31337, Contract, message, Word(0x56)).ShouldNotBe(typed.Value.GetDigest());
    }

    [Fact]
    public void RefundDigest_EqualsTheGenericEip712DigestOfTheSameTypedData()
    {
        var message = Word(0x66);
        var json = $$"""
        {
          "types": {
            "EIP712Domain": [
              {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ],
            "Refund": [
              {"name": "messageId", "type": "bytes32"}, {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ]
          },
          "primaryType": "Refund",
          "domain": {"name": "TradeChainBridge.TitleRegistry", "version": "1", "chainId": 31337, "verifyingContract": "{{Contract}}"},
          "message": {"messageId": "0x{{Hex(message)}}", "chainId": 31337, "verifyingContract": "{{Contract}}"}
        }
        """;
        var typed = Eip712TypedData.FromJson(json);

        RelayAttestation.RefundDigest(31337, Contract, message).ShouldBe(typed.Value.GetDigest());
        RelayAttestation.RefundDigest(1, Contract, message).ShouldNotBe(typed.Value.GetDigest());
        RelayAttestation.AcknowledgementDigest(31337, Contract, message, new byte[32]).ShouldNotBe(typed.Value.GetDigest());
    }

    [Fact]
    public void Sign_ReturnsRecoverableSignaturesOrderedBySignerAddress()
    {
        using var a = EthPrivateKey.Generate();
        using var b = EthPrivateKey.Generate();
        using var c = EthPrivateKey.Generate();
        var digest = RelayAttestation.Digest(1, Contract, Word(1), Word(2), Word(3), 4);

        var signatures = RelayAttestation.Sign(digest, [a, b, c]);

        var signers = signatures.Select(s =>
        {
            Secp256k1.TryRecoverAddress(digest, EthSignature.FromBytes65(s), out var signer).ShouldBeTrue();
            return signer;
        }).ToList();
        signers.ShouldBe(new[] { a.Address, b.Address, c.Address }.OrderBy(x => x.ToLowerHex(), StringComparer.Ordinal));
        signatures.ShouldAllBe(s => s.Length == 65 && (s[64] == 27 || s[64] == 28));
    }

    private static byte[] Word(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
