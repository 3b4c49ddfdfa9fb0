using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Trust;

namespace Bridge.Adapters.Abstractions.Serialization;

/// <summary>
/// Writes a <see cref="JsonWebKey"/> as one flat JWK object (<c>kty</c>, <c>kid</c>, then every other member
/// as it was read), which the serializer's extension-data support cannot do for a read-only dictionary.
/// </summary>
internal sealed class JsonWebKeyConverter : JsonConverter<JsonWebKey>
{
    public override JsonWebKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A JWK must be a JSON object.");
        }

        string? kty = null;
        string? kid = null;
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "kty":
                    kty = ReadString(member);
                    break;
                case "kid":
                    kid = ReadString(member);
                    break;
                default:
                    parameters[member.Name] = member.Value.Clone();
                    break;
            }
        }

        return new JsonWebKey(
            kty ?? throw new JsonException("A JWK needs 'kty'."),
            kid ?? throw new JsonException("A JWK needs 'kid'."),
            parameters);
    }

    private static string ReadString(JsonProperty member) =>
        member.Value.ValueKind == JsonValueKind.String
            ? member.Value.GetString()!
            : throw new JsonException($"JWK member '{member.Name}' must be a string.");

    public override void Write(Utf8JsonWriter writer, JsonWebKey value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("kty", value.Kty);
        writer.WriteString("kid", value.Kid);
        foreach (var (name, member) in value.Parameters)
        {
            writer.WritePropertyName(name);
            member.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
