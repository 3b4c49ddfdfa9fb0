using Bridge.Adapters.Ethereum.Trie;
using Bridge.Canonical.Hashing;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Adapters.Ethereum.Trie;

/// <summary>
/// Properties of proofs over generated tries: every key's proof verifies to its value, keys not in the trie verify as
/// absent, and no single-byte change, truncation, extension or reuse of a proof yields a different answer.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TrieProofPropertyTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    // Short keys over a small alphabet share prefixes often, so branches, extensions, embedded nodes and (in the
    // generic trie) branch values all occur; values from 1 to 40 bytes straddle the 32-byte embedding limit.
    private static readonly Gen<byte[]> Keys = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements<byte>(0x00, 0x01, 0x10, 0x11, 0xab), n));
    private static readonly Gen<byte[]> Values = Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    private static readonly Gen<Dictionary<string, (byte[] Key, byte[] Value)>> Contents =
        Gen.Choose(1, 60).SelectMany(n => Gen.ListOf(Gen.Zip(Keys, Values), n)).Select(pairs =>
        {
            var contents = new Dictionary<string, (byte[], byte[])>();
            foreach (var (key, value) in pairs)
            {
                contents[Convert.ToHexStringLower(key)] = (key, value);
            }

            return contents;
        });

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void Verify_EveryInsertedKey_IsFoundWithItsValue() =>
        Check.One(Config, Prop.ForAll(Arb.From(Contents), contents =>
        {
            var (trie, root) = Build(contents, secure: false);
            return contents.Values.All(entry =>
            {
                var result = TrieProofVerifier.Verify(root, entry.Key, trie.GetProof(entry.Key), TrieProofOptions.AllowBranchValues);
                return result.IsFound && result.Value.Span.SequenceEqual(entry.Value);
            });
        }));

    [Fact]
    public void VerifySecure_EveryInsertedKey_IsFoundAndOtherKeysAreAbsent() =>
        Check.One(Config, Prop.ForAll(Arb.From(Gen.Zip(Contents, Gen.ListOf(Keys, 10))), input =>
        {
            var (contents, probes) = input;
            var (trie, root) = Build(contents, secure: true);
            var found = contents.Values.All(entry =>
            {
                var result = TrieProofVerifier.VerifySecure(root, entry.Key, trie.GetProof(entry.Key));
                return result.IsFound && result.Value.Span.SequenceEqual(entry.Value);
            });
            var absent = probes.Where(key => !contents.ContainsKey(Convert.ToHexStringLower(key)))
                .All(key => TrieProofVerifier.VerifySecure(root, key, trie.GetProof(key)).IsAbsent);
            return found && absent;
        }));

    [Fact]
    public void Verify_KeysNotInserted_AreAbsent() =>
        Check.One(Config, Prop.ForAll(Arb.From(Gen.Zip(Contents, Gen.ListOf(Keys, 20))), input =>
        {
            var (contents, probes) = input;
            var (trie, root) = Build(contents, secure: false);
            return probes.Where(key => !contents.ContainsKey(Convert.ToHexStringLower(key)))
                .All(key => TrieProofVerifier.Verify(root, key, trie.GetProof(key), TrieProofOptions.AllowBranchValues).IsAbsent);
        }));

    [Fact]
    public void Verify_AnySingleByteOfAnyNodeChanged_IsInvalid()
    {
        // For a present and an absent key: pick a node, a byte and a non-zero XOR mask.
        var cases =
            from contents in Contents
            from probe in Keys
            from nodePick in Gen.Choose(0, 1000)
            from bytePick in Gen.Choose(0, 100_000)
            from mask in Gen.Choose(1, 255)
            select (contents, probe, nodePick, bytePick, mask);

        Check.One(Config, Prop.ForAll(Arb.From(cases), input =>
        {
            var (contents, probe, nodePick, bytePick, mask) = input;
            var (trie, root) = Build(contents, secure: true);
            var key = nodePick % 2 == 0 ? contents.Values.First().Key : probe;
            var proof = trie.GetProof(key).Select(node => (byte[])node.Clone()).ToArray();
            var node = proof[nodePick % proof.Length];
            node[bytePick % node.Length] ^= (byte)mask;

            var result = TrieProofVerifier.VerifySecure(root, key, proof);

            return result.Outcome == TrieProofOutcome.Invalid && result.Error != TrieProofError.None;
        }));
    }

    [Fact]
    public void Verify_TruncatedOrExtendedOrReusedProof_NeverGivesAnotherAnswer()
    {
        var cases =
            from contents in Contents
            from other in Keys
            from junk in Values
            select (contents, other, junk);

        Check.One(Config, Prop.ForAll(Arb.From(cases), input =>
        {
            var (contents, other, junk) = input;
            var (trie, root) = Build(contents, secure: true);
            var entry = contents.Values.Last();
            var proof = trie.GetProof(entry.Key);

            var truncated = TrieProofVerifier.VerifySecure(root, entry.Key, proof.Take(proof.Count - 1).ToArray());
            var extended = TrieProofVerifier.VerifySecure(root, entry.Key, [.. proof, junk]);
            var reused = TrieProofVerifier.VerifySecure(root, other, proof);
            var expected = contents.TryGetValue(Convert.ToHexStringLower(other), out var otherEntry) ? otherEntry.Value : null;

            return truncated.Error == TrieProofError.MissingNode
                && extended.Error == TrieProofError.ExtraNodes
                && (!reused.IsFound || reused.Value.Span.SequenceEqual(expected));
        }));
    }

    [Fact]
    public void Verify_RandomNodes_NeverThrow()
    {
        // Arbitrary bytes, and arbitrary RLP-ish lists, as nodes; the root is the hash of the first one so that the
        // parser, not just the hash check, sees them.
        var rlpish = Gen.Choose(0, 3).SelectMany(kind => kind switch
        {
            0 => Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(AnyByte, n)),
            1 => Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(AnyByte, n)).Select(payload => (byte[])[(byte)(0xc0 + Math.Min(payload.Length, 55)), .. payload]),
            2 => Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(Gen.Elements<byte>(0x80, 0xa0, 0x20, 0x00, 0x3f, 0xc2, 0x11), n)).Select(p => (byte[])[(byte)(0xc0 + p.Length), .. p]),
            _ => Gen.Constant<byte[]>([0xf8, 0x02, 0x80, 0x80]),
        });
        var proofs = Gen.Zip(Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(rlpish, n)), Keys);

        Check.One(Config.WithMaxTest(2000), Prop.ForAll(Arb.From(proofs), input =>
        {
            var (proof, key) = input;
            var root = Keccak256.Hash(proof[0]);
            var result = TrieProofVerifier.Verify(root, key, proof, TrieProofOptions.AllowBranchValues);
            var strict = TrieProofVerifier.Verify(root, key, proof);
            return result.Outcome is TrieProofOutcome.Invalid or TrieProofOutcome.Found or TrieProofOutcome.Absent
                && (strict.IsValid || strict.Error != TrieProofError.None);
        }));
    }

    private static (MerklePatriciaTrie Trie, byte[] Root) Build(Dictionary<string, (byte[] Key, byte[] Value)> contents, bool secure)
    {
        var trie = secure ? MerklePatriciaTrie.CreateSecure() : MerklePatriciaTrie.Create();
        foreach (var (key, value) in contents.Values)
        {
            trie.Put(key, value);
        }

        return (trie, trie.RootHash());
    }
}
