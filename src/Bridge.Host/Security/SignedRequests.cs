using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Host.Api;
using Bridge.Relay.Access;
using Bridge.Relay.Registry;

namespace Bridge.Host.Security;

/// <summary>
/// Requests signed by a key bound to a participant (docs/bindings.md, "Signing requests with a bound key"): headers
/// <c>Bridge-Identity</c> (the identity's key, as a binding stores it), <c>Bridge-Timestamp</c> (Unix seconds) and
/// <c>Bridge-Signature</c> over <see cref="SigningInput"/>. Ethereum identities sign with EIP-191 (personal_sign, 65-byte
/// r‖s‖v hex) and are recovered; Fabric identities sign with the bound certificate's ECDSA key (base64 DER, low S) and
/// are checked against the certificate in the active binding. Platform identities cannot sign requests (the platform
/// holds that key). Fails closed: anything missing, stale (±5 minutes) or not bound is refused, and a write is accepted
/// once (<see cref="ISignedRequestUses"/>: the same signed write again is a replay).
/// </summary>
internal static class SignedRequests
{
    public const string IdentityHeader = "Bridge-Identity";
    public const string TimestampHeader = "Bridge-Timestamp";
    public const string SignatureHeader = "Bridge-Signature";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The signed bytes: <c>bridge-request-v1\n{METHOD}\n{path and query}\n{timestamp}\n{hex SHA-256 of the body}</c>.</summary>
    public static byte[] SigningInput(string method, string pathAndQuery, long timestamp, ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bridge-request-v1\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(body))}"));

    /// <summary>The participant and identity key of a validly signed request, or the reason it is refused.</summary>
    public static async Task<(string? Participant, string? IdentityKey, string? Failure)> AuthenticateAsync(HttpRequest request, IIdentityBindingStore bindings, ISignedRequestUses uses, TimeProvider time, CancellationToken cancellationToken)
    {
        var verified = await VerifyAsync(request, bindings, time, cancellationToken);
        if (verified.Participant is null || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return (verified.Participant, verified.IdentityKey, verified.Failure);
        }

        // A write is accepted once: the same signed request again within its window is a replay. Keyed by what was signed
        // (not by the signature's bytes), so another valid signature of the same request is the same request.
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(verified.IdentityKey + "\n" + Convert.ToHexStringLower(SHA256.HashData(verified.Input!)))));
        return await uses.TryUseAsync(digest, DateTimeOffset.FromUnixTimeSeconds(verified.Timestamp) + Window, cancellationToken)
            ? (verified.Participant, verified.IdentityKey, null)
            : (null, null, "this signed request was already used (a replay); sign each write with a fresh timestamp");
    }

    private static async Task<(string? Participant, string? IdentityKey, string? Failure, byte[]? Input, long Timestamp)> VerifyAsync(HttpRequest request, IIdentityBindingStore bindings, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = request.Headers[IdentityHeader].ToString();
        var signature = request.Headers[SignatureHeader].ToString();
        if (key.Length == 0 || signature.Length == 0
            || !long.TryParse(request.Headers[TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (null, null, $"a signed request needs {IdentityHeader}, {TimestampHeader} (Unix seconds) and {SignatureHeader}", null, 0);
        }

        var now = time.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > Window.TotalSeconds)
        {
            return (null, null, "the request's timestamp is outside ±5 minutes of the bridge's clock", null, 0);
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        request.Body.Position = 0;
        var input = SigningInput(request.Method, request.Path.Value + request.QueryString.Value, timestamp, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));

        var binding = await bindings.ActiveBindingOfAsync(key, now, cancellationToken);
        if (binding is null)
        {
            return (null, null, "the identity is not bound to a participant (or its binding expired or was revoked)", null, 0);
        }

        if (key.StartsWith("ethereum:", StringComparison.Ordinal))
        {
            var bytes = TryHex(signature);
            return bytes is { Length: 65 } && EthSignature.TryFromBytes65(bytes, out var parsed)
                && PersonalMessage.TryRecoverSigner(input, parsed, out var signer)
                && string.Equals("ethereum:" + signer.ToString().ToLowerInvariant(), key, StringComparison.Ordinal)
                ? (binding.Participant, key, null, input, timestamp)
                : (null, null, "the signature does not recover to the bound address", null, 0);
        }

        if (key.StartsWith("fabric:", StringComparison.Ordinal))
        {
            using var statementJson = System.Text.Json.JsonDocument.Parse(binding.Statement);
            if (IdentityBindingStatementJson.Parse(statementJson.RootElement, string.Empty) is not IdentityBindingParseResult.Success parsed
                || parsed.Statement.Identities.OfType<FabricBoundIdentity>().FirstOrDefault(i => BindingEndpoints.KeyOf(i) == key) is not { } identity)
            {
                return (null, null, "the binding does not hold this Fabric identity", null, 0);
            }

            try
            {
                var fabric = FabricIdentity.FromPem(identity.MspId, identity.CertificatePem);
                return fabric.Verify(input, Convert.FromBase64String(signature))
                    ? (binding.Participant, key, null, input, timestamp)
                    : (null, null, "the signature does not verify with the bound certificate (or is high-S)", null, 0);
            }
            catch (FormatException)
            {
                return (null, null, "the signature is not base64", null, 0);
            }
            catch (CryptographicException)
            {
                return (null, null, "the bound certificate cannot verify signatures", null, 0);
            }
        }

        return (null, null, "only Ethereum and Fabric identities sign requests; platform organisations authenticate through the platform", null, 0);
    }

    private static byte[]? TryHex(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
