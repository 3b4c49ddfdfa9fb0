using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Adapters.Fabric.Identity;

namespace Bridge.Simulators.Fabric.Network;

/// <summary>One organisation of the simulated network as the simulator is configured.</summary>
/// <param name="MspId">The MSP id, e.g. <c>CarrierMSP</c>.</param>
/// <param name="Domain">The domain its certificates are named after, e.g. <c>carrier.example.com</c>.</param>
public sealed record OrganizationSpec(string MspId, string Domain);

/// <summary>How a channel's orderer cuts blocks: Fabric's <c>BatchSize.MaxMessageCount</c> and <c>BatchTimeout</c>.</summary>
/// <param name="MaxBlockTransactions">The most transactions in one block, 1 to 10,000.</param>
/// <param name="BatchTimeout">How long the first waiting transaction may wait for others; null: cut as soon as the previous block is written.</param>
public sealed record BlockCutting(int MaxBlockTransactions, TimeSpan? BatchTimeout)
{
    internal void Validate(string sizeName, string timeoutName)
    {
        if (MaxBlockTransactions is < 1 or > 10_000)
        {
            throw new ArgumentException($"{sizeName} must be 1 to 10000, not {MaxBlockTransactions}.", sizeName);
        }

        if (BatchTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromSeconds(60)))
        {
            throw new ArgumentException($"{timeoutName} must be more than 0 and at most 60 s, not {timeout}.", timeoutName);
        }
    }
}

/// <summary>How the Fabric simulator's network looks.</summary>
public sealed class FabricNetworkOptions
{
    /// <summary>Where crypto material and ledgers live; a restart with the same folder keeps identities and state.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The peer organisations (default: carrier, bank and customs).</summary>
    public IReadOnlyList<OrganizationSpec> Organizations { get; init; } =
    [
        new("CarrierMSP", "carrier.example.com"),
        new("BankMSP", "bank.example.com"),
        new("CustomsMSP", "customs.example.com"),
    ];

    /// <summary>The ordering organisation.</summary>
    public OrganizationSpec Orderer { get; init; } = new("OrdererMSP", "orderer.example.com");

    /// <summary>The channels (default <c>trade</c>).</summary>
    public IReadOnlyList<string> Channels { get; init; } = ["trade"];

    /// <summary>The bridge chaincode's name.</summary>
    public string Chaincode { get; init; } = "bridge";

    /// <summary>How many distinct organisations must endorse (default 2 of the organisations).</summary>
    public int EndorsementsRequired { get; init; } = 2;

    /// <summary>
    /// The most transactions the orderer cuts into one block (Fabric's <c>BatchSize.MaxMessageCount</c>; 10 in Fabric's
    /// sample <c>configtx.yaml</c>). Without a <see cref="BatchTimeout"/>, whatever is waiting when the previous block is
    /// written goes into the next one, so a lone transaction gets a block of its own at once.
    /// </summary>
    public int MaxBlockTransactions { get; init; } = 10;

    /// <summary>
    /// Fabric's <c>Orderer.BatchTimeout</c> (2 s in Fabric's sample <c>configtx.yaml</c>): when set, a block is cut when
    /// <see cref="MaxBlockTransactions"/> transactions wait or this long after the first waiting one arrived, whichever
    /// comes first. Null (the default, fastest for tests) cuts as soon as the previous block is written. At most 60 s.
    /// </summary>
    public TimeSpan? BatchTimeout { get; init; }

    /// <summary>
    /// Block cutting for particular channels, overriding <see cref="MaxBlockTransactions"/> and <see cref="BatchTimeout"/>
    /// for them (in Fabric both are channel configuration: the <c>Orderer</c> section of each channel's config).
    /// </summary>
    public IReadOnlyDictionary<string, BlockCutting> ChannelBlockCutting { get; init; } = new Dictionary<string, BlockCutting>(StringComparer.Ordinal);

    /// <summary>How <paramref name="channel"/>'s orderer cuts blocks.</summary>
    public BlockCutting BlockCuttingOf(string channel) =>
        ChannelBlockCutting.TryGetValue(channel, out var cutting) ? cutting : new BlockCutting(MaxBlockTransactions, BatchTimeout);

