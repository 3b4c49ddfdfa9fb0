using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Adapters.Trust;

internal static class ParseAssertions
{
    public static T ShouldSucceedAs<T>(this TrustAnchorsParseResult result)
        where T : TrustAnchors
    {
        var success = result.ShouldBeOfType<TrustAnchorsParseResult.Success>($"unexpected errors: {Describe(result.Validation)}");
        success.Validation.IsValid.ShouldBeTrue();
        return success.Anchors.ShouldBeOfType<T>();
    }

    /// <summary>Asserts a failure whose errors are exactly <paramref name="expected"/>, each as "pointer code".</summary>
    public static void ShouldFailWith(this TrustAnchorsParseResult result, params string[] expected)
    {
        result.ShouldBeOfType<TrustAnchorsParseResult.Failure>();
        result.Validation.IsValid.ShouldBeFalse();
        result.Validation.Errors.Select(e => $"{e.Path} {e.Code}").ShouldBe(expected, ignoreOrder: true);
    }

    public static string Describe(ValidationResult validation) =>
        string.Join("; ", validation.Issues.Select(i => $"{i.Path} {i.Code}: {i.Message}"));
}
