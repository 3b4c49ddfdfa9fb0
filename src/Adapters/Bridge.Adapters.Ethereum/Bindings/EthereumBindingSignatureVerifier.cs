using System.Numerics;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Eip712;

namespace Bridge.Adapters.Ethereum.Bindings;

/// <summary>
/// Checks an Ethereum account's signature over an identity binding statement (docs/bindings.md "Ethereum"): EIP-712 typed
/// data with domain <c>EIP712Domain(string name,string version,uint256 chainId)</c> = {<see cref="DomainName"/>,
/// <see cref="DomainVersion"/>, the anchors' chain id} and primary type <see cref="TypeDefinition"/> with the statement's
/// participant, digest and <c>expiresAt</c> in Unix seconds, so a wallet shows what it signs (eth_signTypedData_v4). The
/// signature is <c>0x</c> + 65 bytes r ‖ s ‖ v (v 27/28 or 0/1), low s (EIP-2); the recovered signer must be the bound
/// address. Pure; never throws for bad input.
/// </summary>
public sealed class EthereumBindingSignatureVerifier : IBindingSignatureVerifier
{
    /// <summary>The EIP-712 domain name.</summary>
    public const string DomainName = "TradeChainBridge.IdentityBinding";

    /// <summary>The EIP-712 domain version.</summary>
    public const string DomainVersion = "1";

    /// <summary>The primary type's name.</summary>
    public const string PrimaryType = "IdentityBinding";

    /// <summary>The primary type as EIP-712 encodes it (<c>encodeType</c>).</summary>
    public const string TypeDefinition = "IdentityBinding(string participant,bytes32 statementDigest,uint256 expiresAt)";

    private static readonly Dictionary<string, IReadOnlyList<Eip712Field>> Types = new(StringComparer.Ordinal)
    {
        [PrimaryType] =
        [
            new Eip712Field("participant", "string"),
            new Eip712Field("statementDigest", "bytes32"),
            new Eip712Field("expiresAt", "uint256"),
        ],
    };

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Ethereum;

    /// <summary>The typed data an account signs for <paramref name="statement"/> on chain <paramref name="chainId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chain id is not positive.</exception>
    public static Eip712TypedData TypedData(IdentityBindingStatement statement, long chainId)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        var domain = new Eip712Domain { Name = DomainName, Version = DomainVersion, ChainId = new BigInteger(chainId) };
        var message = AbiValue.List(
            AbiValue.String(statement.Participant),
            AbiValue.Bytes(statement.Digest.Span),
            AbiValue.Integer(new BigInteger(statement.ExpiresAt.ToUnixTimeSeconds())));
        var typed = Eip712TypedData.Create(Types, PrimaryType, domain, message);
        return typed.IsSuccess ? typed.Value : throw new InvalidOperationException($"The binding's typed data does not encode: {typed.Error}");
    }

    /// <summary>The signature text of <paramref name="key"/> over <paramref name="statement"/> on chain <paramref name="chainId"/>.</summary>
    public static string Sign(EthPrivateKey key, IdentityBindingStatement statement, long chainId)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "0x" + Convert.ToHexStringLower(Eip712Signer.Sign(key, TypedData(statement, chainId)).ToBytes65());
    }

    /// <inheritdoc />
    public BindingSignatureVerdict Verify(IdentityBindingStatement statement, BoundIdentity identity, string signature, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(anchors);
        if (identity is not EthereumBoundIdentity bound || anchors is not EthereumTrustAnchors ethereum)
        {
            return Invalid(BindingSignatureCodes.KindMismatch, $"checks Ethereum identities against Ethereum trust anchors, not a {identity.Kind.ToWireName()} identity against {anchors.Kind.ToWireName()} anchors");
        }

        if (!statement.Names(bound))
        {
            return Invalid(BindingSignatureCodes.IdentityNotInStatement, $"the statement does not name {bound.Describe()}");
        }

        if (bound.ChainId is { } chain && chain != ethereum.ChainId)
        {
            return Invalid(BindingSignatureCodes.WrongChain, $"the identity is bound on chain {chain}, these anchors are for chain {ethereum.ChainId}");
        }

        if (!EthAddress.TryParse(bound.Address, out var expected))
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the bound address does not parse");
        }

        if (!signature.StartsWith("0x", StringComparison.Ordinal) || signature.Length != 2 + (2 * EthSignature.Size65)
            || !Bridge.Canonical.Hashing.Hex.TryDecode(signature.AsSpan(2), out var rsv))
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the signature must be 0x followed by 130 hex digits (r ‖ s ‖ v)");
        }

        if (!EthSignature.TryFromBytes65(rsv, out var parsed))
        {
            return Secp256k1Scalars.IsInRange(rsv.AsSpan(32, 32)) && !Secp256k1Scalars.IsLowS(rsv.AsSpan(32, 32))
                ? Invalid(BindingSignatureCodes.HighS, "the signature's s is above n/2 (EIP-2 requires low s)")
                : Invalid(BindingSignatureCodes.MalformedSignature, "r, s or v is out of range (v must be 27, 28, 0 or 1)");
        }

        if (!Eip712Signer.TryRecoverSigner(TypedData(statement, ethereum.ChainId), parsed, out var signer))
        {
            return Invalid(BindingSignatureCodes.BadSignature, "the signature does not recover to a public key");
        }

        return signer == expected
            ? new BindingSignatureVerdict.Valid(expected.ToLowerHex())
            : Invalid(BindingSignatureCodes.BadSignature, $"the signature over this statement on chain {ethereum.ChainId} recovers to {signer.ToLowerHex()}, not {expected.ToLowerHex()}");
    }

    private static BindingSignatureVerdict.Invalid Invalid(string code, string reason) => new(code, reason);
}
