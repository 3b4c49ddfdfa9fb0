using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>TLS settings for a gRPC connection over <c>https://</c>.</summary>
public sealed class GrpcTlsOptions
{
    /// <summary>Gets or sets the client certificate (with its private key) for mutual TLS; <see langword="null"/> for none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// Gets the root CAs the server certificate must chain to. When non-empty, only these are trusted (the system
    /// store is ignored), as a Fabric peer's TLS CA usually is private. Empty means the system trust store.
    /// </summary>
    public X509Certificate2Collection TrustedRoots { get; } = [];
}

/// <summary>
/// Builds the <see cref="SocketsHttpHandler"/> a <see cref="GrpcClient"/> runs on.
/// <para>
/// <c>http://</c> addresses: the client sends HTTP/2 requests with <c>RequestVersionExact</c>, which makes
/// SocketsHttpHandler speak HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3) without an upgrade.
/// <c>https://</c> addresses: the same requests make SocketsHttpHandler negotiate ALPN <c>h2</c> (RFC 7301) during the
/// TLS handshake. A client certificate goes in <see cref="SslClientAuthenticationOptions.ClientCertificates"/> and a
/// private root CA is checked in <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> with
/// an <see cref="X509Chain"/> in <see cref="X509ChainTrustMode.CustomRootTrust"/> mode; both live on
/// <see cref="SocketsHttpHandler.SslOptions"/>, which is what <see cref="Create"/> fills in. A caller with its own
/// handler can set the same two properties.
/// </para>
/// </summary>
public static class GrpcHttpHandler
{
    /// <summary>Creates a handler for gRPC: HTTP/2, several connections allowed, keep-alive pings, optional TLS settings.</summary>
    /// <param name="tls">TLS settings for <c>https://</c>; ignored for <c>http://</c>.</param>
    /// <returns>A new handler; the caller owns and disposes it.</returns>
    public static SocketsHttpHandler Create(GrpcTlsOptions? tls = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
        };

        if (tls is null)
        {
            return handler;
        }

        if (tls.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (tls.TrustedRoots.Count > 0)
        {
            var roots = new X509Certificate2Collection(tls.TrustedRoots);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainstRoots(certificate, errors, roots);
        }

        return handler;
    }

    /// <summary>
    /// Accepts a server certificate only if its name matched and it chains to one of <paramref name="roots"/>
    /// (no revocation check: Fabric test networks publish no CRL endpoints).
    /// </summary>
    internal static bool ValidateAgainstRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
