using System.Numerics;
using System.Text;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Bindings;

[Trait("Category", "Unit")]
public sealed class EthereumBindingSignatureVerifierTests : IDisposable
{
    // secp256k1 group order n (SEC 2 v2 §2.4.1).
    private static readonly BigInteger Order = BindingTestData.Unsigned("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private readonly EthPrivateKey _key = EthPrivateKey.Generate();
    private readonly EthPrivateKey _other = EthPrivateKey.Generate();
    private readonly EthereumBindingSignatureVerifier _verifier = new();

    [Fact]
    public void TypedData_Digest_EqualsTheEip712EncodingWrittenOutByHand()
    {
        Keccak256.HashHex([]).ShouldBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"); // the empty-input vector
        var statement = BindingTestData.Statement("Bank of Ørsted", new EthereumBoundIdentity(_key.Address.ToLowerHex()));

        var typed = EthereumBindingSignatureVerifier.TypedData(statement, 31337);

        typed.GetDigest().ShouldBe(HandDigest(statement, 31337));
        typed.GetDigest().ShouldNotBe(HandDigest(statement, 1));
    }

    [Fact]
    public void Verify_SignatureOverTheHandComputedDigest_IsValid()
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex(), 31337);
        var statement = BindingTestData.Statement("Bank", identity);

        var verdict = _verifier.Verify(statement, identity, Hex65(_key.Sign(HandDigest(statement, 31337)).ToBytes65()), Anchors(31337));

        verdict.ShouldBeOfType<BindingSignatureVerdict.Valid>().Signer.ShouldBe(_key.Address.ToLowerHex());
    }

    [Fact]
    public void Verify_SignFromTheVerifierWithRecoveryIdV0AndUpperCaseHex_IsValid()
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", identity);
        var raw = _key.Sign(HandDigest(statement, 5)).ToBytes65(vOffset: 0);

        _verifier.Verify(statement, identity, EthereumBindingSignatureVerifier.Sign(_key, statement, 5), Anchors(5)).IsValid.ShouldBeTrue();
        _verifier.Verify(statement, identity, "0x" + Convert.ToHexString(raw), Anchors(5)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_WrongKey_IsBadSignature()
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", identity);

        Code(statement, identity, Hex65(_other.Sign(HandDigest(statement, 1)).ToBytes65()), 1).ShouldBe(BindingSignatureCodes.BadSignature);
    }

    [Fact]
    public void Verify_SignatureOverAnotherStatement_IsBadSignature()
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", identity);
        var other = new IdentityBindingStatement("Bank", [identity], statement.IssuedAt, statement.ExpiresAt, "another-nonce-0123456789");

        Code(statement, identity, Hex65(_key.Sign(HandDigest(other, 1)).ToBytes65()), 1).ShouldBe(BindingSignatureCodes.BadSignature);
    }

    [Fact]
    public void Verify_SignatureForAnotherChain_IsBadSignatureOrWrongChain()
    {
        var unrestricted = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", unrestricted);
        Code(statement, unrestricted, Hex65(_key.Sign(HandDigest(statement, 1)).ToBytes65()), 2).ShouldBe(BindingSignatureCodes.BadSignature);

        var restricted = new EthereumBoundIdentity(_key.Address.ToLowerHex(), 1);
        var onChainOne = BindingTestData.Statement("Bank", restricted);
        Code(onChainOne, restricted, Hex65(_key.Sign(HandDigest(onChainOne, 2)).ToBytes65()), 2).ShouldBe(BindingSignatureCodes.WrongChain);
    }

    [Fact]
    public void Verify_HighS_IsRefused()
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", identity);
        var rsv = _key.Sign(HandDigest(statement, 1)).ToBytes65();
        var s = new BigInteger(rsv.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var flipped = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var high = rsv.ToArray();
        Array.Clear(high, 32, 32);
        flipped.CopyTo(high, 64 - flipped.Length);
        high[64] = (byte)(rsv[64] == 27 ? 28 : 27); // the same point's other parity: a valid signature, but high s

        Code(statement, identity, Hex65(high), 1).ShouldBe(BindingSignatureCodes.HighS);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("1b")]
    public void Verify_Undecodable_IsMalformed(string signature)
    {
        var identity = new EthereumBoundIdentity(_key.Address.ToLowerHex());
        var statement = BindingTestData.Statement("Bank", identity);
        var valid = Hex65(_key.Sign(HandDigest(statement, 1)).ToBytes65());
        var badV = valid[..^2] + "1d";

        Code(statement, identity, signature, 1).ShouldBe(BindingSignatureCodes.MalformedSignature);
        Code(statement, identity, badV, 1).ShouldBe(BindingSignatureCodes.MalformedSignature);
        Code(statement, identity, valid[2..], 1).ShouldBe(BindingSignatureCodes.MalformedSignature); // no 0x
    }

    public void Dispose()
    {
        _key.Dispose();
        _other.Dispose();
    }

    private static EthereumTrustAnchors Anchors(long chainId) =>
        new(chainId, new Dictionary<string, string> { ["anchorRegistry"] = "0x5fbdb2315678afecb367f032d93f642f64180aa3" }, new EthereumFinality(0));

    /// <summary>EIP-712 ("Specification") step by step with keccak256 and 32-byte words.</summary>
    private static byte[] HandDigest(IdentityBindingStatement statement, long chainId)
    {
        var domain = Keccak256.Hash([
            .. Keccak256.Hash(Encoding.ASCII.GetBytes("EIP712Domain(string name,string version,uint256 chainId)")),
            .. Keccak256.Hash(Encoding.UTF8.GetBytes("TradeChainBridge.IdentityBinding")),
            .. Keccak256.Hash(Encoding.UTF8.GetBytes("1")),
            .. Word(chainId),
        ]);
        var message = Keccak256.Hash([
            .. Keccak256.Hash(Encoding.ASCII.GetBytes("IdentityBinding(string participant,bytes32 statementDigest,uint256 expiresAt)")),
            .. Keccak256.Hash(Encoding.UTF8.GetBytes(statement.Participant)),
            .. statement.Digest.ToArray(),
            .. Word(statement.ExpiresAt.ToUnixTimeSeconds()),
        ]);
        return Keccak256.Hash([0x19, 0x01, .. domain, .. message]);
    }

    private static byte[] Word(long value)
    {
        var word = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(word.AsSpan(24), value);
        return word;
    }

    private static string Hex65(byte[] rsv) => "0x" + Convert.ToHexStringLower(rsv);

    private string Code(IdentityBindingStatement statement, BoundIdentity identity, string signature, long chainId) =>
        _verifier.Verify(statement, identity, signature, Anchors(chainId)).ShouldBeOfType<BindingSignatureVerdict.Invalid>().Code;
}
