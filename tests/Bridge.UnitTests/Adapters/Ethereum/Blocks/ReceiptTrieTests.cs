using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Adapters.Ethereum.Trie;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Blocks;

/// <summary>Receipt inclusion proofs over generated blocks: valid proofs verify, and every defect is reported.</summary>
[Trait("Category", "Unit")]
public sealed class ReceiptTrieTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly Gen<ReceiptLog> Logs =
        from address in Gen.ArrayOf(AnyByte, 20)
        from topicCount in Gen.Choose(0, 4)
        from topics in Gen.ListOf(Gen.ArrayOf(AnyByte, 32), topicCount)
        from dataLength in Gen.Choose(0, 100)
        from data in Gen.ArrayOf(AnyByte, dataLength)
        select new ReceiptLog(address, topics, data);

    private static readonly Gen<Receipt> Receipts =
        from type in Gen.Elements<byte>(0, 1, 2, 3, 4, 5, 0x7f)
        from succeeded in Gen.Elements(true, false)
        from gas in Gen.Choose(0, int.MaxValue)
        from logCount in Gen.Choose(0, 3)
        from logs in Gen.ListOf(Logs, logCount)
        select Receipt.Create(type, succeeded, (ulong)gas * 3, logs);

    // Blocks of 1 to 300 receipts with an index into them (RLP keys 0x80, 0x01-0x7f, 0x8180…, 0x820100…).
    private static readonly Gen<(List<Receipt> Receipts, int Index)> Blocks =
        from count in Gen.Choose(1, 300)
        from receipts in Gen.ListOf(Receipts, count)
        from index in Gen.Choose(0, count - 1)
        select (receipts.ToList(), index);

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(60);

    [Fact]
    public void Verify_ProofOfAnyReceiptOfAnyBlock_IsValidAndDecodesToIt() =>
        Check.One(Config, Prop.ForAll(Arb.From(Blocks), block =>
        {
            var proof = ReceiptTrie.BuildProof(block.Receipts, block.Index);
            var verdict = ReceiptTrie.Verify(proof.ReceiptsRoot, block.Index, proof.Nodes, proof.EncodedReceipt);
            return verdict.IsValid
                && verdict.Receipt!.Equals(block.Receipts[block.Index])
                && proof.ReceiptsRoot.AsSpan().SequenceEqual(ReceiptTrie.ComputeRoot(block.Receipts));
        }));

    [Fact]
    public void Verify_AnySingleByteOfAnyNodeChanged_IsInvalidProof()
    {
        var cases =
            from block in Blocks
            from nodePick in Gen.Choose(0, 100)
            from bytePick in Gen.Choose(0, 100_000)
            from mask in Gen.Choose(1, 255)
            select (block, nodePick, bytePick, mask);

        Check.One(Config, Prop.ForAll(Arb.From(cases), input =>
        {
            var (block, nodePick, bytePick, mask) = input;
            var proof = ReceiptTrie.BuildProof(block.Receipts, block.Index);
            var nodes = proof.Nodes.Select(node => (byte[])node.Clone()).ToArray();
            var node = nodes[nodePick % nodes.Length];
            node[bytePick % node.Length] ^= (byte)mask;

            var verdict = ReceiptTrie.Verify(proof.ReceiptsRoot, block.Index, nodes, proof.EncodedReceipt);
            return verdict.Status == ReceiptProofStatus.InvalidProof && !verdict.Trie.IsValid && verdict.Receipt is null;
        }));
    }

    [Fact]
    public void Verify_OtherIndexOrOtherClaim_IsRejected() =>
        Check.One(Config, Prop.ForAll(Arb.From(Blocks), block =>
        {
            var proof = ReceiptTrie.BuildProof(block.Receipts, block.Index);
            var beyond = ReceiptTrie.Verify(proof.ReceiptsRoot, block.Receipts.Count, ReceiptTrie.BuildProof(block.Receipts, block.Receipts.Count - 1).Nodes);
            var claim = Receipt.Create(9, true, 1, []).Encode();
            var mismatch = ReceiptTrie.Verify(proof.ReceiptsRoot, block.Index, proof.Nodes, claim);
            var negative = ReceiptTrie.Verify(proof.ReceiptsRoot, -1, proof.Nodes);
            return beyond.Status is ReceiptProofStatus.NotIncluded or ReceiptProofStatus.InvalidProof
                && mismatch.Status == ReceiptProofStatus.ReceiptMismatch
                && negative.Status == ReceiptProofStatus.NotIncluded;
        }));

    [Fact]
    public void Verify_ProvenValueThatIsNotAReceipt_IsInvalidReceipt()
    {
        var trie = MerklePatriciaTrie.Create();
        trie.Put(ReceiptTrie.Key(0), [0x02, 0xc0]);
        trie.Put(ReceiptTrie.Key(1), Receipt.Create(2, true, 1, []).Encode());

        var verdict = ReceiptTrie.Verify(trie.RootHash(), 0, trie.GetProof(ReceiptTrie.Key(0)));

        verdict.Status.ShouldBe(ReceiptProofStatus.InvalidReceipt);
        verdict.ReceiptError.Code.ShouldBe(DataErrorCode.BadStructure);
        verdict.Reason.ShouldNotBeEmpty();
        ReceiptTrie.Verify(trie.RootHash(), 1, trie.GetProof(ReceiptTrie.Key(1))).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Key_IsTheRlpOfTheIndex()
    {
        Convert.ToHexStringLower(ReceiptTrie.Key(0)).ShouldBe("80");
        Convert.ToHexStringLower(ReceiptTrie.Key(1)).ShouldBe("01");
        Convert.ToHexStringLower(ReceiptTrie.Key(127)).ShouldBe("7f");
        Convert.ToHexStringLower(ReceiptTrie.Key(128)).ShouldBe("8180");
        Convert.ToHexStringLower(ReceiptTrie.Key(256)).ShouldBe("820100");
        Should.Throw<ArgumentOutOfRangeException>(() => ReceiptTrie.Key(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => ReceiptTrie.BuildProof([Receipt.Create(0, true, 0, [])], 1));
    }
}
