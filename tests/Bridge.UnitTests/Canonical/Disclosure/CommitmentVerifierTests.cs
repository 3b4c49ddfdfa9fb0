using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Canonical.Disclosure;
using FsCheck;
using FsCheck.Fluent;
using DisclosureModel = Bridge.Canonical.Disclosure.SaltedDisclosure;

namespace Bridge.UnitTests.Canonical.Disclosure;

[Trait("Category", "Unit")]
public sealed class CommitmentVerifierTests
{
    private static readonly byte[] Secret = SaltedMerkleCommitmentTests.Secret;

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200);

    // A document with distinctive values, and the disclosure that hides the age and the postcode.
    private const string Document = """
        {"name":"Alice Example","age":424242.25,"tags":["red","green"],
         "address":{"city":"Oslo","zip":"SECRET-ZIP-0150"},"active":true}
        """;

    private static readonly string[] Hidden = ["/age", "/address/zip"];

    [Fact]
    public void Verify_FullDisclosure_IsValidWithTheCommittedRoot()
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);

        var verdict = CommitmentVerifier.Verify(Disclose(content, []));

        verdict.ShouldBe(new CommitmentVerdict.Valid(SaltedMerkleCommitment.Commit(content, Secret).Root, 7, 0));
    }

    [Fact]
    public void Verify_RedactedDisclosure_KeepsTheRoot()
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);

        var verdict = CommitmentVerifier.Verify(RoundTrip(Disclose(content, Hidden)));

        verdict.ShouldBe(new CommitmentVerdict.Valid(SaltedMerkleCommitment.Commit(content, Secret).Root, 7, 2));
    }

    [Fact]
    public void Verify_AnyRedactionOfGeneratedDocuments_KeepsTheRoot()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object()), Arb.From(Gen.ArrayOf(Gen.Choose(0, 3), 40)), (json, coin) =>
        {
            var content = GeneratedJson.Parse(json);
            var candidates = Pointers(content);
            var hidden = candidates.Where((_, i) => coin[i % coin.Length] == 0).ToList();
            var disclosure = RoundTrip(Disclose(content, hidden));
            return CommitmentVerifier.Verify(disclosure, SaltedMerkleCommitment.Commit(content, Secret).Root) is CommitmentVerdict.Valid valid
                && valid.LeafCount == ReferenceCommitment.Leaves(content).Count;
        }));
    }

    [Fact]
    public void Write_RedactedDisclosure_ContainsNoHiddenValueSaltOrPointer()
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);
        var full = Disclose(content, []);

        var bytes = DisclosureJson.Write(Disclose(content, Hidden));

        var text = Encoding.UTF8.GetString(bytes);
        text.ShouldNotContain("SECRET-ZIP-0150", Case.Sensitive);
        text.ShouldNotContain("424242", Case.Sensitive);
        text.ShouldNotContain("zip", Case.Sensitive);
        text.ShouldNotContain("\"/age\"", Case.Sensitive);
        text.ShouldNotContain(full.Salts["/age"], Case.Sensitive);
        text.ShouldNotContain(full.Salts["/address/zip"], Case.Sensitive);
        text.ShouldContain("Alice Example");
        text.ShouldContain(full.Salts["/name"]);
    }

    [Fact]
    public void Write_AnyRedaction_ContainsNoHiddenSalt()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(GeneratedJson.Object()), Arb.From(Gen.ArrayOf(Gen.Choose(0, 1), 40)), (json, coin) =>
        {
            var content = GeneratedJson.Parse(json);
            var leaves = ReferenceCommitment.Leaves(content).Select(static l => l.Pointer).ToList();
            var hidden = leaves.Where((_, i) => coin[i % coin.Length] == 0).ToList();
            var text = Encoding.UTF8.GetString(DisclosureJson.Write(Disclose(content, hidden)));
            return hidden.All(p => !text.Contains(ReferenceCommitment.Salt(Secret, p), StringComparison.Ordinal));
        }));
    }

    public static TheoryData<string> Tamperings => new()
    {
        "value", "salt", "hidden-hash", "hidden-added", "hidden-removed", "swap-values", "root", "field-renamed",
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Verify_Tampered_IsRootMismatch(string tampering)
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);
        var node = JsonNode.Parse(DisclosureJson.Write(Disclose(content, Hidden)))!;
        var fields = node["fields"]!.AsObject();
        var salts = node["salts"]!.AsObject();
        var hidden = node["hidden"]!.AsArray();
        switch (tampering)
        {
            case "value":
                fields["/name"] = "Alice Exampl3";
                break;
            case "salt":
                var salt = salts["/name"]!.GetValue<string>();
                salts["/name"] = (salt[0] == 'A' ? 'B' : 'A') + salt[1..];
                break;
            case "hidden-hash":
                var first = hidden[0]!.GetValue<string>();
                hidden[0] = first[..^1] + (first[^1] == '0' ? '1' : '0');
                break;
            case "hidden-added":
                hidden.Add(new string('f', 64));
                break;
            case "hidden-removed":
                hidden.RemoveAt(1);
                break;
            case "swap-values":
                (fields["/name"], fields["/address/city"]) = (fields["/address/city"]!.DeepClone(), fields["/name"]!.DeepClone());
                break;
            case "root":
                node["root"] = new string('0', 64);
                break;
            case "field-renamed":
                fields["/nick"] = fields["/name"]!.DeepClone();
                fields.Remove("/name");
                salts["/nick"] = salts["/name"]!.DeepClone();
                salts.Remove("/name");
                break;
        }

        SortHidden(hidden);
        var disclosure = Parse(node);

        CommitmentVerifier.Verify(disclosure).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.RootMismatch);
    }

    [Fact]
    public void Verify_RevealedLeafAlsoListedAsHidden_IsDuplicateLeaf()
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);
        var node = JsonNode.Parse(DisclosureJson.Write(Disclose(content, Hidden)))!;
        var nameHash = ReferenceCommitment.LeafHash("/name", ReferenceCommitment.Salt(Secret, "/name"), content.GetProperty("name"));
        node["hidden"]!.AsArray().Add(Convert.ToHexStringLower(nameHash));
        SortHidden(node["hidden"]!.AsArray());

        CommitmentVerifier.Verify(Parse(node)).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.DuplicateLeaf);
    }

    [Fact]
    public void Verify_TrustedRootDiffers_IsUnexpectedRoot()
    {
        var content = SaltedMerkleCommitmentTests.Parse(Document);
        var otherRoot = SaltedMerkleCommitment.Commit(content, SaltedMerkleCommitmentTests.OtherSecret).Root;

        var disclosure = Disclose(content, Hidden);

        CommitmentVerifier.Verify(disclosure, otherRoot).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.UnexpectedRoot);
        CommitmentVerifier.Verify(disclosure, disclosure.Root.ToUpperInvariant()).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Verify_DisclosureOfOtherSecret_IsRootMismatchAgainstThisRoot()
    {
        // A holder cannot re-salt the document under a secret of their own and keep the issuer's root.
        var content = SaltedMerkleCommitmentTests.Parse(Document);
        var node = JsonNode.Parse(DisclosureJson.Write(SaltedMerkleCommitment.Disclose(content, SaltedMerkleCommitmentTests.OtherSecret, Hidden)
            .ShouldBeOfType<DisclosureResult<DisclosureModel>.Ok>().Value))!;
        node["root"] = SaltedMerkleCommitment.Commit(content, Secret).Root;

        CommitmentVerifier.Verify(Parse(node)).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.RootMismatch);
    }

    [Fact]
    public void VerifyField_EveryLeafOfTreesWithOneTo33Leaves_IsValid()
    {
        for (var n = 1; n <= 33; n++)
        {
            var content = Leaves(n);
            var reference = ReferenceCommitment.SortedLeafHashes(content, Secret);
            var hashes = reference.ConvertAll(static l => l.Hash);
            var root = Convert.ToHexStringLower(ReferenceCommitment.Mth(hashes));
            for (var index = 0; index < n; index++)
            {
                var pointer = reference[index].Pointer;
                var proof = SaltedMerkleCommitment.ProveField(content, Secret, pointer).ShouldBeOfType<DisclosureResult<FieldProof>.Ok>().Value;

                proof.Root.ShouldBe(root);
                proof.LeafIndex.ShouldBe(index);
                proof.LeafCount.ShouldBe(n);
                proof.AuditPath.ShouldBe(ReferenceCommitment.Path(index, hashes).ConvertAll(Convert.ToHexStringLower), $"n={n} index={index}");
                CommitmentVerifier.VerifyField(proof).ShouldBe(new CommitmentVerdict.Valid(root, n, 0), $"n={n} index={index}");

                var parsed = DisclosureJson.ParseFieldProof(DisclosureJson.Write(proof)).ShouldBeOfType<DisclosureParseResult<FieldProof>.Success>().Value;
                CommitmentVerifier.VerifyField(parsed).IsValid.ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void VerifyField_WrongIndexPathValueOrAuditPath_IsInvalid()
    {
        for (var n = 2; n <= 33; n++)
        {
            var content = Leaves(n);
            var pointers = ReferenceCommitment.Leaves(content).ConvertAll(static l => l.Pointer);
            for (var i = 0; i < n; i++)
            {
                var proof = ((DisclosureResult<FieldProof>.Ok)SaltedMerkleCommitment.ProveField(content, Secret, pointers[i])).Value;

                CommitmentVerifier.VerifyField(proof with { LeafIndex = (proof.LeafIndex + 1) % n }).IsValid.ShouldBeFalse($"n={n} i={i}");
                CommitmentVerifier.VerifyField(proof with { Path = pointers[(i + 1) % n] }).IsValid.ShouldBeFalse($"n={n} i={i}");
                CommitmentVerifier.VerifyField(proof with { Value = SaltedMerkleCommitmentTests.Parse("-1") }).IsValid.ShouldBeFalse();
                CommitmentVerifier.VerifyField(proof with { AuditPath = [.. proof.AuditPath, proof.Root] }).IsValid.ShouldBeFalse();
                if (proof.AuditPath.Count > 0)
                {
                    CommitmentVerifier.VerifyField(proof with { AuditPath = proof.AuditPath.Skip(1).ToList() }).IsValid.ShouldBeFalse();
                }
            }
        }
    }

    [Fact]
    public void VerifyField_Garbage_IsMalformedWithoutThrowing()
    {
        var proof = ((DisclosureResult<FieldProof>.Ok)SaltedMerkleCommitment.ProveField(Leaves(3), Secret, "/f0")).Value;

        FieldProof[] garbage =
        [
            proof with { Path = null! },
            proof with { Path = "no-slash" },
            proof with { Value = default },
            proof with { Value = SaltedMerkleCommitmentTests.Parse("""{"a":1}""") },
            proof with { Salt = "short" },
            proof with { Salt = null! },
            proof with { Root = proof.Root.ToUpperInvariant() },
            proof with { LeafIndex = -1 },
            proof with { LeafIndex = 3 },
            proof with { LeafCount = 0 },
            proof with { AuditPath = null! },
            proof with { AuditPath = ["zz"] },
            proof with { Path = "/\ud800" },
        ];

        foreach (var bad in garbage)
        {
            CommitmentVerifier.VerifyField(bad).ShouldBeOfType<CommitmentVerdict.Invalid>().Code.ShouldBe(CommitmentCodes.Malformed);
        }
    }

    /// <summary>An object with exactly <paramref name="n"/> leaves.</summary>
    internal static JsonElement Leaves(int n) =>
        SaltedMerkleCommitmentTests.Parse("{" + string.Join(",", Enumerable.Range(0, n).Select(static i => $"\"f{i}\":{i}")) + "}");

    internal static DisclosureModel Disclose(JsonElement content, IReadOnlyCollection<string> hidden) =>
        SaltedMerkleCommitment.Disclose(content, Secret, hidden).ShouldBeOfType<DisclosureResult<DisclosureModel>.Ok>().Value;

    internal static DisclosureModel RoundTrip(DisclosureModel disclosure) =>
        DisclosureJson.Parse(DisclosureJson.Write(disclosure)).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Success>().Value;

    private static DisclosureModel Parse(JsonNode node) =>
        DisclosureJson.Parse(Encoding.UTF8.GetBytes(node.ToJsonString())).ShouldBeOfType<DisclosureParseResult<DisclosureModel>.Success>().Value;

    private static void SortHidden(JsonArray hidden)
    {
        var sorted = hidden.Select(static h => h!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        hidden.Clear();
        foreach (var hash in sorted)
        {
            hidden.Add(hash);
        }
    }

    /// <summary>Every pointer of the document, containers included (each is a valid thing to hide).</summary>
    private static List<string> Pointers(JsonElement content)
    {
        var pointers = new List<string>();
        Collect(content, string.Empty);
        return pointers;

        void Collect(JsonElement node, string pointer)
        {
            pointers.Add(pointer);
            if (node.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in node.EnumerateObject())
                {
                    Collect(member.Value, pointer + "/" + member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                }
            }
            else if (node.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Collect(item, pointer + "/" + i++);
                }
            }
        }
    }
}
