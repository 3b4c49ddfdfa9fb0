using Bridge.Canonical.Validation;

namespace Bridge.Relay.Registry;

/// <summary>The outcome of a registry change: expected failures are values, not exceptions.</summary>
public abstract record RegistryResult<T>
{
    private RegistryResult()
    {
    }

    public sealed record Ok(T Value) : RegistryResult<T>;

    /// <summary>The input broke a rule; nothing was changed.</summary>
    public sealed record Invalid(ValidationResult Validation) : RegistryResult<T>;

    /// <summary>No such entry; nothing was changed.</summary>
    public sealed record NotFound(string Name) : RegistryResult<T>;

    /// <summary>The change would break a uniqueness or reference rule; nothing was changed.</summary>
    public sealed record Conflict(string Field, string Message) : RegistryResult<T>;
}

/// <summary>One page of a list, ordered by name, with the cursor of the next page when there is one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A page request: at most <see cref="Limit"/> entries after the opaque <see cref="Cursor"/>.</summary>
public sealed record PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
