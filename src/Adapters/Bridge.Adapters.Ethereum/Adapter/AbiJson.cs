using System.Globalization;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>
/// Writes decoded ABI values as JSON for event payloads and query results: addresses EIP-55, integers as decimal
/// strings (256-bit values do not fit a JSON number safely), bytes and fixed bytes as 0x-hex, lists as arrays.
/// </summary>
internal static class AbiJson
{
    public static void Write(Utf8JsonWriter writer, AbiValue value)
    {
        switch (value.Kind)
        {
            case AbiValueKind.Address:
                writer.WriteStringValue(value.AsAddress().ToString());
                break;
            case AbiValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool());
                break;
            case AbiValueKind.Integer:
                writer.WriteStringValue(value.AsInteger().ToString(CultureInfo.InvariantCulture));
                break;
            case AbiValueKind.Bytes:
                writer.WriteStringValue(Rpc.HexData.Encode(value.BytesSpan));
                break;
            case AbiValueKind.String:
                writer.WriteStringValue(value.AsString());
                break;
            case AbiValueKind.List:
                writer.WriteStartArray();
                foreach (var item in value.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Unknown ABI value kind {value.Kind}.");
        }
    }

    /// <summary>An event's payload: <c>{"contract", "event", "args": {name: value}}</c>.</summary>
    public static byte[] EventPayload(string contract, AbiEventLog log)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("contract", contract);
            writer.WriteString("event", log.Event.Name);
            writer.WriteStartObject("args");
            for (var i = 0; i < log.Values.Count; i++)
            {
                writer.WritePropertyName(log.Event.Inputs[i].Name.Length > 0 ? log.Event.Inputs[i].Name : $"arg{i}");
                Write(writer, log.Values[i]);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
