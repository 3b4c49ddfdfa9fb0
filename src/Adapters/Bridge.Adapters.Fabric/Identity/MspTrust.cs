using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>
/// The trust anchors of one MSP: its root CAs and intermediate CAs (the <c>cacerts</c> and <c>intermediatecerts</c>
/// of an MSP folder). <see cref="Validate(FabricIdentity, DateTimeOffset)"/> checks what Fabric's MSP checks for an
/// X.509 identity (fabric-wire.md §2.3 "Proposal validation": <c>msp/mspimplvalidate.go validateIdentity</c>): the
/// MSP id, that the certificate is not a CA, and a chain through the MSP's intermediates to one of its roots, using
/// <see cref="X509Chain"/> in <see cref="X509ChainTrustMode.CustomRootTrust"/> mode so that no system root is trusted.
/// <para>
/// Differences from Fabric, on purpose: no revocation check (Fabric consults the CRLs in the MSP config; this type has
/// none, so <see cref="X509RevocationMode.NoCheck"/>), no NodeOU/OU checks, and validity is checked at the caller's
/// time (Fabric's MSP checks the chain at the certificate's NotBefore + 1s, <c>getValidityOptsForCert</c>, and leaves
/// expiry to other layers). The time is a parameter, never the clock.
/// </para>
/// Successful validations are cached per certificate with the time window in which the whole chain is valid, so a
/// verifier that sees the same endorsers again pays one dictionary lookup. Thread-safe.
/// </summary>
public sealed class MspTrust : IDisposable
{
    private const int MaxCacheEntries = 4096;

    private readonly X509Certificate2Collection _roots;
    private readonly X509Certificate2Collection _intermediates;
    private readonly ConcurrentDictionary<string, (DateTimeOffset From, DateTimeOffset To)> _validWindows = new(StringComparer.Ordinal);

    private MspTrust(string mspId, X509Certificate2Collection roots, X509Certificate2Collection intermediates)
    {
        MspId = mspId;
        _roots = roots;
        _intermediates = intermediates;
    }

    /// <summary>The MSP id these anchors belong to.</summary>
    public string MspId { get; }

    /// <summary>The root CA certificates.</summary>
    public IReadOnlyList<X509Certificate2> RootCertificates => [.. _roots];

    /// <summary>The intermediate CA certificates.</summary>
    public IReadOnlyList<X509Certificate2> IntermediateCertificates => [.. _intermediates];

    /// <summary>Trust anchors from certificates (copied; the caller keeps ownership of its instances).</summary>
    /// <exception cref="ArgumentException">No MSP id, or no root certificate.</exception>
    public static MspTrust Create(string mspId, IEnumerable<X509Certificate2> roots, IEnumerable<X509Certificate2>? intermediates = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mspId);
        ArgumentNullException.ThrowIfNull(roots);
        var rootCollection = new X509Certificate2Collection();
        foreach (var root in roots)
        {
            rootCollection.Add(X509CertificateLoader.LoadCertificate(root.RawDataMemory.Span));
        }

        if (rootCollection.Count == 0)
        {
            throw new ArgumentException("An MSP needs at least one root CA certificate.", nameof(roots));
        }

        var intermediateCollection = new X509Certificate2Collection();
        foreach (var intermediate in intermediates ?? [])
        {
            intermediateCollection.Add(X509CertificateLoader.LoadCertificate(intermediate.RawDataMemory.Span));
        }

