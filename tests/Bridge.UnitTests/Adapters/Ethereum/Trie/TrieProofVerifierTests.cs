using Bridge.Adapters.Ethereum.Rlp;
using Bridge.Adapters.Ethereum.Trie;
using Bridge.Canonical.Hashing;

namespace Bridge.UnitTests.Adapters.Ethereum.Trie;

/// <summary>
/// Each way a proof can be wrong, on hand-built nodes (Yellow Paper Appendix C/D), with the error and node index the
/// verifier must report; and the accepted edge cases (empty trie, a short root, embedded nodes listed as copies).
/// </summary>
[Trait("Category", "Unit")]
public sealed class TrieProofVerifierTests
{
    private const string EmptyRoot = "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

    private static readonly byte[] LongValue = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();

    [Fact]
    public void EmptyRootHash_IsKeccakOfTheEmptyString_AsPublished()
    {
        Convert.ToHexStringLower(MerklePatriciaTrie.EmptyRootHash).ShouldBe(EmptyRoot);
        Convert.ToHexStringLower(MerklePatriciaTrie.Create().RootHash()).ShouldBe(EmptyRoot);
        Convert.ToHexStringLower(Keccak256.Hash([0x80])).ShouldBe(EmptyRoot);
    }

    [Fact]
    public void Verify_EmptyTrie_ProvesEveryKeyAbsent()
    {
        var root = Convert.FromHexString(EmptyRoot);
        var trie = MerklePatriciaTrie.CreateSecure();

        trie.GetProof([1, 2, 3]).ShouldBeEmpty();
        TrieProofVerifier.Verify(root, [1, 2, 3], []).IsAbsent.ShouldBeTrue();
        TrieProofVerifier.Verify(root, [1, 2, 3], [[0x80]]).IsAbsent.ShouldBeTrue();
        TrieProofVerifier.Verify(root, [1, 2, 3], [[0x80], [0x80]]).Error.ShouldBe(TrieProofError.ExtraNodes);
        TrieProofVerifier.Verify(new byte[32], [1], []).ShouldBe(TrieProofResult.Invalid(TrieProofError.MissingNode, 0));
    }

    [Fact]
    public void Verify_RootShorterThan32Bytes_IsStillReferencedByItsHash()
    {
        var trie = MerklePatriciaTrie.Create();
        trie.Put([0xab], [0x01]);
        var proof = trie.GetProof([0xab]);

        proof.Count.ShouldBe(1);
        proof[0].Length.ShouldBeLessThan(32);
        TrieProofVerifier.Verify(trie.RootHash(), [0xab], proof).ShouldBe(TrieProofResult.Found(new byte[] { 0x01 }));
        TrieProofVerifier.Verify(trie.RootHash(), [0xac], proof).IsAbsent.ShouldBeTrue();
    }

    [Fact]
    public void Verify_EmbeddedNodesListedAsExactCopies_AreAccepted()
    {
        // Two one-byte keys under a shared nibble: an extension at the root embeds a branch that embeds two leaves.
        var trie = MerklePatriciaTrie.Create();
        trie.Put([0x01], [0x61]);
        trie.Put([0x02], [0x62]);
        var root = trie.RootHash();
        var proof = trie.GetProof([0x01]);
        proof.Count.ShouldBe(1);
        var extension = RlpDecoder.Decode(proof[0]).Value;
        var branch = RlpEncoder.Encode(extension.Items[1]);
        var leaf = RlpEncoder.Encode(extension.Items[1].Items[1]);

        TrieProofVerifier.Verify(root, [0x01], [proof[0], branch, leaf]).ShouldBe(TrieProofResult.Found(new byte[] { 0x61 }));
        TrieProofVerifier.Verify(root, [0x01], [proof[0], branch]).IsFound.ShouldBeTrue();
        TrieProofVerifier.Verify(root, [0x01], [proof[0], leaf]).IsFound.ShouldBeTrue();
        TrieProofVerifier.Verify(root, [0x01], [proof[0], leaf, branch]).ShouldBe(TrieProofResult.Invalid(TrieProofError.ExtraNodes, 2));
        var altered = (byte[])branch.Clone();
        altered[^1] ^= 1;
        TrieProofVerifier.Verify(root, [0x01], [proof[0], altered]).Error.ShouldBe(TrieProofError.ExtraNodes);
    }

