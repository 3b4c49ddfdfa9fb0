namespace Bridge.Relay.Messages;

/// <summary>
/// A time-bounded claim on a unit of work (an outbox row): who holds it, until when, and a fencing token that grows
/// with every new holder. Row locks (<c>FOR UPDATE SKIP LOCKED</c>) only last one transaction; the lease lasts
/// across transactions, so work held by a host that died becomes takeable when its lease expires, and the token lets
/// the store reject writes from a holder that lost the lease (<c>... WHERE lease_token = @token</c>).
/// Times should come from one clock shared by all hosts (the database's), not each host's own.
/// </summary>
/// <param name="Owner">The holder: a worker id unique per process (e.g. host name + process start id).</param>
/// <param name="ExpiresAt">The first instant at which the lease no longer holds.</param>
/// <param name="Token">The fencing token: 1 for the first holder, one more for every new holder.</param>
public sealed record Lease(string Owner, DateTimeOffset ExpiresAt, long Token)
{
    /// <summary>Whether the lease has lapsed at <paramref name="now"/> (expiry is inclusive: at <see cref="ExpiresAt"/> it is over).</summary>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Whether <paramref name="owner"/> with <paramref name="token"/> still holds the lease at <paramref name="now"/>.</summary>
    public bool IsHeldBy(string owner, long token, DateTimeOffset now) =>
        string.Equals(Owner, owner, StringComparison.Ordinal) && Token == token && !IsExpired(now);
}

/// <summary>The outcome of <see cref="LeaseRules.Acquire"/> or <see cref="LeaseRules.Renew"/>.</summary>
public abstract record LeaseResult
{
    private LeaseResult()
    {
    }

    /// <summary>The caller holds <paramref name="Lease"/>; store it (and use its token in every write).</summary>
    /// <param name="Lease">The lease now held.</param>
    public sealed record Granted(Lease Lease) : LeaseResult;

    /// <summary>Someone else holds the work, or the caller's lease lapsed; leave the work alone.</summary>
    /// <param name="Current">The lease that stands (null when the work is not leased at all).</param>
    public sealed record Denied(Lease? Current) : LeaseResult;
}

/// <summary>The pure rules of work leasing; the outbox store applies them inside its transaction.</summary>
public static class LeaseRules
{
    /// <summary>The shortest lease granted.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(1);

    /// <summary>The longest lease granted.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>The longest owner id.</summary>
    public const int MaxOwnerLength = 200;

    /// <summary>Whether the work can be taken at <paramref name="now"/>: it is not leased, or its lease has expired.</summary>
    public static bool IsTakeable(Lease? current, DateTimeOffset now) => current is null || current.IsExpired(now);

    /// <summary>
    /// Takes the work for <paramref name="owner"/> until <paramref name="now"/> + <paramref name="duration"/> when it is
    /// takeable, with the next fencing token; otherwise <see cref="LeaseResult.Denied"/> (also when the caller itself
    /// holds it: a holder renews, it does not take again).
    /// </summary>
    /// <exception cref="ArgumentException">The owner id or the duration breaks the rules above (a bug in the caller).</exception>
    public static LeaseResult Acquire(Lease? current, string owner, DateTimeOffset now, TimeSpan duration)
    {
        Validate(owner, duration);
        return IsTakeable(current, now)
            ? new LeaseResult.Granted(new Lease(owner, now + duration, checked((current?.Token ?? 0) + 1)))
            : new LeaseResult.Denied(current);
    }

    /// <summary>
    /// Extends a lease its holder still holds (same owner, same token, not expired) to <paramref name="now"/> +
    /// <paramref name="duration"/>, keeping the token. A lapsed lease is lost even when nobody took it yet: take it
    /// again with <see cref="Acquire"/>, which gives a new token.
    /// </summary>
    /// <exception cref="ArgumentException">The owner id or the duration breaks the rules (a bug in the caller).</exception>
    public static LeaseResult Renew(Lease? current, string owner, long token, DateTimeOffset now, TimeSpan duration)
    {
        Validate(owner, duration);
        return current is not null && current.IsHeldBy(owner, token, now)
            ? new LeaseResult.Granted(current with { ExpiresAt = now + duration })
            : new LeaseResult.Denied(current);
    }

    /// <summary>
    /// Gives the work back: when <paramref name="owner"/> holds it with <paramref name="token"/>, the lease expires at
    /// <paramref name="now"/> (takeable at once; the token is kept so the next holder's is higher). Otherwise the
    /// lease is returned unchanged: releasing what one does not hold changes nothing.
    /// </summary>
    public static Lease? Release(Lease? current, string owner, long token, DateTimeOffset now) =>
        current is not null && current.IsHeldBy(owner, token, now) ? current with { ExpiresAt = now } : current;

    /// <summary>
    /// Whether a write by <paramref name="owner"/> with <paramref name="token"/> may be committed at
    /// <paramref name="now"/>: the fencing check to make inside the transaction that records the work's result.
    /// </summary>
    public static bool MayCommit(Lease? current, string owner, long token, DateTimeOffset now) =>
        current is not null && current.IsHeldBy(owner, token, now);

    private static void Validate(string owner, TimeSpan duration)
    {
        if (string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength || owner.Any(char.IsControl))
        {
            throw new ArgumentException($"An owner id is 1-{MaxOwnerLength} characters without control characters.", nameof(owner));
        }

        if (duration < MinDuration || duration > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A lease lasts {MinDuration} to {MaxDuration}.");
        }
    }
}
