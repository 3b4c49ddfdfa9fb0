using Bridge.Host.Api;

namespace Bridge.UnitTests.Host.Api;

[Trait("Category", "Unit")]
public sealed class ProblemTypesTests
{
    [Fact]
    public void All_Codes_AreUniqueSlugs()
    {
        var codes = ProblemTypes.All.Select(p => p.Code).ToList();

        codes.ShouldBe(
        [
            "validation", "malformed-request", "unauthenticated", "forbidden", "not-found", "method-not-allowed",
            "conflict", "payload-too-large", "unsupported-media-type", "service-unavailable", "internal",
            "no-records", "record-conflict", "webhook-rejected", "webhook-replayed", "message-transition-refused",
        ]);
        codes.Distinct(StringComparer.Ordinal).Count().ShouldBe(codes.Count);
    }

    [Fact]
    public void All_Uri_IsProblemsSlashCode()
    {
        foreach (var type in ProblemTypes.All)
        {
            type.Uri.ShouldBe("/problems/" + type.Code);
            type.Title.ShouldNotBeNullOrWhiteSpace();
            type.Description.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData("validation", 400)]
    [InlineData("malformed-request", 400)]
    [InlineData("unauthenticated", 401)]
    [InlineData("forbidden", 403)]
    [InlineData("not-found", 404)]
    [InlineData("method-not-allowed", 405)]
    [InlineData("conflict", 409)]
    [InlineData("payload-too-large", 413)]
    [InlineData("unsupported-media-type", 415)]
    [InlineData("service-unavailable", 503)]
    [InlineData("internal", 500)]
    public void ForCode_KnownCode_HasItsStatus(string code, int status)
    {
        var type = ProblemTypes.ForCode(code).ShouldNotBeNull();

        type.Code.ShouldBe(code);
        type.Status.ShouldBe(status);
        type.Uri.ShouldBe($"/problems/{code}");
    }

    [Theory]
    [InlineData("Validation")]
    [InlineData("bad-request")]
    [InlineData("")]
    public void ForCode_UnknownCode_ReturnsNull(string code)
    {
        ProblemTypes.ForCode(code).ShouldBeNull();
    }

    [Theory]
    [InlineData(400, "malformed-request")] // a bare 400 is a framework rejection; validation failures are built explicitly
    [InlineData(401, "unauthenticated")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not-found")]
    [InlineData(405, "method-not-allowed")]
    [InlineData(409, "conflict")]
    [InlineData(413, "payload-too-large")]
    [InlineData(415, "unsupported-media-type")]
    [InlineData(500, "internal")]
    [InlineData(503, "service-unavailable")]
    public void ForStatus_MappedStatus_ReturnsTheTypeWithThatStatus(int status, string code)
    {
        var type = ProblemTypes.ForStatus(status).ShouldNotBeNull();

        type.Code.ShouldBe(code);
        type.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(302)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(502)]
    public void ForStatus_UnmappedStatus_ReturnsNull(int status)
    {
        ProblemTypes.ForStatus(status).ShouldBeNull();
    }
}