        return new MspTrust(mspId, rootCollection, intermediateCollection);
    }

    /// <summary>Trust anchors from PEM texts (each may hold several CERTIFICATE blocks).</summary>
    /// <exception cref="ArgumentException">No MSP id, no root certificate, or unreadable PEM.</exception>
    public static MspTrust FromPem(string mspId, IEnumerable<string> rootPems, IEnumerable<string>? intermediatePems = null)
    {
        ArgumentNullException.ThrowIfNull(rootPems);
        var roots = ImportPem(rootPems, nameof(rootPems));
        var intermediates = ImportPem(intermediatePems ?? [], nameof(intermediatePems));
        try
        {
            return Create(mspId, roots, intermediates);
        }
        finally
        {
            DisposeAll(roots);
            DisposeAll(intermediates);
        }
    }

    /// <summary>Validates an identity of this MSP at <paramref name="at"/>: MSP id, not a CA, chain to a root.</summary>
    public ChainValidationResult Validate(FabricIdentity identity, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.MspId != MspId
            ? new ChainValidationResult(ChainFailure.WrongMsp, $"The identity belongs to MSP '{identity.MspId}', not '{MspId}'.")
            : Validate(identity.Certificate, at);
    }

    /// <summary>Validates that a (non-CA) certificate chains to one of this MSP's roots at <paramref name="at"/>.</summary>
    public ChainValidationResult Validate(X509Certificate2 certificate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var key = Convert.ToHexString(SHA256.HashData(certificate.RawDataMemory.Span));
        if (_validWindows.TryGetValue(key, out var window) && at >= window.From && at <= window.To)
        {
            return ChainValidationResult.Valid;
        }

        // Fabric: "An X509 certificate with Basic Constraint: Certificate Authority equals true cannot be used as an
        // identity" (msp/mspimpl.go, getCertificationChainForBCCSPIdentity).
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority))
        {
            return new ChainValidationResult(ChainFailure.CertificateIsCa, $"'{certificate.Subject}' is a CA certificate and cannot be an identity.");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;

        if (chain.Build(certificate) && IsAnchoredInRoots(chain))
        {
            var elements = chain.ChainElements;
            var from = elements.Max(e => new DateTimeOffset(e.Certificate.NotBefore.ToUniversalTime()));
            var to = elements.Min(e => new DateTimeOffset(e.Certificate.NotAfter.ToUniversalTime()));
            if (_validWindows.Count >= MaxCacheEntries)
            {
                _validWindows.Clear();
            }

            _validWindows[key] = (from, to);
            return ChainValidationResult.Valid;
        }

        return Classify(chain, at, certificate);
    }

    /// <summary>Releases the anchor certificates.</summary>
    public void Dispose()
    {
        DisposeAll(_roots);
        DisposeAll(_intermediates);
    }

    /// <inheritdoc />
    public override string ToString() => $"MspTrust {MspId} ({_roots.Count} root(s), {_intermediates.Count} intermediate(s))";

    private bool IsAnchoredInRoots(X509Chain chain)
    {
        var top = chain.ChainElements[^1].Certificate;
        foreach (var root in _roots)
        {
            if (root.RawDataMemory.Span.SequenceEqual(top.RawDataMemory.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static ChainValidationResult Classify(X509Chain chain, DateTimeOffset at, X509Certificate2 certificate)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var detail = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct(StringComparer.Ordinal));
        var subject = certificate.Subject;
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            var early = chain.ChainElements.Any(e => at < new DateTimeOffset(e.Certificate.NotBefore.ToUniversalTime()));
            return early
                ? new ChainValidationResult(ChainFailure.NotYetValid, $"'{subject}' or an issuer is not valid yet at {at:O}. {detail}")
                : new ChainValidationResult(ChainFailure.Expired, $"'{subject}' or an issuer has expired at {at:O}. {detail}");
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            return new ChainValidationResult(ChainFailure.InvalidSignature, $"A signature in the chain of '{subject}' does not verify. {detail}");
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 || flags == X509ChainStatusFlags.NoError)
        {
            return new ChainValidationResult(ChainFailure.UntrustedChain, $"'{subject}' does not chain to a root CA of this MSP. {detail}");
        }

        return new ChainValidationResult(ChainFailure.Other, $"'{subject}': {detail}");
    }

    private static X509Certificate2Collection ImportPem(IEnumerable<string> pems, string parameterName)
    {
        var collection = new X509Certificate2Collection();
        foreach (var pem in pems)
        {
            try
            {
                collection.ImportFromPem(pem);
            }
            catch (CryptographicException ex)
            {
                DisposeAll(collection);
                throw new ArgumentException($"Not a PEM certificate: {ex.Message}", parameterName, ex);
            }
        }

        return collection;
    }

    private static void DisposeAll(X509Certificate2Collection collection)
    {
        foreach (var certificate in collection)
        {
            certificate.Dispose();
        }
    }
}
