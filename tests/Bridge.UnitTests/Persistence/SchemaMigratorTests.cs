using System.Security.Cryptography;
using System.Text;
using Bridge.Relay.Persistence;

namespace Bridge.UnitTests.Persistence;

[Trait("Category", "Unit")]
public sealed class SchemaMigratorTests
{
    [Fact]
    public void Scripts_AreNumberedOneToN()
    {
        var scripts = SchemaMigrator.Scripts;

        scripts.ShouldNotBeEmpty();
        scripts.Select(s => s.Version.Version).ShouldBe(Enumerable.Range(1, scripts.Count));
        scripts[0].Version.Name.ShouldBe("registry");
    }

    [Fact]
    public void LatestVersion_IsTheScriptCount()
    {
        SchemaMigrator.LatestVersion.ShouldBe(SchemaMigrator.Scripts.Count);
    }

    [Fact]
    public void Scripts_ChecksumIsLowercaseSha256OfTheLfNormalisedSql()
    {
        foreach (var (version, sql, checksum) in SchemaMigrator.Scripts)
        {
            checksum.Length.ShouldBe(64, version.Name);
            checksum.ShouldAllBe(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
            checksum.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            sql.ShouldNotContain("\r");
            sql.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Scripts_NamesAndChecksumsAreUnique()
    {
        SchemaMigrator.Scripts.Select(s => s.Version.Name).ShouldBeUnique();
        SchemaMigrator.Scripts.Select(s => s.Checksum).ShouldBeUnique();
    }
}
