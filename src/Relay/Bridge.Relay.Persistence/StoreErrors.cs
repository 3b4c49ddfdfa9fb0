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
            _ => null,
        };
    }
}
