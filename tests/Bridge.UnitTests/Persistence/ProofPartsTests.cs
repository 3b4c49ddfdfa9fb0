using System.Text.Json;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Persistence;

namespace Bridge.UnitTests.Persistence;

[Trait("Category", "Unit")]
public sealed class ProofPartsTests
{
    private static readonly string Block = string.Concat(Enumerable.Repeat("Q0FSUklFUi1CTE9DSw==", 400));

    [Fact]
    public void Split_ALongValue_IsStoredOnceUnderItsDigest_AndJoinGivesTheSameEnvelopeBack()
    {
        var envelope = Envelope(Block, "short");

        var (json, parts) = ProofParts.Split(envelope);

        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Block)));
        parts.Keys.ShouldBe([digest]);
        json.ShouldNotContain(Block);
        json.ShouldContain(ProofParts.Prefix + digest);
        json.ShouldContain("\"short\"");
        ProofParts.References(json).ShouldBe([digest]);
        var back = ProofEnvelopeJson.Parse(ProofParts.Join(json, parts)).ShouldBeOfType<ProofEnvelopeParseResult.Success>().Envelope;
        ProofEnvelopeJson.Serialize(back).ShouldBe(ProofEnvelopeJson.Serialize(envelope));
    }

    [Fact]
    public void Split_TwoProofsOfOneBlock_NameTheSamePart()
    {
        var first = ProofParts.Split(Envelope(Block, "tx-1"));
        var second = ProofParts.Split(Envelope(Block, "tx-2"));

        second.Parts.Keys.ShouldBe(first.Parts.Keys);
        second.Json.ShouldNotBe(first.Json);
    }

    [Fact]
    public void Split_AShortValueThatLooksLikeAReference_IsAPartToo_SoReadingNeverMistakesIt()
    {
        var lookalike = ProofParts.Prefix + new string('0', 64);
        var envelope = Envelope("small", lookalike);

        var (json, parts) = ProofParts.Split(envelope);

        parts.Values.ShouldContain(lookalike);
        var back = ProofEnvelopeJson.Parse(ProofParts.Join(json, parts)).ShouldBeOfType<ProofEnvelopeParseResult.Success>().Envelope;
        back.Data.GetProperty("txId").GetString().ShouldBe(lookalike);
    }

    [Fact]
    public void Join_WithAPartMissing_FailsLoudly()
    {
        var (json, _) = ProofParts.Split(Envelope(Block, "tx"));

        Should.Throw<InvalidOperationException>(() => ProofParts.Join(json, new Dictionary<string, string>()));
    }

    private static ProofEnvelope Envelope(string attestation, string txId)
    {
        using var data = JsonDocument.Parse(JsonSerializer.Serialize(new { channel = "trade", txId, blockNumber = 7, blockAttestation = attestation }));
        return new ProofEnvelope(ProofEnvelope.CurrentVersion, "fabric-src", ProofKind.FabricEndorsement, new ProofSubject(ProofSubjectType.Event, "tx", new string('a', 64)), data.RootElement.Clone());
    }
}
