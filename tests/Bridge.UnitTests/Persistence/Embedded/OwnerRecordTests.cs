using Bridge.Relay.Persistence.Embedded;

namespace Bridge.UnitTests.Persistence.Embedded;

[Trait("Category", "Unit")]
public sealed class OwnerRecordTests
{
    [Fact]
    public void StartTicksOf_ThisProcess_IsPositiveAndStable()
    {
        var ticks = OwnerRecord.StartTicksOf(Environment.ProcessId);

        ticks.ShouldNotBeNull();
        ticks.Value.ShouldBeGreaterThan(0);
        OwnerRecord.StartTicksOf(Environment.ProcessId).ShouldBe(ticks);
    }

    [Fact]
    public void StartTicksOf_NoSuchProcess_IsNull()
    {
        OwnerRecord.StartTicksOf(int.MaxValue).ShouldBeNull();
    }

    [Fact]
    public void StartTicksOf_ParentProcess_StartedNoLaterThanThisOne()
    {
        // Field 22 of /proc/<pid>/stat, not a neighbouring field: the parent started first.
        var parentPid = int.Parse(File.ReadAllText($"/proc/{Environment.ProcessId}/stat").Split(") ")[1].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

        OwnerRecord.StartTicksOf(parentPid).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(OwnerRecord.StartTicksOf(Environment.ProcessId)!.Value);
    }

    [Fact]
    public void WriteCurrent_ThenTryRead_IsThisProcessAndAlive()
    {
        using var temp = new TempFolder();

        OwnerRecord.WriteCurrent(temp.Path);
        var record = OwnerRecord.TryRead(temp.Path);

        record.ShouldBe(new OwnerRecord(Environment.ProcessId, OwnerRecord.StartTicksOf(Environment.ProcessId)!.Value));
        record!.IsAlive().ShouldBeTrue();
    }

    [Fact]
    public void IsAlive_SamePidWithOtherStartTime_IsFalse()
    {
        // A PID reused by another program has another start time.
        var ticks = OwnerRecord.StartTicksOf(Environment.ProcessId)!.Value;

        new OwnerRecord(Environment.ProcessId, ticks + 1).IsAlive().ShouldBeFalse();
    }

    [Fact]
    public void IsAlive_NoSuchProcess_IsFalse()
    {
        new OwnerRecord(int.MaxValue, 1).IsAlive().ShouldBeFalse();
    }

    [Fact]
    public void TryRead_NoFileOrNoFolder_ReturnsNull()
    {
        using var temp = new TempFolder();

        OwnerRecord.TryRead(temp.Path).ShouldBeNull();
        OwnerRecord.TryRead(Path.Combine(temp.Path, "missing")).ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("1234 5678 9")]
    [InlineData("abc 5678")]
    [InlineData("1234 -5")]
    public void TryRead_CorruptFile_ReturnsNull(string content)
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "owner"), content);

        OwnerRecord.TryRead(temp.Path).ShouldBeNull();
    }
}
