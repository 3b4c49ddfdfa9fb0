using System.Text.Json;
using Bridge.Adapters.Abstractions;

namespace Bridge.UnitTests.Adapters;

[Trait("Category", "Unit")]
public sealed class NetworkKindsTests
{
    [Theory]
    [InlineData(NetworkKind.Fabric, "fabric")]
    [InlineData(NetworkKind.Ethereum, "ethereum")]
    [InlineData(NetworkKind.Platform, "platform")]
    public void ToWireName_EachKind_IsStableAndParsesBack(NetworkKind kind, string wireName)
    {
        kind.ToWireName().ShouldBe(wireName);
        NetworkKinds.TryParse(wireName, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
    }

    [Theory]
    [InlineData("Fabric")]
    [InlineData("ETHEREUM")]
    [InlineData("0")]
    [InlineData(" platform")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAWireName_ReturnsFalse(string? value)
    {
        NetworkKinds.TryParse(value, out _).ShouldBeFalse();
    }

    [Fact]
    public void Json_NetworkKind_IsWrittenAndReadAsWireName()
    {
        JsonSerializer.Serialize(new[] { NetworkKind.Fabric, NetworkKind.Ethereum, NetworkKind.Platform })
            .ShouldBe("""["fabric","ethereum","platform"]""");
        JsonSerializer.Deserialize<NetworkKind>("\"ethereum\"").ShouldBe(NetworkKind.Ethereum);
    }

    [Theory]
    [InlineData("\"Ethereum\"")]
    [InlineData("1")]
    [InlineData("\"solana\"")]
    public void Json_NotAWireName_IsRejected(string json)
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<NetworkKind>(json));
    }

    [Fact]
    public void ToWireName_UndefinedValue_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ((NetworkKind)7).ToWireName());
    }
}
