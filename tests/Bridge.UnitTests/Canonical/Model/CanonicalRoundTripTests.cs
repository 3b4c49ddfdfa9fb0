using Bridge.Canonical.Mapping;
using Bridge.Canonical.Model;
using Bridge.UnitTests.Canonical.Mapping.Ebl;
using Bridge.UnitTests.Canonical.Mapping.Tnt;
using FsCheck;
using FsCheck.Fluent;

namespace Bridge.UnitTests.Canonical.Model;

/// <summary>
/// Canonical JSON is a faithful form of the model: writing an object and reading it back through the pipeline's
/// canonical format gives the same content hash and the same id (so re-posting is idempotent).
/// </summary>
[Trait("Category", "Unit")]
public sealed class CanonicalRoundTripTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly CanonicalPipeline Pipeline = new(CanonicalMappers.CreateRegistry());

    [Fact]
    public void Events_WrittenAndReadBack_KeepHashAndId() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Tnt22Generators.Event()), e =>
        {
            var original = e with { Provenance = null };
            var result = Pipeline.Map(SourceFormats.Canonical, CanonicalJson.SerializeToUtf8Bytes(original), ReceivedAt);

            result.Validation.Errors.ShouldBeEmpty();
            var back = result.Events.ShouldHaveSingleItem();
            back.ContentSha256.ShouldBe(ContentHashing.Of(original));
            back.Id.ShouldBe(NaturalKeys.IdOf(original, ContentHashing.Of(original)));
        }));

    [Fact]
    public void TransportDocuments_WrittenAndReadBack_KeepHashAndId() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            TradeDocument original = TransportDocumentGenerator.Create(seed) with { Provenance = null };
            var result = Pipeline.Map(SourceFormats.Canonical, CanonicalJson.SerializeToUtf8Bytes(original), ReceivedAt);

            result.Validation.Errors.ShouldBeEmpty($"seed {seed}");
            var back = result.Documents.ShouldHaveSingleItem();
            back.ContentSha256.ShouldBe(ContentHashing.Of(original));
            back.Document.GetType().ShouldBe(original.GetType());
            back.Id.ShouldBe(NaturalKeys.IdOf(original));
        }));

    [Fact]
    public void Registry_HasAMapperForEveryNamedFormat() =>
        CanonicalMappers.CreateRegistry().Formats.ShouldBe(SourceFormats.All, ignoreOrder: true);
}
