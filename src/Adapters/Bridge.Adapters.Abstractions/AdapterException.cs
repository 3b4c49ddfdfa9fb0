namespace Bridge.Adapters.Abstractions;

/// <summary>
/// A network fault: the adapter could not complete an operation. Expected outcomes (rejected commands, invalid
/// proofs, not final yet) are values, not this exception. <see cref="IsTransient"/> tells a retry policy
/// whether trying again can help.
/// </summary>
public sealed class AdapterException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="network">The name of the network the adapter talks to.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether the same call may succeed later (timeouts, unavailable peers, rate limits).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public AdapterException(string network, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        Network = network;
        IsTransient = isTransient;
    }

    /// <summary>The name of the network the adapter talks to.</summary>
    public string Network { get; }

    /// <summary>Whether retrying the same call can help.</summary>
    public bool IsTransient { get; }
}
