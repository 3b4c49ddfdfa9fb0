using System.Text.Json;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Platform.Proofs;
using Bridge.Canonical.Json;

namespace Bridge.Adapters.Platform.Bindings;

/// <summary>
/// Checks a platform organisation's "signature" over an identity binding statement (docs/bindings.md "Platform"): the
/// platform's signed statement of membership, which the organisation obtains with
/// <c>POST /api/v1/organizations/{orgId}/membership-statements {"statementDigest"}</c>. It is a JWT (RFC 7519) in JWS
/// compact serialization with the payload attached, signed ES256 by a key of the anchors' JWKS: header
/// <c>{"alg": "ES256", "typ": "JWT", "kid"}</c>, claims <c>{"iss", "org_id", "statement_digest", "token_use":
/// "membership-statement", "iat", "exp"}</c>. It binds when <c>iss</c> is the anchors' (and the identity's) issuer,
/// <c>org_id</c> is the bound organisation, <c>statement_digest</c> is this statement's digest in lower-case hex and
/// <c>exp</c> is after the statement's <c>issuedAt</c>.
/// </summary>
/// <remarks>
/// <c>typ</c> must be <c>JWT</c> and <c>token_use</c> <c>membership-statement</c>: the platform signs other things with the
/// same key, and neither may pass for a membership statement. A detached attestation (<c>typ</c>
/// <c>platform-attestation+jws</c>) over bytes that an organisation uploaded could otherwise be re-attached as a payload of
/// its choosing; access tokens (<c>token_use</c> <c>iam</c> or <c>solution</c>) carry no digest. <c>alg</c> other than
/// ES256 (<c>none</c>, HS256, …) and any <c>crit</c> header are refused (RFC 8725 §3.1, RFC 7515 §4.1.11); base64url must
/// be canonical and unpadded. Pure: no I/O, no clock; never throws for bad input.
/// </remarks>
public sealed class PlatformBindingSignatureVerifier : IBindingSignatureVerifier
{
    /// <summary>The <c>token_use</c> claim of a membership statement.</summary>
    public const string MembershipTokenUse = "membership-statement";

    /// <summary>The <c>typ</c> header of a membership statement (a JWT, RFC 7519 §5.1).</summary>
    public const string MembershipType = "JWT";

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Platform;

    /// <inheritdoc />
    public BindingSignatureVerdict Verify(IdentityBindingStatement statement, BoundIdentity identity, string signature, TrustAnchors anchors)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(anchors);
        if (identity is not PlatformBoundIdentity bound || anchors is not PlatformTrustAnchors platform)
        {
            return Invalid(BindingSignatureCodes.KindMismatch, $"checks platform identities against platform trust anchors, not a {identity.Kind.ToWireName()} identity against {anchors.Kind.ToWireName()} anchors");
        }

        if (!statement.Names(bound))
        {
            return Invalid(BindingSignatureCodes.IdentityNotInStatement, $"the statement does not name {bound.Describe()}");
        }

        if (!string.Equals(bound.Issuer, platform.Issuer, StringComparison.Ordinal))
        {
            return Invalid(BindingSignatureCodes.WrongIssuer, $"the identity is on platform '{bound.Issuer}', these anchors are for '{platform.Issuer}'");
        }

        var parts = signature.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0)
            || !PlatformJws.TryDecode(parts[0], out var headerBytes)
            || !PlatformJws.TryDecode(parts[1], out var payloadBytes)
            || !PlatformJws.TryDecode(parts[2], out var signatureBytes))
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the membership statement must be a JWS compact serialization with an attached payload, each part canonical unpadded base64url");
        }

        using var header = SafeJson.Parse(headerBytes);
        if (!header.IsSuccess || header.Document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the JWS protected header is not a JSON object");
        }

        var headerRoot = header.Document.RootElement;
        if (Text(headerRoot, "alg") != PlatformJws.Algorithm)
        {
            return Invalid(BindingSignatureCodes.UnsupportedAlgorithm, $"the JWS algorithm must be {PlatformJws.Algorithm}");
        }

        if (headerRoot.TryGetProperty("crit", out _))
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the JWS has a crit header; no extension is understood (RFC 7515 §4.1.11)");
        }

        if (Text(headerRoot, "typ") != MembershipType)
        {
            return Invalid(BindingSignatureCodes.WrongStatementType, $"the JWS typ must be {MembershipType}; this is not a membership statement");
        }

        var kid = Text(headerRoot, "kid");
        var key = kid is null ? null : platform.Jwks.Keys.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
        if (key is null)
        {
            return Invalid(BindingSignatureCodes.UntrustedSigner, $"the key id '{kid}' is not in the platform's JWKS");
        }

        if (!PlatformJws.Verify(key, parts[0], payloadBytes, signatureBytes, out var keyError))
        {
            return keyError is null
                ? Invalid(BindingSignatureCodes.BadSignature, $"the ES256 signature does not verify with key '{kid}'")
                : Invalid(BindingSignatureCodes.UntrustedSigner, keyError);
        }

        using var claims = SafeJson.Parse(payloadBytes);
        if (!claims.IsSuccess || claims.Document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the membership statement's claims are not a JSON object");
        }

        return CheckClaims(claims.Document.RootElement, statement, bound, platform, kid!);
    }

    private static BindingSignatureVerdict CheckClaims(JsonElement claims, IdentityBindingStatement statement, PlatformBoundIdentity bound, PlatformTrustAnchors platform, string kid)
    {
        if (Text(claims, "iss") != platform.Issuer)
        {
            return Invalid(BindingSignatureCodes.WrongIssuer, $"the membership statement is issued by '{Text(claims, "iss")}', not '{platform.Issuer}'");
        }

        if (Text(claims, "token_use") != MembershipTokenUse)
        {
            return Invalid(BindingSignatureCodes.WrongStatementType, $"token_use must be {MembershipTokenUse}; this is not a membership statement");
        }

        if (Text(claims, "org_id") != bound.OrganizationId)
        {
            return Invalid(BindingSignatureCodes.WrongOrganization, $"the membership statement is about organisation '{Text(claims, "org_id")}', not '{bound.OrganizationId}'");
        }

        if (Text(claims, "statement_digest") != statement.DigestHex)
        {
            return Invalid(BindingSignatureCodes.DigestMismatch, "the membership statement is about another binding statement (statement_digest differs)");
        }

        if (!claims.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number || !exp.TryGetInt64(out var expSeconds)
            || expSeconds is < 0 or > 253402300799)
        {
            return Invalid(BindingSignatureCodes.MalformedSignature, "the membership statement needs exp as Unix seconds");
        }

        var notAfter = DateTimeOffset.FromUnixTimeSeconds(expSeconds);
        return notAfter <= statement.IssuedAt
            ? Invalid(BindingSignatureCodes.Expired, $"the membership statement expired at {notAfter:O}, before the statement's issuedAt {statement.IssuedAt:O}")
            : new BindingSignatureVerdict.Valid(kid, notAfter);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static BindingSignatureVerdict.Invalid Invalid(string code, string reason) => new(code, reason);
}
