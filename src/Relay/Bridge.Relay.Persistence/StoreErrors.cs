using Bridge.Relay.Registry;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bridge.Relay.Persistence;

/// <summary>Maps PostgreSQL constraint violations to the field a client got wrong. Provider-specific SQL states live here only.</summary>
internal static class StoreErrors
{
    public static (string Field, string Message)? AsConflict(DbUpdateException ex)
    {
        if (ex.InnerException is not PostgresException pg)
        {
            return null;
        }

        return (pg.SqlState, pg.ConstraintName) switch
        {
            (PostgresErrorCodes.UniqueViolation, "ux_networks_name") => ("/name", "a network with this name already exists"),
            (PostgresErrorCodes.UniqueViolation, "ux_participants_name") => ("/name", "a participant with this name already exists"),
            (PostgresErrorCodes.UniqueViolation, "pk_participant_identifiers") => ("/identifiers", "one of these identifiers already belongs to another participant"),
            (PostgresErrorCodes.UniqueViolation, "ux_api_keys_key_id") => ("/keyId", "key id collision; try again"),
            (PostgresErrorCodes.ForeignKeyViolation, "fk_api_keys_participants_participant_id") => ("/name", "the participant still has API keys; revoke them first"),
            (PostgresErrorCodes.UniqueViolation, "ux_lanes_name") => ("/name", "a lane with this name already exists"),
            (PostgresErrorCodes.ForeignKeyViolation, "fk_relay_messages_lanes_lane_id") => ("/name", "the lane has messages; pause it instead"),
            (PostgresErrorCodes.ForeignKeyViolation, "fk_lanes_networks_source_network_id" or "fk_lanes_networks_destination_network_id") =>
                ("/name", "lanes use this network (or it was removed meanwhile); delete or change those lanes first"),
            _ => null,
        };
    }

    /// <summary>
    /// Saves all pending changes in one transaction; a constraint violation becomes a
    /// <see cref="RegistryResult{T}.Conflict"/> and the tracked changes are discarded, so nothing is half-written.
    /// </summary>
    public static async Task<RegistryResult<T>> SaveAsync<T>(BridgeDbContext db, Func<T> result, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RegistryResult<T>.Ok(result());
        }
        catch (DbUpdateException ex) when (AsConflict(ex) is { } conflict)
        {
            db.ChangeTracker.Clear();
            return new RegistryResult<T>.Conflict(conflict.Field, conflict.Message);
        }
    }
}
