using System.Security.Cryptography;
using Bridge.Canonical.Validation;

namespace Bridge.Adapters.Abstractions.Bindings;

/// <summary>
/// "Participant P controls these identities" (docs/bindings.md): the statement every bound identity's key signs. Immutable
/// and always valid: it is built by <see cref="IdentityBindingStatementJson.Parse(System.Text.Json.JsonElement, string)"/>
/// from outside input (errors as values) or by the constructor in code (errors as exceptions). Its
/// <see cref="CanonicalBytes"/> are <see cref="DomainTag"/>, a line feed, and the RFC 8785 (JCS) form of
/// <see cref="IdentityBindingStatementJson.ToJson"/>; its <see cref="Digest"/> is their SHA-256.
/// </summary>
public sealed class IdentityBindingStatement
{
    /// <summary>
    /// The domain tag in front of the canonical JSON: it keeps a binding signature from ever being valid as a signature over
    /// a Fabric proposal, a platform document or any other JSON the same key signs (docs/bindings.md "Canonical bytes").
    /// </summary>
    public const string DomainTag = "trade-chain-bridge/identity-binding/v1";

    /// <summary>The most identities one statement may name.</summary>
    public const int MaxIdentities = 16;

    private readonly byte[] _canonical;
    private readonly byte[] _digest;

    /// <summary>A statement built in code.</summary>
    /// <param name="participant">The participant's name (1 to 256 characters, no control characters).</param>
    /// <param name="identities">1 to <see cref="MaxIdentities"/> distinct identities (Ethereum addresses in lower case).</param>
    /// <param name="issuedAt">When it was made; whole seconds.</param>
    /// <param name="expiresAt">When it stops binding; whole seconds, after <paramref name="issuedAt"/>.</param>
    /// <param name="nonce">16 to 128 characters of <c>A-Z a-z 0-9 - _</c>, fresh per statement.</param>
    /// <exception cref="ArgumentException">A value breaks the rules above (the message lists every finding).</exception>
    public IdentityBindingStatement(string participant, IEnumerable<BoundIdentity> identities, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string nonce)
        : this(participant, [.. identities ?? throw new ArgumentNullException(nameof(identities))], issuedAt, expiresAt, nonce, validate: true)
    {
    }

    private IdentityBindingStatement(string participant, BoundIdentity[] identities, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string nonce, bool validate)
    {
        Participant = participant;
        Identities = identities;
        IssuedAt = issuedAt.ToUniversalTime();
        ExpiresAt = expiresAt.ToUniversalTime();
        Nonce = nonce;
        if (validate)
        {
            var issues = new ValidationCollector();
            IdentityBindingStatementJson.Check(this, issues);
            if (issues.HasErrors)
            {
                throw new ArgumentException("Not a valid identity binding statement: " + string.Join("; ", issues.ToResult().Errors.Select(e => $"{e.Path} {e.Message}")));
            }
        }

        _canonical = IdentityBindingStatementJson.Canonicalize(this);
        _digest = SHA256.HashData(_canonical);
        DigestHex = Convert.ToHexStringLower(_digest);
    }

    /// <summary>The participant's name.</summary>
    public string Participant { get; }

    /// <summary>The identities the participant claims, in the statement's order.</summary>
    public IReadOnlyList<BoundIdentity> Identities { get; }

    /// <summary>When the statement was made (UTC, whole seconds). Certificates and membership statements are judged at this time.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the binding stops (UTC, whole seconds).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The statement's nonce.</summary>
    public string Nonce { get; }

    /// <summary>The bytes every identity's key signs: <see cref="DomainTag"/>, <c>\n</c>, JCS of the statement JSON.</summary>
    public ReadOnlyMemory<byte> CanonicalBytes => _canonical;

    /// <summary>SHA-256 of <see cref="CanonicalBytes"/> (32 bytes).</summary>
    public ReadOnlyMemory<byte> Digest => _digest;

    /// <summary><see cref="Digest"/> as 64 lower-case hex digits.</summary>
    public string DigestHex { get; }

    /// <summary>Whether the statement names <paramref name="identity"/> (content equality).</summary>
    public bool Names(BoundIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Identities.Contains(identity);
    }

    /// <summary>The participant and digest; never certificates or keys.</summary>
    public override string ToString() => $"IdentityBinding {Participant} ({Identities.Count} identities) {DigestHex}";

    /// <summary>A statement from parsed values that <see cref="IdentityBindingStatementJson"/> has already checked.</summary>
    internal static IdentityBindingStatement FromChecked(string participant, BoundIdentity[] identities, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string nonce) =>
        new(participant, identities, issuedAt, expiresAt, nonce, validate: false);
}
