using System.Text;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Trie;
using Bridge.UnitTests.Canonical;

namespace Bridge.UnitTests.Adapters.Ethereum.Trie;

/// <summary>
/// The ethereum/tests TrieTests vectors (kept in ../shared/conformance/ethereum/TrieTests). In trietest*.json "in" is
/// an ordered list of [key, value] operations where a null value deletes the key; in trieanyorder*.json it is an
/// object whose insertion order must not matter. A key or value starting with "0x" is hex, any other string is its
/// UTF-8 bytes. The *_secureTrie files and hex_encoded_securetrie_test.json key the trie by keccak-256 of each key.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TrieConformanceTests
{
    private static readonly string[] Files =
    [
        "trietest.json",
        "trietest_secureTrie.json",
        "trieanyorder.json",
        "trieanyorder_secureTrie.json",
        "hex_encoded_securetrie_test.json",
    ];

    private static readonly Lazy<Dictionary<string, JsonDocument>> Documents = new(() =>
        Files.ToDictionary(file => file, file => JsonDocument.Parse(Conformance.Read("ethereum", "TrieTests", file))));

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var file in Files)
            {
                foreach (var test in Documents.Value[file].RootElement.EnumerateObject())
                {
                    data.Add(file, test.Name);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Fixtures_Loaded_HoldEveryPublishedCase()
    {
        Cases.Count.ShouldBe(5 + 3 + 7 + 7 + 3);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RootHash_ConformanceVector_MatchesPublishedRoot(string file, string name)
    {
        var (trie, _, expectedRoot) = Load(file, name);

        Convert.ToHexStringLower(trie.RootHash()).ShouldBe(expectedRoot);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RootHash_ReversedInsertionOfFinalContents_IsTheSame(string file, string name)
    {
        var (_, contents, expectedRoot) = Load(file, name);
        var trie = file.Contains("ecure", StringComparison.Ordinal) ? MerklePatriciaTrie.CreateSecure() : MerklePatriciaTrie.Create();

        foreach (var (key, value) in Enumerable.Reverse(contents))
        {
            trie.Put(key, value);
        }

        Convert.ToHexStringLower(trie.RootHash()).ShouldBe(expectedRoot);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GetProof_EveryKeyOfAVector_VerifiesToItsValueUnderThePublishedRoot(string file, string name)
    {
        var (trie, contents, expectedRoot) = Load(file, name);
        var root = Convert.FromHexString(expectedRoot);

        foreach (var (key, value) in contents)
        {
            var proof = trie.GetProof(key);
            var result = trie.IsSecure
                ? TrieProofVerifier.VerifySecure(root, key, proof)
                : TrieProofVerifier.Verify(root, key, proof, TrieProofOptions.AllowBranchValues);

            result.IsFound.ShouldBeTrue($"{Convert.ToHexStringLower(key)}: {result}");
            result.Value.ToArray().ShouldBe(value);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GetProof_DeletedOrUnknownKey_VerifiesAsAbsent(string file, string name)
    {
        var (trie, contents, expectedRoot) = Load(file, name);
        var root = Convert.FromHexString(expectedRoot);
        var present = contents.Select(pair => Convert.ToHexStringLower(pair.Key)).ToHashSet();
        var absent = Operations(file, name).Select(op => op.Key).Where(key => !present.Contains(Convert.ToHexStringLower(key)))
            .Append(Encoding.UTF8.GetBytes("not-a-key")).Append([]).Append([0xff, 0xff]);

        foreach (var key in absent)
        {
            var proof = trie.GetProof(key);
            var result = trie.IsSecure
                ? TrieProofVerifier.VerifySecure(root, key, proof)
                : TrieProofVerifier.Verify(root, key, proof, TrieProofOptions.AllowBranchValues);

            result.IsAbsent.ShouldBeTrue($"{Convert.ToHexStringLower(key)}: {result}");
        }
    }

    private static (MerklePatriciaTrie Trie, List<KeyValuePair<byte[], byte[]>> Contents, string Root) Load(string file, string name)
    {
        var trie = file.Contains("ecure", StringComparison.Ordinal) ? MerklePatriciaTrie.CreateSecure() : MerklePatriciaTrie.Create();

        // The expected final contents, kept independently of the trie by replaying the operations on a dictionary.
        var contents = new Dictionary<string, KeyValuePair<byte[], byte[]>>();
        foreach (var (key, value) in Operations(file, name))
        {
            var id = Convert.ToHexStringLower(key);
            if (value is null || value.Length == 0)
            {
                trie.Remove(key);
                contents.Remove(id);
            }
            else
            {
                trie.Put(key, value);
                contents[id] = new(key, value);
            }
        }

        var root = Documents.Value[file].RootElement.GetProperty(name).GetProperty("root").GetString()!;
        return (trie, contents.Values.ToList(), root[2..]);
    }

    private static IEnumerable<(byte[] Key, byte[]? Value)> Operations(string file, string name)
    {
        var input = Documents.Value[file].RootElement.GetProperty(name).GetProperty("in");
        if (input.ValueKind == JsonValueKind.Array)
        {
            foreach (var pair in input.EnumerateArray())
            {
                yield return (Bytes(pair[0])!, Bytes(pair[1]));
            }
        }
        else
        {
            foreach (var property in input.EnumerateObject())
            {
                yield return (Text(property.Name), Bytes(property.Value));
            }
        }
    }

    private static byte[]? Bytes(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : Text(element.GetString()!);

    private static byte[] Text(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal) ? Convert.FromHexString(text[2..]) : Encoding.UTF8.GetBytes(text);
}
