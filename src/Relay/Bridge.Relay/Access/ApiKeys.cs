using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Relay.Access;

/// <summary>What an API key may do. Operators run the bridge; participants act for one organisation; auditors read.</summary>
public enum AccessRole
{
    Operator,
    Participant,
    Auditor,
}

public static class AccessRoles
{
    public static string ToWireName(this AccessRole role) => role switch
    {
        AccessRole.Operator => "operator",
        AccessRole.Participant => "participant",
        AccessRole.Auditor => "auditor",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? value, out AccessRole role)
    {
        switch (value)
        {
            case "operator": role = AccessRole.Operator; return true;
            case "participant": role = AccessRole.Participant; return true;
            case "auditor": role = AccessRole.Auditor; return true;
            default: role = default; return false;
        }
    }
}

/// <summary>A stored API key (never its secret).</summary>
public sealed record ApiKeyInfo(Guid Id, string KeyId, AccessRole Role, string? ParticipantName, string Label, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A key just created: the plain text is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string PlainText);

/// <summary>Who a presented key belongs to.</summary>
public sealed record ApiKeyPrincipal(string KeyId, AccessRole Role, Guid? ParticipantId, string? ParticipantName);

/// <summary>
/// API key format and hashing. A key reads <c>tcb_&lt;keyId&gt;_&lt;secret&gt;</c>: a 12-character
/// public key id (lookup, shown in lists and logs) and a 256-bit random secret in base64url. Only
/// SHA-256 of the secret is stored: with 256 bits of entropy a slow password hash adds nothing
/// (the same reasoning as GitHub's and Stripe's token designs), and lookup stays one indexed read.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "tcb_";
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const int KeyIdLength = 12;
    private const int SecretBytes = 32;

    public static (string KeyId, string Secret, string PlainText) Generate()
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (keyId, secret, $"{Prefix}{keyId}_{secret}");
    }

    public static bool TryParse(string? presented, out string keyId, out string secret)
    {
        keyId = string.Empty;
        secret = string.Empty;
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length != Prefix.Length + KeyIdLength + 1 + 43)
        {
            return false;
        }

        var id = presented.AsSpan(Prefix.Length, KeyIdLength);
        if (presented[Prefix.Length + KeyIdLength] != '_' || id.ContainsAnyExcept(KeyIdAlphabet))
        {
            return false;
        }

        var s = presented[(Prefix.Length + KeyIdLength + 1)..];
        if (!Base64Url.IsValid(s, out var decodedLength) || decodedLength != SecretBytes)
        {
            return false;
        }

        keyId = id.ToString();
        secret = s;
        return true;
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool SecretMatches(string secret, ReadOnlySpan<byte> storedHash) =>
        CryptographicOperations.FixedTimeEquals(HashSecret(secret), storedHash);
}

/// <summary>The persisted API keys.</summary>
public interface IApiKeyStore
{
    /// <summary>Creates a key; returns null when <paramref name="participantName"/> names no participant.</summary>
    Task<CreatedApiKey?> CreateAsync(AccessRole role, string? participantName, string label, CancellationToken cancellationToken);

    Task<ApiKeyPrincipal?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when there is no such key.</summary>
    Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken);
}
