using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Adapters.Platform.Webhooks;

/// <summary>The signature headers of one webhook delivery, as received (null when absent).</summary>
/// <param name="GtdSignature"><c>X-GTD-Signature</c>: lower-case hex HMAC-SHA1 of the exact body (TradeLens, documented).</param>
/// <param name="NotificationSignature"><c>Notification-Signature</c>: <c>sha256=</c> + hex HMAC-SHA256 of the body (DCSA-style).</param>
/// <param name="Delivery"><c>X-GTD-Delivery</c>: <c>id=…,t=…,v1=…</c>, the freshness and replay guard.</param>
public sealed record WebhookHeaders(string? GtdSignature, string? NotificationSignature, string? Delivery)
{
    /// <summary>The TradeLens body signature header.</summary>
    public const string GtdSignatureName = "X-GTD-Signature";

    /// <summary>The DCSA-style body signature header.</summary>
    public const string NotificationSignatureName = "Notification-Signature";

    /// <summary>The delivery header (id, timestamp, signature over both and the body).</summary>
    public const string DeliveryName = "X-GTD-Delivery";

    /// <summary>Reads the three headers through <paramref name="header"/> (name → value, null when absent; HTTP names are case-insensitive).</summary>
    public static WebhookHeaders From(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new WebhookHeaders(header(GtdSignatureName), header(NotificationSignatureName), header(DeliveryName));
    }
}

/// <summary>Why a webhook delivery was refused.</summary>
public enum WebhookRejection
{
    /// <summary>No body signature, or no delivery header.</summary>
    MissingSignature,

    /// <summary>A header is present but not in its format (bad hex, wrong length, missing id/t/v1).</summary>
    Malformed,

    /// <summary>A MAC does not match: wrong secret or altered bytes.</summary>
    BadSignature,

    /// <summary>The signed timestamp is outside the tolerance around the receiver's clock.</summary>
    Stale,
}

/// <summary>The outcome of <see cref="WebhookVerifier.Verify"/>: <see cref="Accepted"/> or <see cref="Rejected"/>.</summary>
public abstract record WebhookVerification
{
    private WebhookVerification()
    {
    }

    /// <summary>The delivery is authentic and fresh. The caller still checks it was not seen before (<see cref="IDeliveryLedger"/>).</summary>
    /// <param name="DeliveryId">The platform's id of the delivery (the same on retries).</param>
    /// <param name="SentAt">The signed attempt time.</param>
    /// <param name="RememberUntil">
    /// Until when a replay of this attempt would still pass the freshness check: the replay ledger must remember the id at
    /// least this long.
    /// </param>
    public sealed record Accepted(string DeliveryId, DateTimeOffset SentAt, DateTimeOffset RememberUntil) : WebhookVerification;

    /// <summary>The delivery is refused; nothing may be stored.</summary>
    /// <param name="Reason">Why.</param>
    /// <param name="Detail">What exactly, for logs (no secrets, no body).</param>
    public sealed record Rejected(WebhookRejection Reason, string Detail) : WebhookVerification;
}

