using System.Text;
using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Store;

namespace Bridge.UnitTests.Simulators.Platform;

[Trait("Category", "Unit")]
public sealed class JournalTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"), "journal.jsonl");

    [Fact]
    public void Open_AfterAppends_ReplaysInOrder()
    {
        using (var journal = Journal.Open(_path, out var empty))
        {
            empty.ShouldBeEmpty();
            journal.Append(new JsonObject { ["n"] = 1 });
            journal.Append(new JsonObject { ["n"] = 2 });
        }

        using var reopened = Journal.Open(_path, out var records);
        records.Select(r => (int)r["n"]!).ShouldBe([1, 2]);
    }

    [Theory]
    [InlineData("{\"n\":3")]       // no newline: the write stopped
    [InlineData("{\"n\":3,\"x\n")] // newline but not JSON
    public void Open_TornLastLine_IgnoredAndCutOff(string torn)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "{\"n\":1}\n{\"n\":2}\n" + torn);
        using (var journal = Journal.Open(_path, out var records))
        {
            records.Select(r => (int)r["n"]!).ShouldBe([1, 2]);
            journal.Append(new JsonObject { ["n"] = 4 });
        }

        File.ReadAllText(_path).ShouldBe("{\"n\":1}\n{\"n\":2}\n{\"n\":4}\n");
    }

    [Fact]
    public void Open_DamagedMiddleLine_Throws()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllBytes(_path, Encoding.UTF8.GetBytes("{\"n\":1}\nnot json\n{\"n\":2}\n"));
        Should.Throw<InvalidDataException>(() => Journal.Open(_path, out _).Dispose());
    }

    [Fact]
    public void Clear_EmptiesTheFile()
    {
        using var journal = Journal.Open(_path, out _);
        journal.Append(new JsonObject { ["n"] = 1 });
        journal.Clear();
        journal.Append(new JsonObject { ["n"] = 2 });
        File.ReadAllText(_path).ShouldBe("{\"n\":2}\n");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
