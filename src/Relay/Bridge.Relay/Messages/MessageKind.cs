using System.Diagnostics.CodeAnalysis;

namespace Bridge.Relay.Messages;

/// <summary>What a message moves. Written as its wire name (<see cref="MessageKinds"/>) in JSON and in the database.</summary>
public enum MessageKind
{
    /// <summary>A document's hashes anchored on the destination (<c>document-anchor</c>).</summary>
    DocumentAnchor,

    /// <summary>A logistics event replicated onto the destination (<c>event</c>).</summary>
    Event,

    /// <summary>Title to goods moved (lock on the source, mint on the destination) (<c>title</c>).</summary>
    Title,
}

/// <summary>Converts <see cref="MessageKind"/> to and from its stable wire name.</summary>
public static class MessageKinds
{
    /// <summary>The wire name: <c>document-anchor</c>, <c>event</c> or <c>title</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind (a bug in the caller).</exception>
    public static string ToWireName(this MessageKind kind) => kind switch
    {
        MessageKind.DocumentAnchor => "document-anchor",
        MessageKind.Event => "event",
        MessageKind.Title => "title",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined message kind."),
    };

    /// <summary>Parses a wire name (exact, ordinal).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out MessageKind kind)
    {
        foreach (var candidate in Enum.GetValues<MessageKind>())
        {
            if (string.Equals(candidate.ToWireName(), value, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>
    /// Whether a message of this kind holds something on its source that must be given back when it is not
    /// delivered: only title (the source locked it). Anchors and events leave nothing to refund.
    /// </summary>
    public static bool IsRefundable(this MessageKind kind) => kind == MessageKind.Title;
}
