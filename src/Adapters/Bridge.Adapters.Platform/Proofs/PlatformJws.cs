using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Platform.Proofs;

/// <summary>The decoded parts of a detached JWS compact serialization (RFC 7515 §7.1 and Appendix F).</summary>
/// <param name="EncodedHeader">The BASE64URL(UTF8(JWS Protected Header)) text, exactly as received (part of the signing input).</param>
/// <param name="Algorithm">The <c>alg</c> header parameter (RFC 7515 §4.1.1), when it is a string.</param>
/// <param name="KeyId">The <c>kid</c> header parameter (§4.1.4), when it is a string.</param>
/// <param name="Issuer">The <c>iss</c> header parameter (a registered JWT claim replicated as a header, RFC 7519 §5.3).</param>
/// <param name="Type">The <c>typ</c> header parameter (§4.1.9), when it is a string.</param>
/// <param name="IssuedAt">The <c>iat</c> header parameter in epoch seconds, when it is an integer.</param>
/// <param name="HasCritical">Whether the header has a <c>crit</c> parameter (§4.1.11).</param>
/// <param name="Signature">The decoded JWS Signature.</param>
internal sealed record DetachedJws(
    string EncodedHeader,
    string? Algorithm,
    string? KeyId,
    string? Issuer,
    string? Type,
    long? IssuedAt,
    bool HasCritical,
    byte[] Signature);

