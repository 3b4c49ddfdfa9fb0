using System.Diagnostics.CodeAnalysis;

namespace Bridge.Adapters.Fabric.Identity;

/// <summary>Why serialized identity bytes could not be turned into a <see cref="FabricIdentity"/>.</summary>
public enum IdentityParseError
{
    /// <summary>Parsed.</summary>
    None = 0,

    /// <summary>The bytes are not a protobuf <c>msp.SerializedIdentity</c>.</summary>
    NotSerializedIdentity = 1,

    /// <summary>Field 1 (<c>mspid</c>) is empty.</summary>
    MissingMspId = 2,

    /// <summary>Field 2 (<c>id_bytes</c>) is empty.</summary>
    MissingCertificate = 3,

    /// <summary><c>id_bytes</c> is not a PEM X.509 certificate.</summary>
    InvalidCertificate = 4,

    /// <summary>The certificate's key is not ECDSA on P-256 or P-384.</summary>
    UnsupportedKey = 5,
}

/// <summary>The result of <see cref="FabricIdentity.Deserialize"/>: an identity, or the reason there is none.</summary>
public sealed class IdentityParseResult
{
    private IdentityParseResult(FabricIdentity? identity, IdentityParseError error, string message)
    {
        Identity = identity;
        Error = error;
        Message = message;
    }

    /// <summary>The identity when parsing succeeded.</summary>
    public FabricIdentity? Identity { get; }

    /// <summary>The reason for failure, or <see cref="IdentityParseError.None"/>.</summary>
    public IdentityParseError Error { get; }

    /// <summary>A human-readable explanation (empty on success).</summary>
    public string Message { get; }

    /// <summary>True when <see cref="Identity"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Identity))]
    public bool IsSuccess => Identity is not null;

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Identity {Identity}" : $"{Error}: {Message}";

    internal static IdentityParseResult Ok(FabricIdentity identity) => new(identity, IdentityParseError.None, string.Empty);

    internal static IdentityParseResult Fail(IdentityParseError error, string message) => new(null, error, message);
}
