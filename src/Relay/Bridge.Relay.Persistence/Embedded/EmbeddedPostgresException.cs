namespace Bridge.Relay.Persistence.Embedded;

/// <summary>The embedded PostgreSQL cluster could not be located, initialised or started.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmbeddedPostgresException()
    {
    }
}
