namespace Bridge.Benchmarks;

/// <summary>Locates ../shared/conformance from the repository root (the folder holding Bridge.sln).</summary>
internal static class Fixtures
{
    public static byte[] Read(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("run the benchmarks from inside the repository (Bridge.sln not found above " + AppContext.BaseDirectory + ")");
        }

        return File.ReadAllBytes(Path.Combine([directory.FullName, "..", "shared", "conformance", .. parts]));
    }
}