/// <summary>
/// Detached JWS (RFC 7515 Appendix F) with ES256 (RFC 7518 §3.4: ECDSA P-256 with SHA-256; the signature is the 64-byte
/// R ‖ S concatenation, each 32 bytes big-endian, the IEEE P1363 form). The compact form is
/// <c>BASE64URL(header) ".." BASE64URL(signature)</c>; the signing input is
/// <c>ASCII(BASE64URL(header) "." BASE64URL(payload))</c> (RFC 7515 §5.1 step 5), the payload being supplied separately.
/// Base64url is the unpadded URL-safe alphabet (RFC 7515 §2, RFC 4648 §5); non-canonical encodings are refused so that
/// every bit of the compact text matters.
/// </summary>
internal static class PlatformJws
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ECDsa> ImportedKeys = new(StringComparer.Ordinal);

    /// <summary>The only algorithm the platform signs with (RFC 7518 §3.1 <c>ES256</c>).</summary>
    public const string Algorithm = "ES256";

    /// <summary>The explicit type of platform attestations (docs/platform.md; explicit typing per RFC 8725 §3.11).</summary>
    public const string AttestationType = "platform-attestation+jws";

    private const int SignatureLength = 64;
    private const int CoordinateLength = 32;

    /// <summary>
    /// Splits and decodes <paramref name="compact"/>. Fails (never throws) unless it has three parts, an empty payload
    /// part, a canonical base64url header that is a JSON object, and a canonical base64url signature.
    /// </summary>
    public static bool TryParseDetached(string? compact, out DetachedJws? jws, out string error)
    {
        jws = null;
        error = string.Empty;
        if (string.IsNullOrEmpty(compact))
        {
            error = "the attestation is empty";
            return false;
        }

        var first = compact.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : compact.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || compact.IndexOf('.', second + 1) >= 0)
        {
            error = "the attestation is not a JWS compact serialization (three parts separated by dots)";
            return false;
        }

        if (second != first + 1)
        {
            error = "the attestation carries a payload; a detached JWS has an empty second part (RFC 7515 Appendix F)";
            return false;
        }

        var encodedHeader = compact[..first];
        var encodedSignature = compact[(second + 1)..];
        if (!TryDecode(encodedHeader, out var headerBytes) || !TryDecode(encodedSignature, out var signature))
        {
            error = "the header or signature is not canonical unpadded base64url";
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            error = "the JWS protected header is not UTF-8 (RFC 7515 §5.2 step 4)";
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the JWS protected header is not a JSON object";
                return false;
            }

            jws = new DetachedJws(
                encodedHeader,
                StringMember(root, "alg"),
                StringMember(root, "kid"),
                StringMember(root, "iss"),
                StringMember(root, "typ"),
                root.TryGetProperty("iat", out var iat) && iat.ValueKind == JsonValueKind.Number && iat.TryGetInt64(out var seconds) ? seconds : null,
                root.TryGetProperty("crit", out _),
                signature);
            return true;
        }
        catch (JsonException)
        {
            error = "the JWS protected header is not well-formed JSON";
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is a valid ES256 signature by <paramref name="key"/> over the signing input
    /// of <paramref name="encodedHeader"/> and the detached <paramref name="payload"/>. A key that is not a usable EC
    /// P-256 public key is reported through <paramref name="keyError"/> (and the answer is false).
    /// </summary>
    public static bool Verify(JsonWebKey key, string encodedHeader, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature, out string? keyError)
    {
        var ecdsa = ImportCached(key, out keyError);
        if (ecdsa is null)
        {
            return false;
        }

        var input = SigningInput(encodedHeader, payload);
        return signature.Length == SignatureLength
            && ecdsa.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// Signs <paramref name="payload"/> detached with <paramref name="key"/> (for tests and tools): the header is
    /// <c>{"alg":"ES256","kid","iss","iat","typ"}</c> as docs/platform.md defines it.
    /// </summary>
    public static string SignDetached(ECDsa key, string kid, string issuer, long issuedAt, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", Algorithm);
            writer.WriteString("kid", kid);
            writer.WriteString("iss", issuer);
            writer.WriteNumber("iat", issuedAt);
            writer.WriteString("typ", AttestationType);
            writer.WriteEndObject();
        }

        return SignDetached(key, buffer.ToArray(), payload);
    }

    /// <summary>Signs <paramref name="payload"/> detached with an arbitrary protected header (tests build bad headers with it).</summary>
    public static string SignDetached(ECDsa key, ReadOnlySpan<byte> headerJson, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        var encodedHeader = Base64Url.EncodeToString(headerJson);
        var signature = key.SignData(SigningInput(encodedHeader, payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return encodedHeader + ".." + Base64Url.EncodeToString(signature);
    }

    /// <summary>ASCII(BASE64URL(header) "." BASE64URL(payload)), RFC 7515 §5.1 step 5.</summary>
    public static byte[] SigningInput(string encodedHeader, ReadOnlySpan<byte> payload)
    {
        var encodedPayload = Base64Url.EncodeToString(payload);
        var input = new byte[encodedHeader.Length + 1 + encodedPayload.Length];
        Encoding.ASCII.GetBytes(encodedHeader, input);
        input[encodedHeader.Length] = (byte)'.';
        Encoding.ASCII.GetBytes(encodedPayload, input.AsSpan(encodedHeader.Length + 1));
        return input;
    }

    /// <summary>
    /// <see cref="TryImport"/> memoized by the key's coordinates (importing a public key costs more than verifying with
    /// it; ECDsa verification keeps no per-call state, so one instance serves concurrent callers). Bounded: dropped past
    /// 256 keys. Keys that fail to import are not remembered.
    /// </summary>
    private static ECDsa? ImportCached(JsonWebKey key, out string? error)
    {
        var id = string.Join('\n', key.Kty, key.Kid, ParameterString(key, "crv"), ParameterString(key, "alg"), ParameterString(key, "use"), ParameterString(key, "x"), ParameterString(key, "y"));
        if (ImportedKeys.TryGetValue(id, out var cached))
        {
            error = null;
            return cached;
        }

        var imported = TryImport(key, out error);
        if (imported is null)
        {
            return null;
        }

        if (ImportedKeys.Count >= 256)
        {
            ImportedKeys.Clear(); // the dropped instances are left to the GC: a concurrent caller may still be using one
        }

        return ImportedKeys.GetOrAdd(id, imported);
    }

    /// <summary>
    /// The EC P-256 public key of <paramref name="key"/> (RFC 7518 §6.2.1: <c>crv</c> "P-256", <c>x</c> and <c>y</c> as
    /// 32-byte base64url coordinates), or null with the reason when it is not one or the point is not on the curve.
    /// </summary>
    public static ECDsa? TryImport(JsonWebKey key, out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        error = null;
        if (key.Kty != "EC" || ParameterString(key, "crv") != "P-256")
        {
            error = $"key '{key.Kid}' is not an EC P-256 key";
            return null;
        }

        if (ParameterString(key, "alg") is { } alg && alg != Algorithm)
        {
            error = $"key '{key.Kid}' is for {alg}, not {Algorithm}";
            return null;
        }

        if (ParameterString(key, "use") is { } use && use != "sig")
        {
            error = $"key '{key.Kid}' is not a signing key (use '{use}')";
            return null;
        }

        if (!TryDecode(ParameterString(key, "x"), out var x) || !TryDecode(ParameterString(key, "y"), out var y)
            || x.Length != CoordinateLength || y.Length != CoordinateLength)
        {
            error = $"key '{key.Kid}' needs x and y as {CoordinateLength}-byte base64url coordinates";
            return null;
        }

        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            error = $"key '{key.Kid}' is not a point on P-256";
            return null;
        }
    }

    /// <summary>Decodes canonical unpadded base64url: only <c>A-Z a-z 0-9 - _</c>, and re-encoding gives the same text.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        if (text.Length % 4 == 1)
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        return Base64Url.EncodeToString(bytes) == text;
    }

    private static string? StringMember(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? ParameterString(JsonWebKey key, string name) =>
        key.Parameters.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
