using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Simulators.Platform.Webhooks;

/// <summary>
/// The headers of a webhook delivery (docs/platform.md "Subscriptions and webhooks"), all HMACs per RFC 2104 keyed
/// with the UTF-8 shared secret and written as lower-case hex:
/// <c>X-GTD-Signature</c> = HMAC-SHA1(body) (TradeLens, trade-standards.md §B.4);
/// <c>Notification-Signature</c> = "sha256=" + HMAC-SHA256(body) (DCSA style, prop);
/// <c>X-GTD-Delivery</c> = "id=…,t=…,v1=" + HMAC-SHA256("{id}.{t}." + body) (prop).
/// </summary>
internal static class WebhookSignatures
{
    public const string TradeLensHeader = "X-GTD-Signature";
    public const string DcsaHeader = "Notification-Signature";
    public const string DeliveryHeader = "X-GTD-Delivery";

    public static string TradeLens(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Dcsa(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Delivery(string secret, string deliveryId, long epochMilliseconds, ReadOnlySpan<byte> body)
    {
        var t = epochMilliseconds.ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes($"{deliveryId}.{t}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
        return $"id={deliveryId},t={t},v1={v1}";
    }

    /// <summary>The backoff before attempt <paramref name="failedAttempts"/> + 1: 1 s, 2 s, 4 s, … capped.</summary>
    public static TimeSpan Backoff(int failedAttempts, TimeSpan cap)
    {
        var seconds = failedAttempts >= 30 ? double.MaxValue : Math.Pow(2, failedAttempts - 1);
        return seconds >= cap.TotalSeconds ? cap : TimeSpan.FromSeconds(seconds);
    }
}
