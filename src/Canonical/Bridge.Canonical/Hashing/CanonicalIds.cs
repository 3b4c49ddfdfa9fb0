namespace Bridge.Canonical.Hashing;

/// <summary>
/// The bridge's deterministic ids: <c>UUIDv5(Namespace, sourceSystem + ":" + naturalKey)</c>
/// (../shared/design/trade-standards.md §A "Deterministic ids"), so ingesting the same source record twice
/// gives the same id.
/// </summary>
public static class CanonicalIds
{
    /// <summary>
    /// The bridge's UUID namespace. A random (version 4) UUID generated once for this project; it must never
    /// change, or every stored id changes with it.
    /// </summary>
    public static readonly Guid Namespace = new("be59b260-8f26-47c6-945d-2d7e45662183");

    /// <summary>The id of the record <paramref name="naturalKey"/> from <paramref name="sourceSystem"/> (for example "DCSA_TNT").</summary>
    /// <exception cref="ArgumentException">
    /// Either part is empty, or <paramref name="sourceSystem"/> contains ':' (which would make ("A:B", "C") and
    /// ("A", "B:C") the same id).
    /// </exception>
    public static Guid ForNaturalKey(string sourceSystem, string naturalKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceSystem);
        ArgumentException.ThrowIfNullOrEmpty(naturalKey);
        if (sourceSystem.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A source system name cannot contain ':'.", nameof(sourceSystem));
        }

        return UuidV5.Create(Namespace, sourceSystem + ":" + naturalKey);
    }
}
