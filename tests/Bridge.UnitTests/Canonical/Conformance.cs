namespace Bridge.UnitTests.Canonical;

/// <summary>
/// Finds the shared conformance fixtures (../shared/conformance, read-only) and the repository's own test files
/// from the repository root: the first folder above <see cref="AppContext.BaseDirectory"/> that holds Bridge.sln.
/// </summary>
internal static class Conformance
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>A path under ../shared/conformance.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root.Value, "..", "shared", "conformance", .. parts]);

    /// <summary>The bytes of a file under ../shared/conformance.</summary>
    public static byte[] Read(params string[] parts) => File.ReadAllBytes(Path(parts));

    /// <summary>A path inside the repository (e.g. a fixture kept next to its tests).</summary>
    public static string RepositoryPath(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Bridge.sln.");
    }
}
