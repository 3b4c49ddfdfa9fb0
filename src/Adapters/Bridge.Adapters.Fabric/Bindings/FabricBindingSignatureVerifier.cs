using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Adapters.Fabric.Bindings;

/// <summary>
/// Checks a Fabric identity's signature over an identity binding statement (docs/bindings.md "Fabric"): the signature is
/// base64 of a DER ECDSA signature, low S, over SHA-256 of the statement's canonical bytes, made with the key of the
/// identity's certificate (exactly as Fabric signs, fabric-wire.md §2.1; <see cref="FabricSigner.Sign"/> makes one). The
/// certificate must chain to a root of the identity's MSP in the network's <see cref="FabricTrustAnchors"/>, not be a CA,
/// and be valid at the statement's <c>issuedAt</c> (<see cref="MspTrust"/>). Pure; never throws for bad input.
/// </summary>
public sealed class FabricBindingSignatureVerifier : IBindingSignatureVerifier
{
    private static readonly ConditionalWeakTable<FabricTrustAnchors, Dictionary<string, MspTrust>> Trusts = [];

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Fabric;

    /// <summary>The signature text of <paramref name="signer"/> over <paramref name="statement"/> (base64 DER, low S).</summary>
    public static string Sign(FabricSigner signer, IdentityBindingStatement statement)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(statement);
        return Convert.ToBase64String(signer.Sign(statement.CanonicalBytes.Span));
    }

    /// <inheritdoc />
    public BindingSignatureVerdict Verify(IdentityBindingStatement statement, BoundIdentity identity, string signature, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(anchors);
        if (identity is not FabricBoundIdentity bound || anchors is not FabricTrustAnchors fabric)
        {
            return Invalid(BindingSignatureCodes.KindMismatch, $"checks Fabric identities against Fabric trust anchors, not a {identity.Kind.ToWireName()} identity against {anchors.Kind.ToWireName()} anchors");
        }

        if (!statement.Names(bound))
        {
            return Invalid(BindingSignatureCodes.IdentityNotInStatement, $"the statement does not name {bound.Describe()}");
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the signature is not base64");
        }

        var parsed = FabricIdentity.Create(bound.MspId, bound.CertificatePem);
        if (!parsed.IsSuccess)
        {
            return Invalid(BindingSignatureCodes.UntrustedSigner, $"the certificate of {bound.Describe()} is not usable: {parsed.Message}");
        }

        using var certificateIdentity = parsed.Identity;
        var trusts = Trusts.GetValue(fabric, static a => a.Msps.ToDictionary(m => m.MspId, m => MspTrust.FromPem(m.MspId, m.RootCertificates), StringComparer.Ordinal));
        if (!trusts.TryGetValue(bound.MspId, out var trust))
        {
            return Invalid(BindingSignatureCodes.UntrustedSigner, $"the MSP '{bound.MspId}' is not anchored on this network");
        }

        var chain = trust.Validate(certificateIdentity, statement.IssuedAt);
        if (!chain.IsValid)
        {
            return chain.Failure is ChainFailure.Expired or ChainFailure.NotYetValid
                ? Invalid(BindingSignatureCodes.Expired, $"the certificate is not valid at issuedAt: {chain.Reason}")
                : Invalid(BindingSignatureCodes.UntrustedSigner, $"the certificate does not chain to {bound.MspId}: {chain.Reason}");
        }

        return certificateIdentity.VerifySignature(statement.CanonicalBytes.Span, der) switch
        {
            SignatureVerdict.Valid => new BindingSignatureVerdict.Valid(
                $"{bound.MspId}::{certificateIdentity.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}",
                new DateTimeOffset(certificateIdentity.Certificate.NotAfter.ToUniversalTime())),
            SignatureVerdict.HighS => Invalid(BindingSignatureCodes.HighS, "the signature's s is above n/2; Fabric requires low S"),
            SignatureVerdict.Malformed => Invalid(BindingSignatureCodes.MalformedSignature, "the signature is not a strict DER ECDSA signature for the certificate's curve"),
            _ => Invalid(BindingSignatureCodes.BadSignature, $"the signature was not made by the key of {bound.Describe()} over this statement"),
        };
    }

    private static BindingSignatureVerdict.Invalid Invalid(string code, string reason) => new(code, reason);
}
