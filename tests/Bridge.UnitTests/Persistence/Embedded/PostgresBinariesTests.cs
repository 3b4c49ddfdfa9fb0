using Bridge.Relay.Persistence.Embedded;

namespace Bridge.UnitTests.Persistence.Embedded;

/// <summary>
/// Only the configured-folder branch: the search branch asks this machine's pg_config first, so its outcome
/// depends on what is installed.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PostgresBinariesTests
{
    [Fact]
    public void Locate_ConfiguredFolderWithAllPrograms_ReturnsIt()
    {
        using var temp = new TempFolder();
        var bin = temp.Touch("bin/initdb", "bin/pg_ctl", "bin/postgres");

        var binaries = PostgresBinaries.Locate(bin);

        binaries.BinDirectory.ShouldBe(bin);
        binaries.InitDb.ShouldBe(Path.Combine(bin, "initdb"));
        binaries.PgCtl.ShouldBe(Path.Combine(bin, "pg_ctl"));
    }

    [Fact]
    public void Locate_ConfiguredFolderWithTrailingSeparator_IsNormalised()
    {
        using var temp = new TempFolder();
        var bin = temp.Touch("bin/initdb", "bin/pg_ctl", "bin/postgres");

        PostgresBinaries.Locate(bin + Path.DirectorySeparatorChar + "." + Path.DirectorySeparatorChar).BinDirectory
            .TrimEnd(Path.DirectorySeparatorChar).ShouldBe(bin);
    }

    [Fact]
    public void Locate_ConfiguredFolderConfiguredButSearchRootWouldMatch_UsesOnlyTheConfiguredFolder()
    {
        using var temp = new TempFolder();
        temp.Touch("root/16/bin/initdb", "root/16/bin/pg_ctl", "root/16/bin/postgres");
        var empty = Path.Combine(temp.Path, "empty");
        Directory.CreateDirectory(empty);

        Should.Throw<EmbeddedPostgresException>(() => PostgresBinaries.Locate(empty, Path.Combine(temp.Path, "root")));
    }

    [Fact]
    public void Locate_ConfiguredFolderWithoutPrograms_ThrowsNamingTheFolderAndTheDebianPackage()
    {
        using var temp = new TempFolder();

        var ex = Should.Throw<EmbeddedPostgresException>(() => PostgresBinaries.Locate(temp.Path));

        ex.Message.ShouldContain($"Bridge:Database:Embedded:BinDirectory '{temp.Path}' does not contain initdb, pg_ctl and postgres.");
        ex.Message.ShouldContain("Install the Debian package 'postgresql'");
        ex.Message.ShouldContain("apt-get install");
        ex.Message.ShouldContain("ConnectionStrings:Bridge");
    }

    [Theory]
    [InlineData("initdb")]
    [InlineData("pg_ctl")]
    [InlineData("postgres")]
    public void Locate_ConfiguredFolderMissingOneProgram_Throws(string missing)
    {
        using var temp = new TempFolder();
        var present = new[] { "initdb", "pg_ctl", "postgres" }.Where(p => p != missing).ToArray();
        var bin = temp.Touch(present);

        Should.Throw<EmbeddedPostgresException>(() => PostgresBinaries.Locate(bin)).Message.ShouldContain("'postgresql'");
    }

    [Fact]
    public void Locate_ConfiguredFolderDoesNotExist_Throws()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bridge-unit-" + Guid.NewGuid().ToString("N"));

        Should.Throw<EmbeddedPostgresException>(() => PostgresBinaries.Locate(missing)).Message.ShouldContain(missing);
    }

    [Fact]
    public void MissingMessage_TellsHowToInstallOrConfigure()
    {
        PostgresBinaries.MissingMessage.ShouldContain("sudo apt-get install -y postgresql");
        PostgresBinaries.MissingMessage.ShouldContain("Bridge:Database:Embedded:BinDirectory");
    }
}
