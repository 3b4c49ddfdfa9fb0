using Bridge.Relay.Persistence.Embedded;

namespace Bridge.UnitTests.Persistence.Embedded;

[Trait("Category", "Unit")]
public sealed class PostmasterPidFileTests
{
    // As PostgreSQL 15 writes it (src/include/utils/pidfile.h): pid, data dir, start time, port,
    // socket dir, listen address, shared memory key, status (padded with spaces).
    private const string Realistic =
        "48213\n/tmp/bridge-data/pg\n1718031234\n54329\n/tmp/bridge-data/sock\n127.0.0.1\n  5432901    163844\nready   \n";

    private static PostmasterPidFile? Read(string content)
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, PostmasterPidFile.FileName), content);
        return PostmasterPidFile.TryRead(temp.Path);
    }

    [Fact]
    public void TryRead_RealisticFile_ReadsPidPortAndStatus()
    {
        Read(Realistic).ShouldBe(new PostmasterPidFile(48213, 54329, "ready"));
    }

    [Fact]
    public void TryRead_StartingServer_ReportsStartingStatus()
    {
        Read(Realistic.Replace("ready   ", "starting", StringComparison.Ordinal)).ShouldNotBeNull().Status.ShouldBe("starting");
    }

    [Fact]
    public void TryRead_CrLfLineEndings_AreAccepted()
    {
        Read(Realistic.Replace("\n", "\r\n", StringComparison.Ordinal)).ShouldBe(new PostmasterPidFile(48213, 54329, "ready"));
    }

    [Fact]
    public void TryRead_NoStatusLineYet_HasEmptyStatus()
    {
        Read("48213\n/tmp/bridge-data/pg\n1718031234\n54329\n/tmp/sock\n").ShouldBe(new PostmasterPidFile(48213, 54329, string.Empty));
    }

    [Theory]
    [InlineData("")]
    [InlineData("48213\n")]
    [InlineData("48213\n/data\n1718031234\n")]           // fewer than 4 lines
    [InlineData("abc\n/data\n1718031234\n54329\n")]       // pid not a number
    [InlineData("-48213\n/data\n1718031234\n54329\n")]    // no sign allowed
    [InlineData("48213\n/data\n1718031234\nport\n")]      // port not a number
    [InlineData("\0\0\0\0\0\0\0\0")]                      // half-written
    public void TryRead_CorruptFile_IsStaleWithPidZero(string content)
    {
        var file = Read(content).ShouldNotBeNull();

        file.ShouldBe(new PostmasterPidFile(0, 0, "corrupt"));
        file.IsLivePostgres().ShouldBeFalse();
    }

    [Fact]
    public void TryRead_NoFile_ReturnsNull()
    {
        using var temp = new TempFolder();

        PostmasterPidFile.TryRead(temp.Path).ShouldBeNull();
    }

    [Fact]
    public void TryRead_NoDirectory_ReturnsNull()
    {
        PostmasterPidFile.TryRead(Path.Combine(Path.GetTempPath(), "bridge-unit-" + Guid.NewGuid().ToString("N"))).ShouldBeNull();
    }

    [Fact]
    public void IsLivePostgres_PidOfThisTestProcess_IsFalse()
    {
        // The PID is alive, but it is not a postgres process (a reused PID must not count).
        new PostmasterPidFile(Environment.ProcessId, 5432, "ready").IsLivePostgres().ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)] // above any pid_max: no such process
    public void IsLivePostgres_NoSuchProcess_IsFalse(int pid)
    {
        new PostmasterPidFile(pid, 5432, "ready").IsLivePostgres().ShouldBeFalse();
    }
}
