using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>Why an MSP folder could not be loaded.</summary>
public enum MspFolderError
{
    /// <summary>Loaded.</summary>
    None = 0,

    /// <summary>The folder does not exist.</summary>
    FolderNotFound = 1,

    /// <summary><c>signcerts/</c> is missing or holds no <c>*.pem</c> certificate.</summary>
    MissingSignCertificate = 2,

    /// <summary><c>keystore/</c> is missing or holds no <c>*_sk</c> / <c>*.pem</c> key.</summary>
    MissingPrivateKey = 3,

    /// <summary>No key in <c>keystore/</c> belongs to the signing certificate.</summary>
    KeyDoesNotMatchCertificate = 4,

    /// <summary><c>cacerts/</c> is missing or holds no certificate.</summary>
    MissingCaCertificates = 5,

    /// <summary>A file is not readable PEM of the expected kind.</summary>
    InvalidFile = 6,
}

/// <summary>The result of <see cref="MspFolder.Load"/>: a folder, or the reason and the path at fault.</summary>
public sealed class MspFolderLoadResult
{
    private MspFolderLoadResult(MspFolder? folder, MspFolderError error, string message)
    {
        Folder = folder;
        Error = error;
        Message = message;
    }

    /// <summary>The loaded folder on success.</summary>
    public MspFolder? Folder { get; }

    /// <summary>The failure, or <see cref="MspFolderError.None"/>.</summary>
    public MspFolderError Error { get; }

    /// <summary>What is wrong and where (empty on success).</summary>
    public string Message { get; }

    /// <summary>True when <see cref="Folder"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Folder))]
    public bool IsSuccess => Folder is not null;

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Loaded {Folder}" : $"{Error}: {Message}";

    internal static MspFolderLoadResult Ok(MspFolder folder) => new(folder, MspFolderError.None, string.Empty);

    internal static MspFolderLoadResult Fail(MspFolderError error, string message) => new(null, error, message);
}

/// <summary>
/// An MSP folder as Fabric's cryptogen and fabric-ca write it: <c>signcerts/*.pem</c> (the identity's certificate),
/// <c>keystore/*_sk</c> or <c>keystore/*.pem</c> (its private key, PKCS#8 or SEC 1), <c>cacerts/*.pem</c> (root CAs),
/// optional <c>intermediatecerts/*.pem</c> and <c>tlscacerts/*.pem</c>; <c>config.yaml</c> (NodeOUs) and
/// <c>admincerts/</c> are ignored. The MSP id is not stored in the folder, so the caller supplies it.
/// </summary>
public sealed class MspFolder : IDisposable
{
    private MspFolder(string path, FabricSigner? signer, MspTrust trust, IReadOnlyList<X509Certificate2> tlsCaCertificates)
    {
        Path = path;
        Signer = signer;
        Trust = trust;
        TlsCaCertificates = tlsCaCertificates;
    }

    /// <summary>The folder that was read.</summary>
    public string Path { get; }

    /// <summary>The MSP id supplied at load.</summary>
    public string MspId => Trust.MspId;

    /// <summary>The signing identity (signcerts + keystore); null when loaded with <see cref="LoadVerifyingOnly"/>.</summary>
    public FabricSigner? Signer { get; }

    /// <summary>The MSP's root and intermediate CAs.</summary>
    public MspTrust Trust { get; }

    /// <summary>The TLS root CAs (empty when <c>tlscacerts/</c> is absent).</summary>
    public IReadOnlyList<X509Certificate2> TlsCaCertificates { get; }

    /// <summary>Loads a signing MSP folder: signcerts, keystore and cacerts are required.</summary>
    public static MspFolderLoadResult Load(string path, string mspId) => LoadCore(path, mspId, withSigner: true);

    /// <summary>Loads only the trust part of an MSP folder (cacerts required; signcerts/keystore not read).</summary>
    public static MspFolderLoadResult LoadVerifyingOnly(string path, string mspId) => LoadCore(path, mspId, withSigner: false);

    /// <inheritdoc />
    public override string ToString() => Signer is null ? $"MSP folder {MspId} (verifying only) at {Path}" : $"MSP folder {Signer.Identity} at {Path}";

    /// <summary>Releases the keys and certificates.</summary>
    public void Dispose()
    {
        Signer?.Dispose();
        Trust.Dispose();
        foreach (var certificate in TlsCaCertificates)
        {
            certificate.Dispose();
        }
    }

