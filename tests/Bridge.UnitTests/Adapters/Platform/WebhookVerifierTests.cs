using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Platform.Webhooks;
using Bridge.UnitTests.Support;

namespace Bridge.UnitTests.Adapters.Platform;

[Trait("Category", "Unit")]
public sealed class WebhookVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("Jefe");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("what do ya want for nothing?");

    // RFC 2202 §3 test case 2 (HMAC-SHA1) and RFC 4231 §4.3 test case 2 (HMAC-SHA256): key "Jefe".
    private const string Rfc2202Case2 = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
    private const string Rfc4231Case2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    private readonly ManualTimeProvider _clock = new(Now);

    private WebhookVerifier Verifier() => new(_clock);

    // The delivery header computed with the BCL's one-shot HMAC, independently of the verifier.
    private static string Delivery(byte[] secret, byte[] body, DateTimeOffset at, string id = "dlv-0001")
    {
        var t = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        byte[] message = [.. Encoding.UTF8.GetBytes($"{id}.{t}."), .. body];
        var v1 = HMACSHA256.HashData(secret, message);
        return $"id={id},t={t},v1={Convert.ToHexStringLower(v1)}";
    }

    [Fact]
    public void Verify_Rfc2202Case2GtdSignature_IsAccepted()
    {
        var result = Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, Delivery(Secret, Body, Now)), Body, Secret);

        var accepted = result.ShouldBeOfType<WebhookVerification.Accepted>();
        accepted.DeliveryId.ShouldBe("dlv-0001");
        accepted.SentAt.ShouldBe(Now);
        accepted.RememberUntil.ShouldBe(Now + WebhookVerifier.DefaultTolerance);
    }

    [Fact]
    public void Verify_Rfc2202Case1GtdSignature_IsAccepted()
    {
        var key = Enumerable.Repeat((byte)0x0b, 20).ToArray();
        var body = Encoding.ASCII.GetBytes("Hi There");

        Verifier().Verify(new WebhookHeaders("b617318655057264e28bc0b6fb378c8ef146be00", null, Delivery(key, body, Now)), body, key)
            .ShouldBeOfType<WebhookVerification.Accepted>();
    }

    [Fact]
    public void Verify_Rfc4231Case2NotificationSignature_IsAccepted()
    {
        Verifier().Verify(new WebhookHeaders(null, "sha256=" + Rfc4231Case2, Delivery(Secret, Body, Now)), Body, Secret)
            .ShouldBeOfType<WebhookVerification.Accepted>();
    }

    [Fact]
    public void Verify_Rfc4231Case1NotificationSignature_IsAccepted()
    {
        var key = Enumerable.Repeat((byte)0x0b, 20).ToArray();
        var body = Encoding.ASCII.GetBytes("Hi There");

        Verifier().Verify(new WebhookHeaders(null, "sha256=b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", Delivery(key, body, Now)), body, key)
            .ShouldBeOfType<WebhookVerification.Accepted>();
    }

    [Fact]
    public void Verify_BothSignaturesValid_IsAccepted()
    {
        Verifier().Verify(new WebhookHeaders(Rfc2202Case2, "sha256=" + Rfc4231Case2, Delivery(Secret, Body, Now)), Body, Secret)
            .ShouldBeOfType<WebhookVerification.Accepted>();
    }

    [Fact]
    public void Verify_EveryAlteredBodyByte_IsBadSignature()
    {
        for (var i = 0; i < Body.Length; i++)
        {
            var altered = (byte[])Body.Clone();
            altered[i] ^= 0x20;

            Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, Delivery(Secret, Body, Now)), altered, Secret))
                .ShouldBe(WebhookRejection.BadSignature);
        }
    }

    [Fact]
    public void Verify_WrongSecret_IsBadSignature()
    {
        var wrong = Encoding.UTF8.GetBytes("Jeff");

        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, Delivery(wrong, Body, Now)), Body, wrong)).ShouldBe(WebhookRejection.BadSignature);
    }

    [Fact]
    public void Verify_ValidGtdButBadNotificationSignature_IsBadSignature()
    {
        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, "sha256=" + new string('0', 64), Delivery(Secret, Body, Now)), Body, Secret))
            .ShouldBe(WebhookRejection.BadSignature);
    }

    [Fact]
    public void Verify_DeliveryMacOfAnotherId_IsBadSignature()
    {
        var forged = Delivery(Secret, Body, Now, "dlv-0001").Replace("id=dlv-0001", "id=dlv-0002", StringComparison.Ordinal);

        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, forged), Body, Secret)).ShouldBe(WebhookRejection.BadSignature);
    }

    [Fact]
    public void Verify_NoBodySignature_IsMissingSignature()
    {
        Reason(Verifier().Verify(new WebhookHeaders(null, null, Delivery(Secret, Body, Now)), Body, Secret)).ShouldBe(WebhookRejection.MissingSignature);
    }

    [Fact]
    public void Verify_NoDeliveryHeader_IsMissingSignature()
    {
        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, null), Body, Secret)).ShouldBe(WebhookRejection.MissingSignature);
    }

    [Theory]
    [InlineData("effcdf6ae5eb2fa2d27416d5f184df9c259a7c7")]
    [InlineData("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79aa")]
    [InlineData("zzzcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
    [InlineData("")]
    public void Verify_GtdSignatureNotFortyHexDigits_IsMalformed(string signature)
    {
        Reason(Verifier().Verify(new WebhookHeaders(signature, null, Delivery(Secret, Body, Now)), Body, Secret)).ShouldBe(WebhookRejection.Malformed);
    }

    [Theory]
    [InlineData(Rfc4231Case2)]
    [InlineData("sha1=" + Rfc2202Case2)]
    [InlineData("sha256=" + Rfc2202Case2)]
    public void Verify_NotificationSignatureWithoutSha256Form_IsMalformed(string signature)
    {
        Reason(Verifier().Verify(new WebhookHeaders(null, signature, Delivery(Secret, Body, Now)), Body, Secret)).ShouldBe(WebhookRejection.Malformed);
    }

    [Theory]
    [InlineData("t=1,v1=00")]
    [InlineData("id=a,id=b,t=1,v1=00")]
    [InlineData("id=a,t=12x,v1=" + Rfc4231Case2)]
    [InlineData("id=a,v1=" + Rfc4231Case2)]
    [InlineData("id=a,t=1")]
    [InlineData("id=a b,t=1,v1=" + Rfc4231Case2)]
    [InlineData("garbage")]
    public void Verify_MalformedDeliveryHeader_IsMalformed(string delivery)
    {
        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, delivery), Body, Secret)).ShouldBe(WebhookRejection.Malformed);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Verify_SignedOutsideFiveMinutes_IsStale(int seconds)
    {
        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, Delivery(Secret, Body, Now.AddSeconds(seconds))), Body, Secret))
            .ShouldBe(WebhookRejection.Stale);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public void Verify_SignedWithinFiveMinutes_IsAccepted(int seconds)
    {
        Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, Delivery(Secret, Body, Now.AddSeconds(seconds))), Body, Secret)
            .ShouldBeOfType<WebhookVerification.Accepted>();
    }

    [Fact]
    public void Verify_StaleButForged_IsBadSignatureFirst()
    {
        var delivery = Delivery(Encoding.UTF8.GetBytes("other"), Body, Now.AddHours(-1));

        Reason(Verifier().Verify(new WebhookHeaders(Rfc2202Case2, null, delivery), Body, Secret)).ShouldBe(WebhookRejection.BadSignature);
    }

    [Fact]
    public void Headers_From_ReadsTheThreeHeaders()
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-gtd-signature"] = "a",
            ["notification-signature"] = "b",
            ["x-gtd-delivery"] = "c",
        };

        WebhookHeaders.From(name => values.GetValueOrDefault(name)).ShouldBe(new WebhookHeaders("a", "b", "c"));
    }

    private static WebhookRejection Reason(WebhookVerification result) => result.ShouldBeOfType<WebhookVerification.Rejected>().Reason;
}
