namespace Bridge.Relay.Access;

/// <summary>
/// The signed write requests the bridge has accepted and whose validity window is still open, so that a captured request
/// cannot be sent again (replay). Shared by every host on the database.
/// </summary>
public interface ISignedRequestUses
{
    /// <summary>
    /// Records <paramref name="digest"/> (of the request's identity and signing input) as used until
    /// <paramref name="expiresAt"/>; false when it was already used and is still recorded (a replay), nothing written.
    /// </summary>
    Task<bool> TryUseAsync(string digest, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
