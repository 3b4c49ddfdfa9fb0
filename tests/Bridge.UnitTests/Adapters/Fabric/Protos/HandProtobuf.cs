using System.Text;

namespace Bridge.UnitTests.Adapters.Fabric.Protos;

/// <summary>
/// A tiny independent protobuf writer for expected bytes (protobuf encoding guide: tag = field &lt;&lt; 3 | wire type;
/// varints base-128 little-endian; wire type 2 = length-delimited). Deliberately not Google.Protobuf.
/// </summary>
internal static class HandProtobuf
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] VarintField(int field, ulong value) => [.. Varint((ulong)field << 3), .. Varint(value)];

    public static byte[] BytesField(int field, byte[] value) => [.. Varint(((ulong)field << 3) | 2), .. Varint((ulong)value.Length), .. value];

    public static byte[] StringField(int field, string value) => BytesField(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
