using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Simulators.Fabric.Grpc;
using Microsoft.Extensions.Logging;

namespace Bridge.IntegrationTests.Fabric.Grpc;

/// <summary>
/// The server's wire checked by a non-.NET HTTP/2 stack: Node 22's built-in <c>http2</c> module acting as a raw
/// gRPC client with the headers the official Node client sends (fabric-wire.md §3.1). Success must be HEADERS +
/// DATA + trailing HEADERS with <c>grpc-status: 0</c>; an error must be Trailers-Only (END_STREAM on the response
/// HEADERS) with un-padded base64 details.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GrpcNodeInteropTests
{
    private const string Script = """
        const http2 = require('node:http2');
        const session = http2.connect(process.env.GRPC_URL);
        function call(path, payload) {
          return new Promise((resolve, reject) => {
            const req = session.request({
              ':method': 'POST', ':path': path, 'content-type': 'application/grpc', 'te': 'trailers',
              'grpc-accept-encoding': 'identity,deflate,gzip', 'accept-encoding': 'identity', 'grpc-timeout': '4962m',
              'user-agent': 'grpc-node-js/1.14.7' });
            let headers = null, trailers = null, endStreamOnHeaders = false;
            const data = [];
            req.on('response', (h, flags) => { headers = h; endStreamOnHeaders = (flags & 1) === 1; });
            req.on('trailers', (t) => { trailers = t; });
            req.on('data', (d) => data.push(d));
            req.on('error', reject);
            req.on('end', () => resolve({
              status: headers[':status'], contentType: headers['content-type'] ?? null,
              headerStatus: headers['grpc-status'] ?? null, headerMessage: headers['grpc-message'] ?? null,
              details: headers['grpc-status-details-bin'] ?? null,
              detailsHex: headers['grpc-status-details-bin'] ? Buffer.from(headers['grpc-status-details-bin'], 'base64').toString('hex') : null,
              trailerStatus: trailers ? (trailers['grpc-status'] ?? null) : null,
              endStreamOnHeaders, body: Buffer.concat(data).toString('hex') }));
            const frame = Buffer.alloc(5 + payload.length);
            frame.writeUInt32BE(payload.length, 1);
            payload.copy(frame, 5);
            req.end(frame);
          });
        }
        (async () => {
          const ok = await call('/test.Echo/Reverse', Buffer.from([1, 2, 3]));
          const err = await call('/test.Echo/Fail', Buffer.from([1]));
          console.log(JSON.stringify({ ok, err }));
          session.close();
        })().catch((e) => { console.error(e); process.exit(1); });
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeHttp2Client_UnaryOkAndError_SeesTheResponseShapesTheOfficialClientAccepts()
    {
        var detail = new GrpcAny("type.googleapis.com/gateway.ErrorDetail", new byte[] { 0x1A, 0x01, 0x78 });
        var server = new GrpcServer();
        server.MapUnary("/test.Echo/Reverse", (request, _) => Task.FromResult(request.ToArray().Reverse().ToArray()));
        server.MapUnary("/test.Echo/Fail", (_, _) => throw new GrpcException(GrpcStatusCode.NotFound, "no such title: 100%", [detail]));
        await using var host = await GrpcServerHost.StartAsync(server, new GrpcServerHostOptions
        {
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        }, Ct);

        using var result = JsonDocument.Parse(await RunNodeAsync(host.BaseAddress.ToString().TrimEnd('/')));
        var ok = result.RootElement.GetProperty("ok");
        var err = result.RootElement.GetProperty("err");

        ok.GetProperty("status").GetInt32().ShouldBe(200);
        ok.GetProperty("contentType").GetString().ShouldBe("application/grpc");
        ok.GetProperty("endStreamOnHeaders").GetBoolean().ShouldBeFalse();
        ok.GetProperty("headerStatus").ValueKind.ShouldBe(JsonValueKind.Null);
        ok.GetProperty("body").GetString().ShouldBe("0000000003030201");
        ok.GetProperty("trailerStatus").GetString().ShouldBe("0");

        err.GetProperty("status").GetInt32().ShouldBe(200);
        err.GetProperty("endStreamOnHeaders").GetBoolean().ShouldBeTrue();
        err.GetProperty("headerStatus").GetString().ShouldBe("5");
        err.GetProperty("headerMessage").GetString().ShouldBe("no such title: 100%25");
        err.GetProperty("details").GetString()!.ShouldNotEndWith("=");
        // google.rpc.Status by hand: 08 05 (code 5), 12 13 <19-byte message>, 1A 2E (Any, 46 bytes) = 0A 27 <39-byte
        // type URL> 12 03 <value>.
        var expected = "0805" + "1213" + Hex("no such title: 100%") + "1a2e" + "0a27" + Hex(detail.TypeUrl) + "1203" + "1a0178";
        err.GetProperty("detailsHex").GetString().ShouldBe(expected);
        err.GetProperty("body").GetString().ShouldBeEmpty();
        err.GetProperty("trailerStatus").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    private static async Task<string> RunNodeAsync(string url)
    {
        var startInfo = new ProcessStartInfo(NodeExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add(Script);
        startInfo.Environment["GRPC_URL"] = url;
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.ExitCode.ShouldBe(0, await stderr);
        return await stdout;
    }

    /// <summary>Node 22 as installed for the Ethereum lane (simulators/ethereum/node22); a missing Node fails the test.</summary>
    private static string NodeExecutable() => Ethereum.EthereumTestSupport.Installation.NodeExecutable;
}
