using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Proofs;

namespace Bridge.Adapters.Abstractions.Serialization;

/// <summary>Writes an enum as its stable wire name and reads only exact wire names (no numbers, no other casing).</summary>
internal abstract class WireNameConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    protected abstract string ToWireName(T value);

    protected abstract bool TryParse(string? text, out T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }

        var text = reader.GetString();
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a {typeof(T).Name} wire name.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}

internal sealed class NetworkKindJsonConverter : WireNameConverter<NetworkKind>
{
    protected override string ToWireName(NetworkKind value) => value.ToWireName();

    protected override bool TryParse(string? text, out NetworkKind value) => NetworkKinds.TryParse(text, out value);
}

internal sealed class ProofKindJsonConverter : WireNameConverter<ProofKind>
{
    protected override string ToWireName(ProofKind value) => value.ToWireName();

    protected override bool TryParse(string? text, out ProofKind value) => ProofKinds.TryParse(text, out value);
}

internal sealed class ProofSubjectTypeJsonConverter : WireNameConverter<ProofSubjectType>
{
    protected override string ToWireName(ProofSubjectType value) => value.ToWireName();

    protected override bool TryParse(string? text, out ProofSubjectType value) => ProofSubjectTypes.TryParse(text, out value);
}
