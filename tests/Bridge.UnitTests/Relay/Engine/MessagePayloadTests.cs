using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Canonical.Json;
using Bridge.Relay.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Relay.Engine;

[Trait("Category", "Unit")]
public sealed class MessagePayloadTests
{
    private const string SubjectDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly MessagePayload.Title Title = new(
        new ProofSubject(ProofSubjectType.Event, "tx-1", SubjectDigest),
        "6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f",
        "CarrierMSP::carrier",
        "CarrierMSP::carrier",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        TitleMove.Export,
        "msg-1");

    private static readonly MessagePayload.Anchor Anchor = new(
        new ProofSubject(ProofSubjectType.Transaction, "0xabc", SubjectDigest),
        "doc-1",
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        string.Empty,
        "BILL_OF_LADING");

    // The canonical form written out by hand (RFC 8785: members sorted by UTF-16 code units, no white space).
    private const string TitleCanonical =
        "{\"beneficiary\":\"CarrierMSP::carrier\",\"holder\":\"CarrierMSP::carrier\",\"move\":\"export\","
        + "\"recipient\":\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\",\"sourceMessageId\":\"msg-1\","
        + "\"subject\":{\"digest\":\"" + SubjectDigest + "\",\"id\":\"tx-1\",\"type\":\"event\"},"
        + "\"titleId\":\"6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f\",\"type\":\"title\"}";

    [Fact]
    public void ToCanonicalJson_Title_IsTheRfc8785FormWrittenByHand()
    {
        Encoding.UTF8.GetString(Title.ToCanonicalJson()).ShouldBe(TitleCanonical);
    }

    [Fact]
    public void TryParse_TitleCanonicalJson_RoundTrips()
    {
        MessagePayload.TryParse(Encoding.UTF8.GetString(Title.ToCanonicalJson()), out var parsed).ShouldBeTrue();

        parsed.ShouldBe(Title);
    }

    [Fact]
    public void TryParse_ReturnedTitle_KeepsTheMove()
    {
        var returned = Title with { Move = TitleMove.Return };

        MessagePayload.TryParse(Encoding.UTF8.GetString(returned.ToCanonicalJson()), out var parsed).ShouldBeTrue();

        parsed.ShouldBeOfType<MessagePayload.Title>().Move.ShouldBe(TitleMove.Return);
        Encoding.UTF8.GetString(returned.ToCanonicalJson()).ShouldContain("\"move\":\"return\"");
    }

    [Fact]
    public void TryParse_AnchorCanonicalJson_RoundTrips()
    {
        MessagePayload.TryParse(Encoding.UTF8.GetString(Anchor.ToCanonicalJson()), out var parsed).ShouldBeTrue();

        parsed.ShouldBe(Anchor);
    }

    [Fact]
    public void PayloadDigest_Title_IsSha256OfTheCanonicalBytesWhateverTheMemberOrder()
    {
        // The same members in two different orders, with white space: canonicalised, both give one digest.
        var ordered = TitleCanonical;
        var shuffled = "{ \"type\": \"title\", \"titleId\": \"6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f\", \"subject\": {\"type\":\"event\",\"id\":\"tx-1\",\"digest\":\""
            + SubjectDigest + "\"}, \"sourceMessageId\": \"msg-1\", \"recipient\": \"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\", \"move\": \"export\","
            + " \"holder\": \"CarrierMSP::carrier\", \"beneficiary\": \"CarrierMSP::carrier\" }";

        var expected = Sha256Hex(Jcs.Canonicalize(Encoding.UTF8.GetBytes(ordered)));

        Sha256Hex(Jcs.Canonicalize(Encoding.UTF8.GetBytes(shuffled))).ShouldBe(expected);
        Title.PayloadDigest().ShouldBe(expected);
        MessagePayload.TryParse(shuffled, out var parsed).ShouldBeTrue();
        parsed.ShouldNotBeNull().PayloadDigest().ShouldBe(expected);
    }

