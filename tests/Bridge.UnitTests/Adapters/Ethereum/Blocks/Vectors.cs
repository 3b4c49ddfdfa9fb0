using System.Text.Json;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Blocks;

/// <summary>The published JSON-RPC results kept next to these tests (see Vectors/SOURCES.md).</summary>
internal static class Vectors
{
    /// <summary>The JSON of a vector file: the "result" of a JSON-RPC response, or the whole file when it is a bare result.</summary>
    public static JsonElement Result(string file)
    {
        var path = Conformance.RepositoryPath("tests", "Bridge.UnitTests", "Adapters", "Ethereum", "Blocks", "Vectors", file);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return (root.TryGetProperty("result", out var result) ? result : root).Clone();
    }

    /// <summary>The bytes of a "0x" hex string.</summary>
    public static byte[] Hex(string text) => Convert.FromHexString(text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text);

    /// <summary>The bytes of the "0x" hex string property <paramref name="name"/>.</summary>
    public static byte[] Hex(JsonElement element, string name) => Hex(element.GetProperty(name).GetString()!);
}