    /// <summary>How long generated certificates are valid, from generation.</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public void Validate()
    {
        new BlockCutting(MaxBlockTransactions, BatchTimeout).Validate(nameof(MaxBlockTransactions), nameof(BatchTimeout));
        foreach (var (channel, cutting) in ChannelBlockCutting)
        {
            if (!Channels.Contains(channel, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Block cutting is set for channel '{channel}', which is not one of the channels.", nameof(ChannelBlockCutting));
            }

            cutting.Validate($"{nameof(ChannelBlockCutting)}[{channel}].{nameof(BlockCutting.MaxBlockTransactions)}", $"{nameof(ChannelBlockCutting)}[{channel}].{nameof(BlockCutting.BatchTimeout)}");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        if (Organizations.Count == 0 || Organizations.Select(o => o.MspId).Distinct(StringComparer.Ordinal).Count() != Organizations.Count)
        {
            throw new ArgumentException("At least one organisation, with distinct MSP ids, is required.");
        }

        if (EndorsementsRequired < 1 || EndorsementsRequired > Organizations.Count)
        {
            throw new ArgumentException($"The endorsement policy must require 1 to {Organizations.Count} organisations.");
        }

        if (Channels.Count == 0 || Channels.Any(c => c.Length == 0 || !c.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '.' or '-')))
        {
            throw new ArgumentException("Channel names are lower-case letters, digits, '.' and '-' (Fabric's channel-name rule).");
        }
    }
}

/// <summary>An organisation's material the simulator runs with: its peer's signing identity and its MSP's trust.</summary>
public sealed class SimulatedOrganization : IDisposable
{
    private readonly MspFolder _peer;

    internal SimulatedOrganization(OrganizationSpec spec, MspFolder peer, string folder)
    {
        Spec = spec;
        _peer = peer;
        Folder = folder;
    }

    /// <summary>The organisation.</summary>
    public OrganizationSpec Spec { get; }

    /// <summary>The MSP id.</summary>
    public string MspId => Spec.MspId;

    /// <summary>Its peer's signing identity (endorsements, commit attestations).</summary>
    public FabricSigner Peer => _peer.Signer!;

    /// <summary>Its MSP's root CAs: who counts as a member.</summary>
    public MspTrust Trust => _peer.Trust;

    /// <summary>The organisation's folder in cryptogen's layout (users/User1@domain/msp is a client's MSP folder).</summary>
    public string Folder { get; }

    /// <summary>The MSP folder of the organisation's client user, for Fabric clients (the official one included).</summary>
    public string ClientMspFolder => Path.Combine(Folder, "users", $"User1@{Spec.Domain}", "msp");

    /// <summary>The MSP folder of the organisation's admin.</summary>
    public string AdminMspFolder => Path.Combine(Folder, "users", $"Admin@{Spec.Domain}", "msp");

    /// <inheritdoc />
    public void Dispose() => _peer.Dispose();
}

/// <summary>
/// The Gateway endpoint's TLS material: a TLS CA of the simulator's own and the server certificate it issued, kept in
/// cryptogen's <c>tls/</c> file names (<c>ca.crt</c>, <c>server.crt</c>, <c>server.key</c>) under
/// <c>{DataDirectory}/crypto/gateway/tls</c>. One endpoint serves every organisation, so the TLS CA is written into
/// every MSP folder's <c>tlscacerts/</c>: a Fabric client trusts the TLS CA of the peer it dials, and here every peer is
/// behind this endpoint.
/// </summary>
public sealed class SimulatedGatewayTls : IDisposable
{
    /// <summary>The file name of the TLS CA certificate in each MSP folder's <c>tlscacerts/</c>.</summary>
    public const string TlsCaFileName = "tlsca.gateway.simulator-cert.pem";

    internal SimulatedGatewayTls(string folder, X509Certificate2 serverCertificate, X509Certificate2 caCertificate)
    {
        Folder = folder;
        ServerCertificate = serverCertificate;
        CaCertificate = caCertificate;
    }

    /// <summary>The folder holding <c>ca.crt</c>, <c>server.crt</c> and <c>server.key</c>.</summary>
    public string Folder { get; }

    /// <summary>The server certificate with its private key (subject alternative names localhost, 127.0.0.1, ::1 and each peer's host name).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The TLS CA that issued <see cref="ServerCertificate"/>.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        ServerCertificate.Dispose();
        CaCertificate.Dispose();
    }

    /// <summary>The subject only; never the key.</summary>
    public override string ToString() => $"Gateway TLS {ServerCertificate.Subject} issued by {CaCertificate.Subject}";
}