    [Fact]
    public void Verify_ProofOfASiblingBranch_IsPathMismatch()
    {
        var trie = MerklePatriciaTrie.Create();
        trie.Put([0x01], LongValue);
        trie.Put([0x11], LongValue.Reverse().ToArray());
        var root = trie.RootHash();
        var sibling = trie.GetProof([0x11]);

        TrieProofVerifier.Verify(root, [0x01], sibling).ShouldBe(TrieProofResult.Invalid(TrieProofError.PathMismatch, 1));
        TrieProofVerifier.Verify(root, [0x01], [sibling[0]]).ShouldBe(TrieProofResult.Invalid(TrieProofError.MissingNode, 1));
        var other = (byte[])sibling[1].Clone();
        other[^1] ^= 1;
        TrieProofVerifier.Verify(root, [0x11], [sibling[0], other]).ShouldBe(TrieProofResult.Invalid(TrieProofError.WrongNodeHash, 1));
        TrieProofVerifier.Verify(new byte[32], [0x11], sibling).ShouldBe(TrieProofResult.Invalid(TrieProofError.WrongNodeHash, 0));
    }

    public static TheoryData<string, string, TrieProofError> MalformedRoots => new()
    {
        // Non-canonical RLP: the long form for a two-byte list.
        { "long form for a short list", "f8028080", TrieProofError.BadRlp },
        { "trailing byte after the node", "c2208001", TrieProofError.BadRlp },
        { "a byte string other than the empty one", "8180", TrieProofError.BadNodeShape },
        { "a single byte written with a prefix", "8161", TrieProofError.BadRlp },
        { "three items", "c3808080", TrieProofError.BadNodeShape },
        { "hex-prefix flag 4", "c24076", TrieProofError.BadHexPrefix },
        { "even path with a non-zero padding nibble", "c22176", TrieProofError.BadHexPrefix },
        { "path as a list", "c3c12076", TrieProofError.BadHexPrefix },
        { "leaf with an empty value", "c22080", TrieProofError.EmptyLeafValue },
        { "leaf with a list value", "c320c176", TrieProofError.BadNodeShape },
        { "extension with an empty path", "e200a0" + EmptyRoot, TrieProofError.BadExtension },
        { "extension to an empty reference", "c21080", TrieProofError.BadReference },
        { "extension to a 31-byte reference", "e1109f" + "00000000000000000000000000000000000000000000000000000000000000", TrieProofError.BadReference },
    };

