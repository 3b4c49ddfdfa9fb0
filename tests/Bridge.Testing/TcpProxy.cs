using System.Net;
using System.Net.Sockets;

namespace Bridge.Testing;

/// <summary>
/// A loopback TCP forwarder in front of a real endpoint, to take a node "down" and bring it back on the same address: while
/// down, connections are refused and open ones are cut.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private Task? _accepting;

    private TcpProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>A proxy on a free loopback port forwarding to <paramref name="target"/>, up.</summary>
    public static TcpProxy Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, target.Port), BridgeProcess.FreePort());
        proxy.Up();
        return proxy;
    }

    /// <summary><paramref name="target"/> with its host and port replaced by the proxy's.</summary>
    public Uri Through(Uri target) => new UriBuilder(target) { Host = "127.0.0.1", Port = Port }.Uri;

    /// <summary>Accepts connections again on the same port.</summary>
    public void Up()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _running = new CancellationTokenSource();
            _accepting = AcceptAsync(_listener, _running.Token);
        }
    }

    /// <summary>Stops listening (new connections are refused) and cuts every open connection.</summary>
    public async Task DownAsync()
    {
        Task? accepting;
        lock (_gate)
        {
            if (_listener is null)
            {
                return;
            }

            _running!.Cancel();
            _listener.Stop();
            _listener = null;
            accepting = _accepting;
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }

        try
        {
            await accepting!;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_target, cancellationToken);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream, cancellationToken);
            _ = PumpAsync(upstream, client, cancellationToken);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Cut by DownAsync or by either side.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
