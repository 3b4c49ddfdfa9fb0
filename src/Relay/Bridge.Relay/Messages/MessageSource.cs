using Bridge.Adapters.Abstractions;

namespace Bridge.Relay.Messages;

/// <summary>The source fact a message carries: where it happened and how to find it again.</summary>
/// <param name="Network">The source network's registry name.</param>
/// <param name="Tx">The source transaction (with its block when the network has blocks).</param>
/// <param name="Index">The event's position within <paramref name="Tx"/> (0 for the first); part of the message id.</param>
/// <param name="ProtocolId">The event's sortable protocol id (<see cref="LedgerEvent.ProtocolId"/>), for checkpoints and ordering.</param>
public sealed record MessageSource(string Network, TxRef Tx, ulong Index, string ProtocolId);