    [Fact]
    public void PayloadDigest_Anchor_IsSha256OfTheCanonicalBytes()
    {
        var json = "{\"recordType\":\"BILL_OF_LADING\",\"merkleRoot\":\"\",\"digest\":\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\","
            + "\"recordId\":\"doc-1\",\"type\":\"anchor\",\"subject\":{\"id\":\"0xabc\",\"digest\":\"" + SubjectDigest + "\",\"type\":\"transaction\"}}";

        Anchor.PayloadDigest().ShouldBe(Sha256Hex(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void PayloadDigest_AnyFieldChanged_Changes()
    {
        Title.PayloadDigest().ShouldNotBe((Title with { Holder = "OtherMSP::other" }).PayloadDigest());
        Title.PayloadDigest().ShouldNotBe((Title with { Move = TitleMove.Return }).PayloadDigest());
        Title.PayloadDigest().ShouldNotBe((Title with { Subject = Title.Subject with { Id = "tx-2" } }).PayloadDigest());
    }

    [Theory]
    [InlineData("transfer")]
    [InlineData("TITLE")]
    [InlineData("")]
    public void TryParse_UnknownType_IsFalse(string type)
    {
        var json = TitleCanonical.Replace("\"type\":\"title\"", $"\"type\":\"{type}\"", StringComparison.Ordinal);

        MessagePayload.TryParse(json, out var parsed).ShouldBeFalse();
        parsed.ShouldBeNull();
    }

    [Theory]
    [InlineData("holder")]
    [InlineData("beneficiary")]
    [InlineData("recipient")]
    [InlineData("titleId")]
    [InlineData("move")]
    [InlineData("sourceMessageId")]
    [InlineData("subject")]
    [InlineData("type")]
    public void TryParse_TitleMemberMissing_IsFalse(string member)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(TitleCanonical)!.AsObject();
        node.Remove(member).ShouldBeTrue();

        MessagePayload.TryParse(node.ToJsonString(), out var parsed).ShouldBeFalse();
        parsed.ShouldBeNull();
    }

    [Theory]
    [InlineData("recordId")]
    [InlineData("digest")]
    [InlineData("merkleRoot")]
    [InlineData("recordType")]
    public void TryParse_AnchorMemberMissing_IsFalse(string member)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Anchor.ToCanonicalJson())!.AsObject();
        node.Remove(member).ShouldBeTrue();

        MessagePayload.TryParse(node.ToJsonString(), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"type\":\"title\"")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{}")]
    public void TryParse_NotAPayload_IsFalseWithoutThrowing(string? json)
    {
        MessagePayload.TryParse(json, out var parsed).ShouldBeFalse();
        parsed.ShouldBeNull();
    }

    [Theory]
    [InlineData("\"subject\":{\"digest\":\"" + SubjectDigest + "\",\"id\":\"tx-1\",\"type\":\"block\"}")]
    [InlineData("\"subject\":{\"digest\":\"" + SubjectDigest + "\",\"id\":\"tx-1\",\"type\":7}")]
    [InlineData("\"subject\":{\"digest\":\"" + SubjectDigest + "\",\"id\":\"tx-1\"}")]
    [InlineData("\"subject\":\"tx-1\"")]
    public void TryParse_SubjectNotAProofSubject_IsFalse(string subject)
    {
        var json = TitleCanonical.Replace(
            "\"subject\":{\"digest\":\"" + SubjectDigest + "\",\"id\":\"tx-1\",\"type\":\"event\"}",
            subject,
            StringComparison.Ordinal);
        json.ShouldNotBe(TitleCanonical);

        MessagePayload.TryParse(json, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_MemberOfTheWrongJsonType_IsFalse()
    {
        var json = TitleCanonical.Replace("\"holder\":\"CarrierMSP::carrier\"", "\"holder\":42", StringComparison.Ordinal);

        MessagePayload.TryParse(json, out _).ShouldBeFalse();
    }

    /// <summary>
    /// A payload with a move other than "export" or "return" is not one <see cref="MessagePayload.ToCanonicalJson"/> writes,
    /// so "false for anything else" should refuse it; reading it as an export would turn a corrupted return into an import.
    /// </summary>
    [Theory]
    [InlineData("sideways")]
    [InlineData("Return")]
    [InlineData("")]
    public void TryParse_UnknownMove_IsFalse(string move)
    {
        var json = TitleCanonical.Replace("\"move\":\"export\"", $"\"move\":\"{move}\"", StringComparison.Ordinal);

        MessagePayload.TryParse(json, out var parsed).ShouldBeFalse($"parsed as {(parsed as MessagePayload.Title)?.Move}");
    }

    /// <summary>A subject id of JSON null is not something the writer produces; the parser should not hand back a null id.</summary>
    [Fact]
    public void TryParse_NullSubjectId_IsFalse()
    {
        var json = TitleCanonical.Replace("\"id\":\"tx-1\"", "\"id\":null", StringComparison.Ordinal);

        MessagePayload.TryParse(json, out var parsed).ShouldBeFalse($"parsed with subject id {parsed?.Subject.Id ?? "<null>"}");
    }

    [Fact]
    public void TitlePayload_AnyText_RoundTripsAndItsDigestIsTheSha256OfIndependentlyCanonicalisedJson()
    {
        // Whole code points (a lone surrogate is not text), with JSON's special characters, controls and non-ASCII.
        var pieces = Gen.Elements("a", "Z", "0", " ", "-", ":", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", "é", "ß", "Ω", "ключ", "中文", "€", "\u2028", "😀", "𝄞", "\ufeff");
        var text = pieces.ArrayOf().Select(p => string.Concat(p));
        var titles =
            from subjectId in text
            from titleId in text
            from holder in text
            from beneficiary in text
            from recipient in text
            from messageId in text
            from back in Gen.Elements(false, true)
            select new MessagePayload.Title(
                new ProofSubject(ProofSubjectType.Event, subjectId, SubjectDigest),
                titleId,
                holder,
                beneficiary,
                recipient,
                back ? TitleMove.Return : TitleMove.Export,
                messageId);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(titles), title =>
        {
            var canonical = title.ToCanonicalJson();
            MessagePayload.TryParse(Encoding.UTF8.GetString(canonical), out var parsed).ShouldBeTrue();
            parsed.ShouldNotBeNull().ShouldBe(title);
            parsed.ToCanonicalJson().ShouldBe(canonical);

            var expected = Sha256Hex(Jcs.Canonicalize(WrittenInReverseOrder(title)));
            title.PayloadDigest().ShouldBe(expected);
            parsed.PayloadDigest().ShouldBe(expected);
        }));
    }

    /// <summary>The title's JSON written member by member in reverse order, non-ASCII left unescaped, without the code under test.</summary>
    private static byte[] WrittenInReverseOrder(MessagePayload.Title title)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "title");
            writer.WriteString("titleId", title.TitleId);
            writer.WriteStartObject("subject");
            writer.WriteString("type", "event");
            writer.WriteString("id", title.Subject.Id);
            writer.WriteString("digest", title.Subject.Digest);
            writer.WriteEndObject();
            writer.WriteString("sourceMessageId", title.SourceMessageId);
            writer.WriteString("recipient", title.Recipient);
            writer.WriteString("move", title.Move == TitleMove.Return ? "return" : "export");
            writer.WriteString("holder", title.Holder);
            writer.WriteString("beneficiary", title.Beneficiary);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
