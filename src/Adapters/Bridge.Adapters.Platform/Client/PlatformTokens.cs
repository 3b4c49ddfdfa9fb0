namespace Bridge.Adapters.Platform.Client;

/// <summary>A solution token and what the client read from it.</summary>
/// <param name="Value">The bearer token. A secret: never logged.</param>
/// <param name="ExpiresAt">When the platform stops accepting it.</param>
/// <param name="Identity">Who it stands for.</param>
internal sealed record PlatformToken(string Value, DateTimeOffset ExpiresAt, PlatformIdentity Identity)
{
    public override string ToString() => $"PlatformToken {{ ExpiresAt = {ExpiresAt:O}, Identity = {Identity} }}";
}

/// <summary>
/// Holds the current solution token and renews it: before it expires (less a margin), and when the platform refused it
/// (a 401). Concurrent callers share one renewal: they wait on one gate and take the token the first one fetched.
/// </summary>
internal sealed class PlatformTokenCache(Func<CancellationToken, Task<PlatformToken>> fetch, TimeProvider time, TimeSpan margin) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile PlatformToken? _current;

    /// <summary>
    /// A usable token. <paramref name="rejected"/> is a token the platform just refused: it is not handed out again
    /// (unless another caller already replaced it, in which case that replacement is returned without a new fetch).
    /// </summary>
    public async Task<PlatformToken> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_current, rejected) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_current, rejected) is { } renewed)
            {
                return renewed;
            }

            var fresh = await fetch(cancellationToken);
            _current = fresh;
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private PlatformToken? Usable(PlatformToken? token, string? rejected) =>
        token is not null && token.Value != rejected && time.GetUtcNow() < token.ExpiresAt - margin ? token : null;
}
