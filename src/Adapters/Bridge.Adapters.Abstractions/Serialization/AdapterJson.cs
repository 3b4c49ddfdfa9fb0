using System.Text.Json;

namespace Bridge.Adapters.Abstractions.Serialization;

/// <summary>Small JSON helpers the adapters share.</summary>
public static class AdapterJson
{
    /// <summary>A JSON object written by <paramref name="write"/> (query answers).</summary>
    public static JsonElement Object(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
