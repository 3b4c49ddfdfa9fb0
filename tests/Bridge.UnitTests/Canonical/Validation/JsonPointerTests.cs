using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Validation;

[Trait("Category", "Unit")]
public sealed class JsonPointerTests
{
    // RFC 6901 §3: '~' is written "~0" and '/' is written "~1"; '~' is escaped first so "~1" in a name stays "~01".
    [Theory]
    [InlineData("", "name", "/name")]
    [InlineData("/trustAnchors", "chainId", "/trustAnchors/chainId")]
    [InlineData("", "a/b", "/a~1b")]
    [InlineData("", "m~n", "/m~0n")]
    [InlineData("", "~1", "/~01")]
    [InlineData("", "/~", "/~1~0")]
    [InlineData("/x", "a.b", "/x/a.b")]
    [InlineData("/x", "", "/x/")]
    [InlineData("", "é ü", "/é ü")]
    public void Append_Token_EscapesPerRfc6901(string pointer, string token, string expected)
    {
        JsonPointer.Append(pointer, token).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/endpoints", 0, "/endpoints/0")]
    [InlineData("/endpoints", 12, "/endpoints/12")]
    [InlineData("", 3, "/3")]
    public void Append_Index_AppendsTheDecimalIndex(string pointer, int index, string expected)
    {
        JsonPointer.Append(pointer, index).ShouldBe(expected);
    }
}
