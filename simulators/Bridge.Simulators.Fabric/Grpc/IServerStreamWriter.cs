namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>Writes the response messages of a server-streaming call. Writes must not overlap.</summary>
public interface IServerStreamWriter
{
    /// <summary>Sends one message (framed as a Length-Prefixed-Message) and flushes it to the client.</summary>
    /// <param name="message">The serialized message.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the message was handed to the transport.</returns>
    Task WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
