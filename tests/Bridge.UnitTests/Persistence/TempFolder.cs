namespace Bridge.UnitTests.Persistence;

/// <summary>A private folder under the system temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bridge-unit-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates empty files (and their folders) at the given paths relative to this folder; returns the folder of the first.</summary>
    public string Touch(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, []);
        }

        return System.IO.Path.GetDirectoryName(System.IO.Path.Combine(Path, relativePaths[0]))!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
