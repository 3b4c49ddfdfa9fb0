using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge fabric invoke|query</c>: submit or evaluate a chaincode function through any Fabric Gateway endpoint with
/// a client MSP folder (Fabric's layout: signcerts, keystore, cacerts). The result payload goes to stdout as is; the
/// transaction id and block go to stderr. Exit codes: 0 ok; 1 refused (chaincode error with its ErrorDetail list,
/// invalid commit, bad MSP folder or input); 2 usage; 3 gateway unreachable or timed out.
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
        var mspDir = new Option<string>("--msp-dir") { Description = "The client's MSP folder (signcerts/, keystore/, cacerts/).", Required = true };
        var mspId = new Option<string>("--msp-id") { Description = "The client's MSP id, e.g. Org1MSP.", Required = true };
        var channel = new Option<string>("--channel") { Description = "The channel name.", Required = true };
        var chaincode = new Option<string>("--chaincode") { Description = "The chaincode name.", Required = true };
        var tlsCa = new Option<string?>("--tls-ca") { Description = "A PEM file with the CA certificate(s) the gateway's TLS certificate must chain to (https only; default: the system store)." };
        var endorsers = new Option<string[]>("--endorsing-org") { Description = "An MSP id whose peers must endorse (repeat for each; default: the gateway chooses).", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each gateway call (the commit wait gets four times as long; default 30).", DefaultValueFactory = _ => 30 };
        var function = new Argument<string>("function") { Description = "The chaincode function." };
        var arguments = new Argument<string[]>("args") { Description = "The function's arguments (UTF-8 strings).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(name, description) { gateway, mspDir, mspId, channel, chaincode, tlsCa, endorsers, timeout, function, arguments };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = ParseEndpoint(parse.GetValue(gateway)!);
            var seconds = parse.GetValue(timeout);
            if (seconds < 1)
            {
                throw new CliException(ExitCodes.UserError, "--timeout must be at least 1 second");
            }

            using var msp = LoadMsp(parse.GetValue(mspDir)!, parse.GetValue(mspId)!);
            var tls = LoadTls(parse.GetValue(tlsCa), endpoint);
            using var handler = GrpcHttpHandler.Create(tls);
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

    private static GrpcTlsOptions? LoadTls(string? caFile, Uri endpoint)
    {
        if (caFile is null)
        {
            return null;
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliException(ExitCodes.UserError, "--tls-ca needs an https:// gateway URL");
        }

        var tls = new GrpcTlsOptions();
        try
        {
            tls.TrustedRoots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException(ExitCodes.UserError, $"cannot read --tls-ca {caFile}: {e.Message}");
        }

        return tls.TrustedRoots.Count > 0
            ? tls
            : throw new CliException(ExitCodes.UserError, $"--tls-ca {caFile} holds no PEM certificate");
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
