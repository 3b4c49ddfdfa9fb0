using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Canonical.Hashing;

[Trait("Category", "Unit")]
public sealed class CanonicalIdsTests
{
    [Fact]
    public void Namespace_IsRandomVersion4Uuid()
    {
        CanonicalIds.Namespace.Version.ShouldBe(4);
        (CanonicalIds.Namespace.Variant & 0b1100).ShouldBe(0b1000);
    }

    // Expected ids computed with Python 3's uuid.uuid5(UUID("be59b260-8f26-47c6-945d-2d7e45662183"), source + ":" + key).
    [Theory]
    [InlineData("DCSA_TNT", "e7a8b9c0-eventid", "d659fa73-9a41-5418-9bd3-42d1ff6b8c49")]
    [InlineData("TRADELENS", "e7a8b9c0-eventid", "06612804-c302-5dc6-9677-9090f2450914")]
    public void ForNaturalKey_Key_MatchesIndependentUuid5(string sourceSystem, string naturalKey, string expected)
    {
        CanonicalIds.ForNaturalKey(sourceSystem, naturalKey).ShouldBe(Guid.Parse(expected));
    }

    [Fact]
    public void ForNaturalKey_SameInput_SameId()
    {
        CanonicalIds.ForNaturalKey("EPCIS", new string('k', 1000))
            .ShouldBe(Guid.Parse("f941f478-b6a4-5bae-b252-dfa5bc308fd0"));
        CanonicalIds.ForNaturalKey("EPCIS", "urn:epc:id:sscc:0614141.1234567890")
            .ShouldBe(CanonicalIds.ForNaturalKey("EPCIS", "urn:epc:id:sscc:0614141.1234567890"));
    }

    [Fact]
    public void ForNaturalKey_DifferentSourceSystems_DifferentIds()
    {
        string[] systems = ["FABRIC", "ETHEREUM", "TRADELENS", "DCSA_TNT", "DCSA_EBL", "DCSA_PINT", "EPCIS", "OPENATTESTATION"];

        systems.Select(static s => CanonicalIds.ForNaturalKey(s, "KEY-1")).Distinct().Count().ShouldBe(systems.Length);
    }

    [Theory]
    [InlineData("", "key")]
    [InlineData("DCSA_TNT", "")]
    [InlineData("DCSA:TNT", "key")]
    public void ForNaturalKey_BadPart_Throws(string sourceSystem, string naturalKey)
    {
        Should.Throw<ArgumentException>(() => CanonicalIds.ForNaturalKey(sourceSystem, naturalKey));
    }
}
