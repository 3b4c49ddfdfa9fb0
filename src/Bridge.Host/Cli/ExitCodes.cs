namespace Bridge.Host.Cli;

/// <summary>Exit codes of the <c>bridge</c> command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The request was understood but refused: invalid input, not found, conflict, no permission.</summary>
    public const int UserError = 1;

    /// <summary>The command line itself is wrong (unknown verb or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>A service the command needs is unavailable: the host, or the database.</summary>
    public const int Unavailable = 3;
}

/// <summary>A failure the command reports as one line on stderr with an exit code; never a stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.UserError;
}
