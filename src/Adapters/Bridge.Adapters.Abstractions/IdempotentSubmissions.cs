using System.Collections.Concurrent;

namespace Bridge.Adapters.Abstractions;

/// <summary>
/// An adapter's in-process guard for idempotency keys: concurrent submissions with one key run once (the others wait and
/// get the same result), a key reused for a different command is refused, and the last <c>remember</c> completed keys are
/// kept (older ones are forgotten; the ledger stays the record across restarts, which each adapter handles itself).
/// </summary>
public sealed class IdempotentSubmissions
{
    private readonly int _remember;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _completed = new();

    /// <summary>Creates the guard, remembering the last <paramref name="remember"/> completed keys.</summary>
    public IdempotentSubmissions(int remember)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(remember, 1);
        _remember = remember;
    }

    /// <summary>
    /// Runs <paramref name="submit"/> for <paramref name="key"/> once; <paramref name="fingerprint"/> identifies the command
    /// (the same key with another fingerprint is <c>idempotency-key-reused</c>).
    /// </summary>
    public async Task<SubmitResult> RunAsync(string key, string fingerprint, Func<Task<SubmitResult>> submit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submit);
        var slot = _slots.GetOrAdd(key, _ => new Slot(fingerprint));
        if (!string.Equals(slot.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            return new SubmitResult.Rejected("idempotency-key-reused", $"the idempotency key '{key}' was used for a different command");
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Result is { } done)
            {
                return done;
            }

            var result = await submit();
            slot.Result = result;
            _completed.Enqueue(key);
            while (_completed.Count > _remember && _completed.TryDequeue(out var oldest))
            {
                _slots.TryRemove(oldest, out _);
            }

            return result;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private sealed class Slot(string fingerprint)
    {
        public string Fingerprint { get; } = fingerprint;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SubmitResult? Result { get; set; }
    }
}
