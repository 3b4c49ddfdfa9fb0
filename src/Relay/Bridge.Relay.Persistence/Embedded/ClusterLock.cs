namespace Bridge.Relay.Persistence.Embedded;

/// <summary>
/// An exclusive lock on a file, held between processes while a cluster is initialised, started or
/// stopped. .NET takes an advisory flock(2) for <see cref="FileShare.None"/> on Unix; the kernel
/// releases it when the process dies, so a crash never leaves the lock behind.
/// </summary>
internal sealed class ClusterLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private ClusterLock(FileStream stream) => _stream = stream;

    public static async Task<ClusterLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