/// <summary>
/// Verifies platform webhook deliveries (docs/platform.md, "Subscriptions and webhooks"). In order: the body signature
/// (<c>X-GTD-Signature</c>, hex HMAC-SHA1 as TradeLens documented, and/or <c>Notification-Signature: sha256=</c> hex
/// HMAC-SHA256; every one present must match; at least one is required), then <c>X-GTD-Delivery</c>
/// (<c>v1</c> = hex HMAC-SHA256(secret, <c>"{id}.{t}."</c> ‖ body) must match, and <c>t</c>, epoch milliseconds, must be
/// within the tolerance of the receiver's clock). HMAC is RFC 2104 with SHA-1 / SHA-256; the MACs are compared on
/// decoded bytes in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>). Pure apart from the injected
/// clock; never throws for bad input.
/// </summary>
public sealed class WebhookVerifier
{
    /// <summary>The default freshness window: ±5 minutes (docs/platform.md).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Sha256Prefix = "sha256=";
    private const int MaxDeliveryIdLength = 200;

    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    /// <summary>Creates a verifier.</summary>
    /// <param name="timeProvider">The receiver's clock.</param>
    /// <param name="tolerance">How far <c>t</c> may be from the clock, either way; default <see cref="DefaultTolerance"/>.</param>
    public WebhookVerifier(TimeProvider timeProvider, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_tolerance, TimeSpan.Zero, nameof(tolerance));
    }

    /// <summary>Checks one delivery: <paramref name="body"/> must be the exact bytes received.</summary>
    public WebhookVerification Verify(WebhookHeaders headers, ReadOnlySpan<byte> body, ReadOnlySpan<byte> sharedSecret)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.GtdSignature is null && headers.NotificationSignature is null)
        {
            return Reject(WebhookRejection.MissingSignature, $"neither {WebhookHeaders.GtdSignatureName} nor {WebhookHeaders.NotificationSignatureName} is present");
        }

        if (headers.GtdSignature is { } gtd)
        {
            if (!TryHex(gtd, HMACSHA1.HashSizeInBytes, out var claimed))
            {
                return Reject(WebhookRejection.Malformed, $"{WebhookHeaders.GtdSignatureName} is not {HMACSHA1.HashSizeInBytes * 2} hex digits");
            }

            Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
            HMACSHA1.HashData(sharedSecret, body, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, claimed))
            {
                return Reject(WebhookRejection.BadSignature, $"{WebhookHeaders.GtdSignatureName} does not match the body");
            }
        }

        if (headers.NotificationSignature is { } notification)
        {
            if (!notification.StartsWith(Sha256Prefix, StringComparison.Ordinal)
                || !TryHex(notification[Sha256Prefix.Length..], HMACSHA256.HashSizeInBytes, out var claimed))
            {
                return Reject(WebhookRejection.Malformed, $"{WebhookHeaders.NotificationSignatureName} is not sha256= and {HMACSHA256.HashSizeInBytes * 2} hex digits");
            }

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(sharedSecret, body, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, claimed))
            {
                return Reject(WebhookRejection.BadSignature, $"{WebhookHeaders.NotificationSignatureName} does not match the body");
            }
        }

        if (headers.Delivery is null)
        {
            return Reject(WebhookRejection.MissingSignature, $"{WebhookHeaders.DeliveryName} is not present");
        }

        if (!TryParseDelivery(headers.Delivery, out var id, out var t, out var v1, out var problem))
        {
            return Reject(WebhookRejection.Malformed, $"{WebhookHeaders.DeliveryName}: {problem}");
        }

        if (!CryptographicOperations.FixedTimeEquals(DeliveryMac(sharedSecret, id, t, body), v1))
        {
            return Reject(WebhookRejection.BadSignature, $"{WebhookHeaders.DeliveryName} v1 does not match");
        }

        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture));
        var now = _time.GetUtcNow();
        if (sentAt < now - _tolerance || sentAt > now + _tolerance)
        {
            return Reject(WebhookRejection.Stale, $"the delivery was signed at {sentAt:O}, outside ±{_tolerance} of {now:O}");
        }

        return new WebhookVerification.Accepted(id, sentAt, sentAt + _tolerance);
    }

    /// <summary>HMAC-SHA256(secret, UTF8("{id}.{t}.") ‖ body), the <c>v1</c> of <c>X-GTD-Delivery</c>.</summary>
    internal static byte[] DeliveryMac(ReadOnlySpan<byte> sharedSecret, string id, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, sharedSecret);
        hmac.AppendData(Encoding.UTF8.GetBytes(id + "." + t + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    // "id=<id>,t=<epoch ms>,v1=<hex>": comma-separated key=value pairs in any order; unknown keys are ignored (room for
    // later schemes); each known key exactly once.
    private static bool TryParseDelivery(string value, out string id, out string t, out byte[] v1, out string problem)
    {
        id = t = string.Empty;
        v1 = [];
        problem = string.Empty;
        string? idValue = null, tValue = null, v1Value = null;
        foreach (var part in value.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = "each item must be key=value";
                return false;
            }

            var key = part[..equals].Trim();
            var item = part[(equals + 1)..].Trim();
            ref var slot = ref idValue;
            switch (key)
            {
                case "id":
                    break;
                case "t":
                    slot = ref tValue;
                    break;
                case "v1":
                    slot = ref v1Value;
                    break;
                default:
                    continue;
            }

            if (slot is not null)
            {
                problem = $"'{key}' appears twice";
                return false;
            }

            slot = item;
        }

        if (idValue is not { Length: > 0 and <= MaxDeliveryIdLength } || !idValue.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            problem = $"id must be 1 to {MaxDeliveryIdLength} characters of A-Z a-z 0-9 - _ . :";
            return false;
        }

        if (tValue is not { Length: > 0 and <= 15 } || !tValue.All(char.IsAsciiDigit))
        {
            problem = "t must be epoch milliseconds";
            return false;
        }

        if (v1Value is null || !TryHex(v1Value, HMACSHA256.HashSizeInBytes, out v1))
        {
            problem = $"v1 must be {HMACSHA256.HashSizeInBytes * 2} hex digits";
            return false;
        }

        id = idValue;
        t = tValue;
        return true;
    }

    private static bool TryHex(string text, int length, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != length * 2 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }

    private static WebhookVerification.Rejected Reject(WebhookRejection reason, string detail) => new(reason, detail);
}
