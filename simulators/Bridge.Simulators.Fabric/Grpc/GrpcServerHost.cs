using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>Where and how a <see cref="GrpcServerHost"/> listens.</summary>
public sealed class GrpcServerHostOptions
{
    /// <summary>Gets or sets the address to bind; 127.0.0.1 by default.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>Gets or sets the port; 0 (the default) lets the OS pick a free one (see <see cref="GrpcServerHost.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the TLS certificate (with private key). Null: cleartext HTTP/2 with prior knowledge (h2c).
    /// Set: TLS with ALPN h2 only.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>Gets or sets whether TLS clients must present a certificate (mutual TLS).</summary>
    public ClientCertificateMode ClientCertificateMode { get; set; } = ClientCertificateMode.NoCertificate;

    /// <summary>Gets or sets the check of a client certificate (for example, chains to an organisation's TLS CA).
    /// Null keeps Kestrel's default (the system trust store).</summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; set; }

    /// <summary>Gets or sets a hook to adjust the builder (logging, services) before the app is built.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; set; }

    /// <summary>Gets or sets a hook to add middleware or endpoints before the gRPC server (which answers last).</summary>
    public Action<WebApplication>? ConfigureApplication { get; set; }
}

/// <summary>
/// A Kestrel host serving one <see cref="GrpcServer"/> over HTTP/2 only (<see cref="HttpProtocols.Http2"/>), for tests
/// and the simulator. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class GrpcServerHost : IAsyncDisposable
{
    private GrpcServerHost(WebApplication application, Uri baseAddress)
    {
        Application = application;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the address clients use, for example <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the running application.</summary>
    public WebApplication Application { get; }

    /// <summary>Builds and starts a host for <paramref name="server"/>.</summary>
    /// <param name="server">The gRPC server.</param>
    /// <param name="options">Address, port and TLS; 127.0.0.1, a free port and h2c when null.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started host.</returns>
    public static async Task<GrpcServerHost> StartAsync(GrpcServer server, GrpcServerHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new GrpcServerHostOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.ServerCertificate is { } certificate)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = options.ClientCertificateMode,
                        ClientCertificateValidation = options.ClientCertificateValidation,
                    });
                }
            });
        });
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        options.ConfigureApplication?.Invoke(app);
        app.UseGrpcServer(server);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        var bound = new Uri(address);
        var scheme = options.ServerCertificate is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        var host = options.Address.Equals(IPAddress.Any) ? "127.0.0.1" : options.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : bound.Host;
        return new GrpcServerHost(app, new Uri($"{scheme}://{host}:{bound.Port}/"));
    }

    /// <summary>Stops the host gracefully.</summary>
    /// <param name="cancellationToken">Ends the graceful shutdown early.</param>
    /// <returns>A task that completes when Kestrel stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) => Application.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Application.StopAsync(shutdown.Token);
        await Application.DisposeAsync();
    }
}
