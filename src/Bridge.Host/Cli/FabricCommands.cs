using System.CommandLine;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge fabric invoke|query</c>: submit or evaluate a chaincode function through any Fabric Gateway endpoint with
/// a client MSP folder (Fabric's layout: signcerts, keystore, cacerts, tlscacerts). The result payload goes to stdout as
/// is; the transaction id and block go to stderr. For an <c>https://</c> gateway the server's TLS certificate must chain
/// to <c>--tls-ca</c> when given, else to the MSP folder's <c>tlscacerts/</c> when it has any (as Fabric's own clients
/// trust an organisation's TLS CA), else to the system store; <c>--tls-cert</c> and <c>--tls-key</c> add a client
/// certificate for mutual TLS. Exit codes: 0 ok; 1 refused (chaincode error with its ErrorDetail list, invalid commit,
/// bad MSP folder, TLS file or input); 2 usage; 3 gateway unreachable, timed out or its TLS certificate not trusted.
/// </summary>
internal static class FabricCommands
{
    public static Command BuildFabric(TextWriter stdout, TextWriter stderr)
    {
        return new Command("fabric", "Hyperledger Fabric tooling: call chaincode through a Fabric Gateway.")
        {
            BuildCall("invoke", "Submit a transaction (endorse, order, commit) and print the chaincode's result.", submit: true, stdout, stderr),
            BuildCall("query", "Evaluate a transaction on one peer (nothing is committed) and print the chaincode's result.", submit: false, stdout, stderr),
        };
    }