    [Theory]
    [MemberData(nameof(MalformedRoots))]
    public void Verify_MalformedRootNode_IsRejectedAtNode0(string description, string node, TrieProofError error)
    {
        var bytes = Convert.FromHexString(node);

        var result = TrieProofVerifier.Verify(Keccak256.Hash(bytes), [0x12, 0x34], [bytes]);

        result.ShouldBe(TrieProofResult.Invalid(error, 0), description);
        result.Reason.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Verify_BranchDefects_AreRejected()
    {
        var hash = RlpItem.FromBytes(new byte[32]);

        Check(Branch(hash, hash, value: [0x01]), TrieProofError.ValueInBranch);
        Check(Branch(hash, RlpItem.FromBytes(new byte[31]), value: []), TrieProofError.BadReference);
        Check(Branch(hash, RlpItem.List(RlpItem.FromBytes(new byte[40])), value: []), TrieProofError.InlineNodeTooLarge);
        Check(Branch(hash, RlpItem.Empty, value: []), TrieProofError.BadNodeShape);
        Check(RlpItem.List([.. Enumerable.Repeat(RlpItem.Empty, 16), RlpItem.List()]), TrieProofError.BadNodeShape);

        // With branch values allowed, a branch with a value and one child is a valid node; the key ends at it here.
        var node = RlpEncoder.Encode(Branch(hash, RlpItem.Empty, value: [0x07]));
        TrieProofVerifier.Verify(Keccak256.Hash(node), [], [node], TrieProofOptions.AllowBranchValues)
            .ShouldBe(TrieProofResult.Found(new byte[] { 0x07 }));

        static void Check(RlpItem branch, TrieProofError error)
        {
            var node = RlpEncoder.Encode(branch);
            TrieProofVerifier.Verify(Keccak256.Hash(node), [0x12], [node]).ShouldBe(TrieProofResult.Invalid(error, 0));
        }
    }

    [Fact]
    public void Verify_ExtensionFollowedByALeafOrExtension_IsBadExtension()
    {
        var leaf = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes([0x20]), RlpItem.FromBytes(LongValue)));
        var extension = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes([0x11]), RlpItem.FromBytes(Keccak256.Hash(leaf))));

        TrieProofVerifier.Verify(Keccak256.Hash(extension), [0x1f], [extension, leaf])
            .ShouldBe(TrieProofResult.Invalid(TrieProofError.BadExtension, 1));

        var inner = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes([0x1f]), RlpItem.FromBytes(new byte[32])));
        var outer = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes([0x11]), RlpItem.FromBytes(Keccak256.Hash(inner))));
        TrieProofVerifier.Verify(Keccak256.Hash(outer), [0x1f], [outer, inner]).Error.ShouldBe(TrieProofError.BadExtension);
    }

    [Fact]
    public void Verify_ShortNodeReferencedByHash_IsBadReference()
    {
        // Below the root a node under 32 bytes must be embedded; a hash reference to one is not a canonical trie.
        var leaf = RlpEncoder.Encode(RlpItem.List(RlpItem.FromBytes([0x20]), RlpItem.FromBytes([0x01])));
        var branch = RlpEncoder.Encode(Branch(RlpItem.FromBytes(Keccak256.Hash(leaf)), RlpItem.FromBytes(new byte[32]), value: []));

        TrieProofVerifier.Verify(Keccak256.Hash(branch), [0x0f], [branch, leaf])
            .ShouldBe(TrieProofResult.Invalid(TrieProofError.BadReference, 1));
    }

    [Fact]
    public void Verify_NullOrEmptyElementAndMisuse_AreHandled()
    {
        var trie = MerklePatriciaTrie.Create();
        trie.Put([0x01], LongValue);
        trie.Put([0x11], LongValue);
        var proof = trie.GetProof([0x01]);

        TrieProofVerifier.Verify(trie.RootHash(), [0x01], [proof[0], null!]).ShouldBe(TrieProofResult.Invalid(TrieProofError.BadRlp, 1));
        TrieProofVerifier.Verify(trie.RootHash(), [0x01], [proof[0], []]).ShouldBe(TrieProofResult.Invalid(TrieProofError.BadRlp, 1));
        Should.Throw<ArgumentException>(() => TrieProofVerifier.Verify(new byte[31], [0x01], proof));
        Should.Throw<ArgumentNullException>(() => TrieProofVerifier.Verify(trie.RootHash(), [0x01], null!));
        Should.Throw<ArgumentException>(() => TrieProofResult.Invalid(TrieProofError.None, 0));
    }

    [Fact]
    public void Result_Describes_ItsOutcome()
    {
        TrieProofResult.Found(new byte[] { 0xab }).ToString().ShouldBe("Found(0xab)");
        TrieProofResult.Absent().ToString().ShouldBe("Absent");
        TrieProofResult.Absent().NodeIndex.ShouldBe(-1);
        foreach (var error in Enum.GetValues<TrieProofError>().Where(e => e != TrieProofError.None))
        {
            var result = TrieProofResult.Invalid(error, 3);
            result.IsValid.ShouldBeFalse();
            result.Reason.ShouldContain("3");
            result.ToString().ShouldContain(error.ToString());
        }
    }

    [Fact]
    public void Trie_PutRemoveGet_KeepTheRootAFunctionOfTheContents()
    {
        var trie = MerklePatriciaTrie.CreateSecure();
        var before = trie.RootHash();
        trie.Put([1], [9]);
        trie.Put([2], LongValue);
        var two = trie.RootHash();

        trie.Get([2]).ShouldBe(LongValue);
        trie.Get([3]).ShouldBeNull();
        trie.Count.ShouldBe(2);
        trie.IsSecure.ShouldBeTrue();
        trie.Put([3], [7]);
        trie.Remove([3]).ShouldBeTrue();
        trie.Remove([3]).ShouldBeFalse();
        trie.RootHash().ShouldBe(two);
        trie.Put([2], []);
        trie.Remove([1]).ShouldBeTrue();
        trie.RootHash().ShouldBe(before);
        trie.Count.ShouldBe(0);
    }

    private static RlpItem Branch(RlpItem first, RlpItem second, byte[] value)
    {
        var items = Enumerable.Repeat(RlpItem.Empty, 17).ToArray();
        items[0] = first;
        items[1] = second;
        items[16] = RlpItem.FromBytes(value);
        return RlpItem.List(items);
    }
}
