using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Canonical.Hashing;

[Trait("Category", "Unit")]
public sealed class UuidV5Tests
{
    [Theory]
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2")] // RFC 9562 Appendix A.4
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")] // Python uuid docs example
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://example.com/é/\U0001F600", "21c89c56-8a46-5ecd-98a5-0954baf7025c")] // cross-checked with Python 3 uuid.uuid5
    public void Create_PublishedVector_Matches(string namespaceId, string name, string expected)
    {
        UuidV5.Create(Guid.Parse(namespaceId), name).ShouldBe(Guid.Parse(expected));
    }

    [Fact]
    public void Create_Namespaces_AreRfc9562Values()
    {
        UuidV5.DnsNamespace.ToString().ShouldBe("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        UuidV5.UrlNamespace.ToString().ShouldBe("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    }

    [Fact]
    public void Create_AnyName_HasVersion5AndVariant10()
    {
        for (int i = 0; i < 200; i++)
        {
            Guid id = UuidV5.Create(UuidV5.DnsNamespace, "name-" + i);

            id.Version.ShouldBe(5);
            (id.Variant & 0b1100).ShouldBe(0b1000);
        }
    }

    [Fact]
    public void Create_LongName_UsesWholeName()
    {
        string a = new('k', 5000);
        string b = a[..^1] + "j";

        UuidV5.Create(UuidV5.DnsNamespace, a).ShouldNotBe(UuidV5.Create(UuidV5.DnsNamespace, b));
    }

    [Fact]
    public void Create_LoneSurrogate_Throws()
    {
        string name = new(['a', '\ud800']);

        Should.Throw<ArgumentException>(() => UuidV5.Create(UuidV5.DnsNamespace, name));
    }
}
