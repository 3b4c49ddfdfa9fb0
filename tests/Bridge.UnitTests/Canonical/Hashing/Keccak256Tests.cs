using System.Text;
using Bridge.Canonical.Hashing;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Hashing;

[Trait("Category", "Unit")]
public sealed class Keccak256Tests
{
    // The Keccak team's ShortMsgKAT_256.txt (KeccakKAT-3, Keccak[r=1088,c=512], the padding Ethereum uses),
    // byte-aligned entries around the 136-byte rate: Len = 0, 8, 16, 1080 (135 B), 1088 (136 B), 1096 (137 B), 2032 (254 B).
    public static TheoryData<string, string> ShortMsgKat => new()
    {
        { "", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" },
        { "6b", "f3d0adcb6a1c70832365e9da0a6b2f5199422f6a53c67cfad171114e3442aa0f" },
        { "8fab", "cfa23daaffd3966973461c1a50d47d2fa73e4f77df6538c5e2938149d63d2dc3" },
        {
            "2f3fb9e6321405869ff0e6271369357ee08c9c27837fe300adf3766a61979591d64e7809627e8f026e762982df5f00bfeb9ce76f1ccb70c9bee6331f7dc8b15417295d7aa7ec7c1662a69842059901f136e96052b4d01b72b64f92331744872f6de4a915d0262b33ccc375d25d77c3936023e514f30187a9501adc685e6497cc4841e119670d4d",
            "0484f02cc16415e7e9f28f95b6bb77209e1b25ec35015de84facbc8f9605b39e"
        },
        {
            "33d0c3052e3ac8c19beca6b0dfa73888f753655fb2c9f77e1238602c9f6d7ad33e3dd96c78a22e148ed4c46d7cfdf674505bd40325cb813804e264a450de778f1c50fc94f32aa881fe6def7b6ae6efbb42c3be678f40a09322053773e3af020000fe94f3283c7527aa64a2144b92cf8d568df4e6cd957af09ab1637e61667e616412558d4fcab4f9",
            "b30ad6fc320c0d70309dc39953895cb7cf3fbedec7d86a5f7aa9f2bb760f6dba"
        },
        {
            "2f570e7aeadd07406bfc263992a0292c528daab4f32816573b6be58a36998465f192e0db70e81cdbe5431477e43ea437cb4eebbe760116b26dfb3ca395c1098753e962c3d27f9fb8c2b32fa6f1d3debd22c97b99cb924b388d87db2348e5aa9ccf0d60a18cff594eb389f5a55dd362809dde19687064a0feec7c213561cbd130d832d264312cb3e4b6",
            "6cf9e0e9008f6b5b2d28fb38c47a0212e7b28f6a7f44815f10c53141c2f1c84d"
        },
        {
            "481dd9182975f32bf7dca9850268ddee861e5d606097d955377dd069154fdd5d6cb776962c6ac223466ca849d486375aa495bb052d945a64122bce277aac85e763fc7e906640b3adac5cf681e22edb87c4968cf12be7563d1225658cd2eb7436e7f2c64d337afbe0d6f161b81f3d40e4d4ccd500b32c3dc652a353248ec75a76ba21c4ed9bbfce71b0302ad06d6ab441378a41ebb77fb10923052db1cc882787a9ec7544ab43b55b74e02ce14ae123816b656c23e51e2c08235abaf0e2e2778cceecd0793086d5a4660186b1e2aa334e0f9f72f4be9efce1f8b6d2db984a67663738e068bfb50c25b793d79a3d0ae84caa5b4168f93e4af2f51ccd8e6734",
            "5b1b87b1feca95e702186c47dd2e0436788ac686207906106b6363ce7d697624"
        },
    };

    // Text vectors: "" and "abc" from ../shared/design/trade-standards.md §E.1; the fox sentence is the widely
    // published Keccak-256 example; the 448- and 896-bit messages and one million 'a' are Crypto++'s
    // TestVectors/keccak.txt (same values in noble-hashes' tests). 'a' x 135/136/137/200/272 straddle the
    // 136-byte rate; their digests were cross-checked with the independent js-sha3 0.9.3 (npm) keccak256.
    public static TheoryData<string, int, string> TextVectors => new()
    {
        { "", 1, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" },
        { "abc", 1, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45" },
        { "The quick brown fox jumps over the lazy dog", 1, "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "45d3b367a6904e6e8d502ee04999a7c27647f91fa845d456525fd352ae3d7371" },
        { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1, "f519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67" },
        { "a", 135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446" },
        { "a", 136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e" },
        { "a", 137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39" },
        { "a", 200, "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d" },
        { "a", 272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8" },
        { "a", 1_000_000, "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96" },
    };

    [Theory]
    [MemberData(nameof(ShortMsgKat))]
    public void HashHex_KeccakTeamKat_Matches(string messageHex, string digest)
    {
        Keccak256.HashHex(Convert.FromHexString(messageHex)).ShouldBe(digest);
    }

    [Theory]
    [MemberData(nameof(TextVectors))]
    public void HashHex_PublishedTextVector_Matches(string text, int repeat, string digest)
    {
        byte[] message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(text, repeat)));

        Keccak256.HashHex(message).ShouldBe(digest);
        Convert.ToHexStringLower(Keccak256.Hash(message)).ShouldBe(digest);
    }

    [Fact]
    public void HashHex_Empty_IsNotFipsSha3()
    {
        // FIPS 202 SHA3-256("") (NIST example values) differs only by the padding byte 0x06.
        Keccak256.HashHex([]).ShouldNotBe("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    }

    [Fact]
    public void Hash_OutputTooSmall_Throws()
    {
        Should.Throw<ArgumentException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
    }

    [Fact]
    public void Incremental_MillionAInPieces_MatchesPublishedVector()
    {
        var hasher = new Keccak256();
        byte[] piece = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (int i = 0; i < 1000; i++)
        {
            hasher.Append(piece);
        }

        Convert.ToHexStringLower(hasher.GetHashAndReset()).ShouldBe("fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96");
        Convert.ToHexStringLower(hasher.GetHashAndReset()).ShouldBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    [Fact]
    public void Incremental_AnySplit_EqualsOneShot()
    {
        Gen<(byte[] Data, int[] Cuts)> inputs =
            from length in Gen.Choose(0, 700)
            from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length)
            from cuts in Gen.ArrayOf(Gen.Choose(0, length), 4)
            select (data, cuts);

        Prop.ForAll(Arb.From(inputs), input =>
        {
            var hasher = new Keccak256();
            int previous = 0;
            foreach (int cut in input.Cuts.Order())
            {
                hasher.Append(input.Data.AsSpan(previous, cut - previous));
                previous = cut;
            }

            hasher.Append(input.Data.AsSpan(previous));
            return hasher.GetHashAndReset().AsSpan().SequenceEqual(Keccak256.Hash(input.Data));
        }).QuickCheckThrowOnFailure();
    }
}
