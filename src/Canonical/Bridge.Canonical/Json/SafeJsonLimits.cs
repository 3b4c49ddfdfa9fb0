namespace Bridge.Canonical.Json;

/// <summary>Bounds that <see cref="SafeJson.Parse"/> enforces before it builds a document.</summary>
public sealed record SafeJsonLimits
{
    /// <summary>The defaults: depth 64, 1 MiB per string, 16 MiB in all.</summary>
    public static SafeJsonLimits Default { get; } = new();

    /// <summary>Deepest nesting of objects and arrays; a bare value is depth 0, <c>[]</c> is 1. Default 64 (System.Text.Json's own default).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest string value or member name, in bytes as written (escapes counted as written). Default 1 MiB.</summary>
    public int MaxStringBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest input, in bytes. Default 16 MiB.</summary>
    public int MaxTotalBytes { get; init; } = 16 * 1024 * 1024;
}