    private static MspFolderLoadResult LoadCore(string path, string mspId, bool withSigner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(mspId);
        if (!Directory.Exists(path))
        {
            return MspFolderLoadResult.Fail(MspFolderError.FolderNotFound, $"The MSP folder '{path}' does not exist.");
        }

        var caFiles = Files(path, "cacerts", "*.pem");
        if (caFiles.Length == 0)
        {
            return MspFolderLoadResult.Fail(MspFolderError.MissingCaCertificates, $"No root CA certificate (*.pem) in '{System.IO.Path.Combine(path, "cacerts")}'.");
        }

        var roots = ReadPemFiles(caFiles, out var badCa);
        if (roots is null)
        {
            return MspFolderLoadResult.Fail(MspFolderError.InvalidFile, $"'{badCa}' is not a PEM certificate file.");
        }

        var intermediates = ReadPemFiles(Files(path, "intermediatecerts", "*.pem"), out var badIntermediate);
        var tlsCas = ReadPemFiles(Files(path, "tlscacerts", "*.pem"), out var badTls);
        if (intermediates is null || tlsCas is null)
        {
            return MspFolderLoadResult.Fail(MspFolderError.InvalidFile, $"'{badIntermediate ?? badTls}' is not a PEM certificate file.");
        }

        var trust = MspTrust.Create(mspId, roots, intermediates);
        foreach (var certificate in roots.Concat(intermediates))
        {
            certificate.Dispose();
        }

        if (!withSigner)
        {
            return MspFolderLoadResult.Ok(new MspFolder(path, null, trust, tlsCas));
        }

        var failure = LoadSigner(path, mspId, out var signer);
        if (signer is null)
        {
            trust.Dispose();
            foreach (var certificate in tlsCas)
            {
                certificate.Dispose();
            }

            return failure!;
        }

        return MspFolderLoadResult.Ok(new MspFolder(path, signer, trust, tlsCas));
    }

    private static MspFolderLoadResult? LoadSigner(string path, string mspId, out FabricSigner? signer)
    {
        signer = null;
        var certFiles = Files(path, "signcerts", "*.pem");
        if (certFiles.Length == 0)
        {
            return MspFolderLoadResult.Fail(MspFolderError.MissingSignCertificate, $"No signing certificate (*.pem) in '{System.IO.Path.Combine(path, "signcerts")}'.");
        }

        // Fabric uses the first signing certificate; files are taken in ordinal name order so the choice is stable.
        var certificatePem = File.ReadAllText(certFiles[0]);
        var identity = FabricIdentity.Create(mspId, certificatePem);
        if (!identity.IsSuccess)
        {
            return MspFolderLoadResult.Fail(MspFolderError.InvalidFile, $"'{certFiles[0]}': {identity.Message}");
        }

        identity.Identity.Dispose();
        var keyFiles = Files(path, "keystore", "*_sk").Concat(Files(path, "keystore", "*.pem")).Distinct(StringComparer.Ordinal).ToArray();
        if (keyFiles.Length == 0)
        {
            return MspFolderLoadResult.Fail(MspFolderError.MissingPrivateKey, $"No private key (*_sk or *.pem) in '{System.IO.Path.Combine(path, "keystore")}'.");
        }

        foreach (var keyFile in keyFiles)
        {
            try
            {
                signer = FabricSigner.FromPem(mspId, certificatePem, File.ReadAllText(keyFile));
                return null;
            }
            catch (ArgumentException)
            {
                // Not this key (or not a key): try the next file. The message never includes key text.
            }
        }

        return MspFolderLoadResult.Fail(
            MspFolderError.KeyDoesNotMatchCertificate,
            $"No key in '{System.IO.Path.Combine(path, "keystore")}' is a readable EC key matching '{certFiles[0]}'.");
    }

    private static string[] Files(string path, string folder, string pattern)
    {
        var directory = System.IO.Path.Combine(path, folder);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = Directory.GetFiles(directory, pattern, SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static List<X509Certificate2>? ReadPemFiles(string[] files, out string? badFile)
    {
        badFile = null;
        var certificates = new List<X509Certificate2>();
        foreach (var file in files)
        {
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPemFile(file);
            }
            catch (CryptographicException)
            {
                collection.Clear();
            }

            if (collection.Count == 0)
            {
                foreach (var certificate in certificates)
                {
                    certificate.Dispose();
                }

                badFile = file;
                return null;
            }

            certificates.AddRange(collection);
        }

        return certificates;
    }
}