    private static Command BuildCall(string name, string description, bool submit, TextWriter stdout, TextWriter stderr)
    {
        var gateway = new Option<string>("--gateway") { Description = "The Gateway endpoint: HOST:PORT (cleartext HTTP/2) or an http:// or https:// URL.", Required = true };
        var mspDir = new Option<string>("--msp-dir") { Description = "The client's MSP folder (signcerts/, keystore/, cacerts/; for https, tlscacerts/ is trusted unless --tls-ca is given).", Required = true };
        var mspId = new Option<string>("--msp-id") { Description = "The client's MSP id, e.g. Org1MSP.", Required = true };
        var channel = new Option<string>("--channel") { Description = "The channel name.", Required = true };
        var chaincode = new Option<string>("--chaincode") { Description = "The chaincode name.", Required = true };
        var tlsCa = new Option<string?>("--tls-ca") { Description = "A PEM file with the CA certificate(s) the gateway's TLS certificate must chain to (https only; default: the MSP folder's tlscacerts/, or the system store when it has none)." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "A PEM client certificate for mutual TLS (https only; needs --tls-key)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The PEM private key (PKCS#8, SEC 1 or RSA) of --tls-cert." };
        var endorsers = new Option<string[]>("--endorsing-org") { Description = "An MSP id whose peers must endorse (repeat for each; default: the gateway chooses).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each gateway call (the commit wait gets four times as long; default 30).", DefaultValueFactory = _ => 30 };
        var function = new Argument<string>("function") { Description = "The chaincode function." };
        var arguments = new Argument<string[]>("args") { Description = "The function's arguments (UTF-8 strings).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, description) { gateway, mspDir, mspId, channel, chaincode, tlsCa, tlsCert, tlsKey, endorsers, timeout, function, arguments };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = ParseEndpoint(parse.GetValue(gateway)!);
            var seconds = parse.GetValue(timeout);
            if (seconds < 1)
            {
                throw new CliException(ExitCodes.UserError, "--timeout must be at least 1 second");
            }

            using var msp = LoadMsp(parse.GetValue(mspDir)!, parse.GetValue(mspId)!);
            using var tls = LoadTls(endpoint, msp, parse.GetValue(tlsCa), parse.GetValue(tlsCert), parse.GetValue(tlsKey));
            using var handler = GrpcHttpHandler.Create(tls?.Options);
            using var client = new GrpcClient(handler, endpoint);
            var each = TimeSpan.FromSeconds(seconds);
            var fabric = new FabricGateway(client, msp.Signer!, new FabricGatewayOptions
            {
                EvaluateTimeout = each,
                EndorseTimeout = each,
                SubmitTimeout = each,
                CommitStatusTimeout = each * 4,
            });
            var contract = fabric.Network(parse.GetValue(channel)!).Contract(parse.GetValue(chaincode)!);
            var options = FabricProposalOptions.FromStrings(parse.GetValue(arguments) ?? []) with { EndorsingOrganizations = parse.GetValue(endorsers) ?? [] };
            try
            {
                if (submit)
                {
                    var result = await contract.SubmitAsync(parse.GetValue(function)!, options, cancellationToken);
                    await WriteResultAsync(stdout, result.Result);
                    await stderr.WriteLineAsync($"Committed transaction {result.TransactionId} in block {result.BlockNumber} ({result.Code}).");
                }
                else
                {
                    await WriteResultAsync(stdout, await contract.EvaluateAsync(parse.GetValue(function)!, options, cancellationToken));
                }
            }
            catch (FabricGatewayException e) when (e.StatusCode is GrpcStatusCode.Unavailable && tls is not null && IsTlsFailure(e))
            {
                throw new CliException(ExitCodes.Unavailable, $"cannot use the Fabric gateway at {endpoint}: the TLS handshake failed ({tls.Trusted}{(tls.Options.ClientCertificate is null ? string.Empty : "; client certificate from --tls-cert")}): {e.Message}");
            }
            catch (FabricGatewayException e) when (e.StatusCode is GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded)
            {
                throw new CliException(ExitCodes.Unavailable, $"cannot use the Fabric gateway at {endpoint}: {e.Message}");
            }
            catch (FabricGatewayException e)
            {
                throw new CliException(ExitCodes.UserError, $"the Fabric gateway at {endpoint} refused: {e.Message}");
            }
            catch (FabricCommitException e)
            {
                throw new CliException(ExitCodes.UserError, e.Message);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>HOST:PORT means cleartext HTTP/2 with prior knowledge (as Fabric's own tools dial a peer); a URL is used as given.</summary>
    internal static Uri ParseEndpoint(string value)
    {
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.AbsolutePath == "/"
                ? url
                : throw new CliException(ExitCodes.UserError, $"--gateway '{value}' is not an http:// or https:// URL without a path");
        }

        return Uri.TryCreate($"http://{value}", UriKind.Absolute, out var hostPort) && !hostPort.IsDefaultPort && hostPort.AbsolutePath == "/"
            ? hostPort
            : throw new CliException(ExitCodes.UserError, $"--gateway '{value}' is not HOST:PORT or a URL");
    }

    private static MspFolder LoadMsp(string path, string mspId)
    {
        if (string.IsNullOrWhiteSpace(mspId))
        {
            throw new CliException(ExitCodes.UserError, "--msp-id is empty");
        }

        var loaded = MspFolder.Load(path, mspId);
        return loaded.Folder is { Signer: not null } folder
            ? folder
            : throw new CliException(ExitCodes.UserError, $"cannot use the MSP folder {path}: {loaded.Message}");
    }

    /// <summary>
    /// The TLS settings of an <c>https://</c> gateway: trusted roots from <paramref name="caFile"/>, else the MSP folder's
    /// <c>tlscacerts/</c>, else none (the system store); a client certificate from <paramref name="certFile"/> and
    /// <paramref name="keyFile"/>. Null for <c>http://</c>, where every TLS option is a usage error.
    /// </summary>
    private static CliTls? LoadTls(Uri endpoint, MspFolder msp, string? caFile, string? certFile, string? keyFile)
    {
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            return caFile is null && certFile is null && keyFile is null
                ? null
                : throw new CliException(ExitCodes.UserError, "--tls-ca, --tls-cert and --tls-key need an https:// gateway URL");
        }

        if ((certFile is null) != (keyFile is null))
        {
            throw new CliException(ExitCodes.UserError, "--tls-cert and --tls-key go together");
        }

        var tls = new CliTls();
        try
        {
            if (caFile is not null)
            {
                ImportRoots(tls.Options.TrustedRoots, caFile);
                tls.Trusted = $"trusting --tls-ca {caFile}";
            }
            else if (msp.TlsCaCertificates.Count > 0)
            {
                foreach (var root in msp.TlsCaCertificates)
                {
                    tls.Options.TrustedRoots.Add(X509CertificateLoader.LoadCertificate(root.RawDataMemory.Span));
                }

                tls.Trusted = $"trusting the MSP folder's tlscacerts in {msp.Path}";
            }
            else
            {
                tls.Trusted = "trusting the system store";
            }

            if (certFile is not null)
            {
                tls.Options.ClientCertificate = LoadClientCertificate(certFile, keyFile!);
            }

            return tls;
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    private static void ImportRoots(X509Certificate2Collection roots, string caFile)
    {
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException(ExitCodes.UserError, $"cannot read --tls-ca {caFile}: {e.Message}");
        }

        if (roots.Count == 0)
        {
            throw new CliException(ExitCodes.UserError, $"--tls-ca {caFile} holds no PEM certificate");
        }
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);

            // A key imported from PEM is ephemeral; SslStream on some platforms needs it from a PKCS#12 container.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // The message never includes key text.
            throw new CliException(ExitCodes.UserError, $"cannot use --tls-cert {certFile} with --tls-key {keyFile}: {e.Message}");
        }
    }

    /// <summary>Whether a failed call failed in the TLS handshake (an untrusted or refused certificate on either side).</summary>
    private static bool IsTlsFailure(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The TLS options of one CLI call, which own their certificates, and what the server was checked against.</summary>
    private sealed class CliTls : IDisposable
    {
        public GrpcTlsOptions Options { get; } = new();

        public string Trusted { get; set; } = string.Empty;

        public void Dispose()
        {
            Options.ClientCertificate?.Dispose();
            foreach (var root in Options.TrustedRoots)
            {
                root.Dispose();
            }
        }
    }

    private static async Task WriteResultAsync(TextWriter stdout, ReadOnlyMemory<byte> payload)
    {
        // Chaincode results are usually UTF-8 text or JSON; anything else is printed as hex so the terminal stays sane.
        try
        {
            await stdout.WriteLineAsync(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload.Span));
        }
        catch (DecoderFallbackException)
        {
            await stdout.WriteLineAsync("0x" + Convert.ToHexStringLower(payload.Span));
        }
    }
}