/// <summary>
/// The simulator's crypto material: each organisation's CA, peer, client and admin in Fabric's MSP folder layout under
/// <c>{DataDirectory}/crypto</c>, generated on first start and loaded afterwards, so that clients' MSP folders stay
/// valid across restarts.
/// </summary>
public static class SimulatorMaterial
{
    /// <summary>Loads the organisations' material, generating what is missing.</summary>
    /// <exception cref="InvalidDataException">Material on disk exists but cannot be loaded.</exception>
    public static IReadOnlyList<SimulatedOrganization> LoadOrCreate(FabricNetworkOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var crypto = Path.Combine(options.DataDirectory, "crypto");
        var result = new List<SimulatedOrganization>();
        try
        {
            foreach (var spec in options.Organizations.Append(options.Orderer))
            {
                result.Add(LoadOrCreate(crypto, spec, options.CertificateValidity, time));
            }
        }
        catch
        {
            foreach (var loaded in result)
            {
                loaded.Dispose();
            }

            throw;
        }

        return result;
    }

    /// <summary>
    /// Loads the Gateway's TLS material, generating it when any of its files is missing (data folders from before TLS
    /// get it on their next start), and makes sure every MSP folder of the organisations trusts its CA.
    /// </summary>
    /// <exception cref="InvalidDataException">The files exist but cannot be loaded.</exception>
    public static SimulatedGatewayTls LoadOrCreateGatewayTls(FabricNetworkOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var crypto = Path.Combine(options.DataDirectory, "crypto");
        var folder = Path.Combine(crypto, "gateway", "tls");
        var caFile = Path.Combine(folder, "ca.crt");
        var certFile = Path.Combine(folder, "server.crt");
        var keyFile = Path.Combine(folder, "server.key");
        if (!File.Exists(caFile) || !File.Exists(certFile) || !File.Exists(keyFile))
        {
            var notBefore = time.GetUtcNow().AddMinutes(-5);
            using var ca = MspCertificateAuthority.CreateRoot("tlsca.gateway.simulator", "gateway.simulator", notBefore, options.CertificateValidity);
            var server = ca.IssueTlsServer(
                "gateway.simulator",
                ["localhost", .. options.Organizations.Append(options.Orderer).Select(o => $"peer0.{o.Domain}")],
                [IPAddress.Loopback, IPAddress.IPv6Loopback],
                notBefore,
                options.CertificateValidity);
            MspMaterial.WriteFile(keyFile, server.PrivateKeyPem, secret: true);
            MspMaterial.WriteFile(certFile, server.CertificatePem);
            MspMaterial.WriteFile(caFile, ca.CertificatePem);
        }

        X509Certificate2? caCertificate = null;
        X509Certificate2? serverCertificate = null;
        try
        {
            caCertificate = X509CertificateLoader.LoadCertificateFromFile(caFile);
            serverCertificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            if (!IssuedBy(serverCertificate, caCertificate))
            {
                throw new InvalidDataException($"The Gateway's TLS certificate {certFile} was not issued by {caFile}.");
            }

            var caPem = caCertificate.ExportCertificatePem().ReplaceLineEndings("\n");
            foreach (var spec in options.Organizations.Append(options.Orderer))
            {
                var organization = Path.Combine(crypto, spec.Domain);
                foreach (var msp in Directory.Exists(organization) ? Directory.GetDirectories(organization, "msp", SearchOption.AllDirectories) : [])
                {
                    var trusted = Path.Combine(msp, "tlscacerts", SimulatedGatewayTls.TlsCaFileName);
                    if (!File.Exists(trusted) || File.ReadAllText(trusted) != caPem)
                    {
                        MspMaterial.WriteFile(trusted, caPem);
                    }
                }
            }

            return new SimulatedGatewayTls(folder, serverCertificate, caCertificate);
        }
        catch (Exception e)
        {
            caCertificate?.Dispose();
            serverCertificate?.Dispose();
            if (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"The Gateway's TLS material in {folder} cannot be loaded: {e.Message}", e);
            }

            throw;
        }
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    private static SimulatedOrganization LoadOrCreate(string crypto, OrganizationSpec spec, TimeSpan validity, TimeProvider time)
    {
        var folder = Path.Combine(crypto, spec.Domain);
        var peerMsp = Path.Combine(folder, "peers", $"peer0.{spec.Domain}", "msp");
        if (!Directory.Exists(peerMsp))
        {
            using var organization = MspMaterial.CreateOrganization(spec.MspId, spec.Domain, time.GetUtcNow().AddMinutes(-5), validity);
            MspMaterial.WriteOrganization(crypto, organization);
        }

        var loaded = MspFolder.Load(peerMsp, spec.MspId);
        return loaded.Folder is { Signer: not null } peer
            ? new SimulatedOrganization(spec, peer, folder)
            : throw new InvalidDataException($"The simulator's material for {spec.MspId} at {peerMsp} cannot be loaded: {loaded.Message}");
    }
}
