using Bridge.Relay.Persistence;

namespace Bridge.UnitTests.Persistence;

[Trait("Category", "Unit")]
public sealed class BridgeDbContextTests
{
    [Theory]
    [InlineData("Id", "id")]
    [InlineData("Name", "name")]
    [InlineData("CreatedAt", "created_at")]
    [InlineData("ParticipantId", "participant_id")]
    [InlineData("TrustAnchorsJson", "trust_anchors_json")]
    [InlineData("KeyId", "key_id")]
    [InlineData("revokedAt", "revoked_at")]
    [InlineData("name", "name")]
    public void SnakeCase_PropertyName_GivesColumnName(string property, string column)
    {
        BridgeDbContext.SnakeCase(property).ShouldBe(column);
    }
}
