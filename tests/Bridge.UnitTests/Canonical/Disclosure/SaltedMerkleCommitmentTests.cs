using System.Text.Json;
using Bridge.Canonical.Disclosure;
using FsCheck;
using FsCheck.Fluent;
using DisclosureModel = Bridge.Canonical.Disclosure.SaltedDisclosure;

namespace Bridge.UnitTests.Canonical.Disclosure;

[Trait("Category", "Unit")]
public sealed class SaltedMerkleCommitmentTests
{
    internal static readonly byte[] Secret = Enumerable.Range(1, 32).Select(static i => (byte)i).ToArray();

    internal static readonly byte[] OtherSecret = Enumerable.Range(101, 32).Select(static i => (byte)i).ToArray();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void Commit_SameContentAndSecret_IsDeterministic()
    {
        var content = Parse("""{"b":[1,2,{"c":null}],"a":"x"}""");
        var reordered = Parse("""{"a":"x","b":[1,2,{"c":null}]}""");

        var first = SaltedMerkleCommitment.Commit(content, Secret);

        SaltedMerkleCommitment.Commit(content, Secret).ShouldBe(first);
        SaltedMerkleCommitment.Commit(reordered, Secret).ShouldBe(first); // leaves are sorted, member order is irrelevant
        first.LeafCount.ShouldBe(4);
    }

    [Fact]
    public void Commit_DifferentSecrets_GiveDifferentRoots()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object()), json =>
        {
            var content = GeneratedJson.Parse(json);
            return SaltedMerkleCommitment.Commit(content, Secret).Root != SaltedMerkleCommitment.Commit(content, OtherSecret).Root;
        }));
    }

    [Fact]
    public void Commit_GeneratedDocuments_EqualsReferenceImplementation()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object()), json =>
        {
            var content = GeneratedJson.Parse(json);
            var commitment = SaltedMerkleCommitment.Commit(content, Secret);
            return commitment.Root == ReferenceCommitment.Root(content, Secret)
                && commitment.LeafCount == ReferenceCommitment.Leaves(content).Count;
        }));
    }

    [Theory]
    [InlineData("""{"a":1,"b":{},"c":[],"d":[1,{"e":null}]}""", 5)]
    [InlineData("{}", 1)]
    [InlineData("[]", 1)]
    [InlineData("\"just a string\"", 1)]
    [InlineData("""{"a/b":{"~":true}}""", 1)]
    public void Commit_Leaves_ArePrimitivesAndEmptyContainers(string json, int leaves)
    {
        var content = Parse(json);

        var commitment = SaltedMerkleCommitment.Commit(content, Secret);

        commitment.LeafCount.ShouldBe(leaves);
        commitment.Root.ShouldBe(ReferenceCommitment.Root(content, Secret));
    }

    [Fact]
    public void Commit_SingleLeaf_RootIsTheLeafHash()
    {
        // RFC 6962 §2.1: MTH of one entry is that entry; the leaf is already hashed (with 0x00), so not hashed again.
        var content = Parse("42");

        var root = SaltedMerkleCommitment.Commit(content, Secret).Root;

        root.ShouldBe(Convert.ToHexStringLower(ReferenceCommitment.LeafHash(string.Empty, ReferenceCommitment.Salt(Secret, string.Empty), content)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Commit_SecretNot32Bytes_Throws(int length)
    {
        Should.Throw<ArgumentException>(() => SaltedMerkleCommitment.Commit(Parse("{}"), new byte[length]));
    }

    [Fact]
    public void Commit_DuplicateMember_Throws()
    {
        Should.Throw<ArgumentException>(() => SaltedMerkleCommitment.Commit(Parse("""{"a":1,"a":2}"""), Secret));
    }

    [Fact]
    public void Disclose_HiddenPointer_HidesEveryLeafAtOrUnderIt()
    {
        var content = Parse("""{"a":{"b":1,"c":[2,3]},"ab":4,"d":5}""");

        var disclosure = SaltedMerkleCommitment.Disclose(content, Secret, ["/a", "/d"]).ShouldBeOfType<DisclosureResult<DisclosureModel>.Ok>().Value;

        disclosure.Fields.Keys.ShouldBe(["/ab"]);
        disclosure.Salts.Keys.ShouldBe(["/ab"]);
        disclosure.Hidden.Count.ShouldBe(4);
        disclosure.Hidden.ShouldBe(disclosure.Hidden.Order(StringComparer.Ordinal).ToList());
        disclosure.Root.ShouldBe(SaltedMerkleCommitment.Commit(content, Secret).Root);
        disclosure.Salts["/ab"].ShouldBe(ReferenceCommitment.Salt(Secret, "/ab"));
    }

    [Fact]
    public void Disclose_RootPointer_HidesEverything()
    {
        var disclosure = SaltedMerkleCommitment.Disclose(Parse("""{"a":1,"b":[true]}"""), Secret, [""])
            .ShouldBeOfType<DisclosureResult<DisclosureModel>.Ok>().Value;

        disclosure.Fields.ShouldBeEmpty();
        disclosure.Hidden.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("/zz", CommitmentCodes.UnknownPointer)]
    [InlineData("/a/b/c", CommitmentCodes.UnknownPointer)]
    [InlineData("/list/2", CommitmentCodes.UnknownPointer)]
    [InlineData("/list/01", CommitmentCodes.UnknownPointer)]
    [InlineData("/a~1b", CommitmentCodes.UnknownPointer)]
    [InlineData("a", CommitmentCodes.InvalidPointer)]
    [InlineData("/a~2", CommitmentCodes.InvalidPointer)]
    [InlineData("/a~", CommitmentCodes.InvalidPointer)]
    public void Disclose_BadPointer_Fails(string pointer, string code)
    {
        var result = SaltedMerkleCommitment.Disclose(Parse("""{"a":{"b":1},"list":[1,2]}"""), Secret, [pointer]);

        var failed = result.ShouldBeOfType<DisclosureResult<DisclosureModel>.Failed>();
        failed.Code.ShouldBe(code);
        failed.Pointer.ShouldBe(pointer);
    }

    [Fact]
    public void ProveField_Container_IsNotALeaf()
    {
        var result = SaltedMerkleCommitment.ProveField(Parse("""{"a":{"b":1},"e":{}}"""), Secret, "/a");

        result.ShouldBeOfType<DisclosureResult<FieldProof>.Failed>().Code.ShouldBe(CommitmentCodes.NotALeaf);
        SaltedMerkleCommitment.ProveField(Parse("""{"a":{"b":1},"e":{}}"""), Secret, "/e").ShouldBeOfType<DisclosureResult<FieldProof>.Ok>();
        SaltedMerkleCommitment.ProveField(Parse("""{"a":{"b":1}}"""), Secret, "/x")
            .ShouldBeOfType<DisclosureResult<FieldProof>.Failed>().Code.ShouldBe(CommitmentCodes.UnknownPointer);
    }

    internal static JsonElement Parse(string json) => GeneratedJson.Parse(json);
}
