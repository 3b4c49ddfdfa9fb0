using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Grpc;

/// <summary>
/// One <c>google.protobuf.Any</c> (<c>1:string type_url, 2:bytes value</c>) from the details of a
/// <c>google.rpc.Status</c>. Fabric puts <c>type.googleapis.com/gateway.ErrorDetail</c> here (fabric-wire.md §1.2,
/// "Error model").
/// </summary>
/// <param name="TypeUrl">The type URL, for example <c>type.googleapis.com/gateway.ErrorDetail</c>.</param>
/// <param name="Value">The serialized message.</param>
public sealed record GrpcAny(string TypeUrl, ReadOnlyMemory<byte> Value);

/// <summary>
/// A decoded <c>google.rpc.Status</c> (<c>1:int32 code, 2:string message, 3:repeated google.protobuf.Any details</c>;
/// fabric-wire.md §1.2), the payload of the <c>grpc-status-details-bin</c> trailer.
/// </summary>
/// <param name="Code">The status code (the numeric value of a <see cref="GrpcStatusCode"/>).</param>
/// <param name="Message">The developer-facing message.</param>
/// <param name="Details">The detail messages.</param>
public sealed record GrpcStatusDetails(int Code, string Message, IReadOnlyList<GrpcAny> Details)
{
    // Field tags: (field_number << 3) | wire_type, protobuf encoding guide; wire type 0 = varint, 2 = length-delimited.
    private const uint CodeTag = (1 << 3) | 0;
    private const uint MessageTag = (2 << 3) | 2;
    private const uint DetailsTag = (3 << 3) | 2;
    private const uint TypeUrlTag = (1 << 3) | 2;
    private const uint ValueTag = (2 << 3) | 2;

    /// <summary>Serializes this status as <c>google.rpc.Status</c> protobuf bytes.</summary>
    /// <returns>The encoded message.</returns>
    public byte[] ToByteArray()
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        if (Code != 0)
        {
            output.WriteTag(CodeTag);
            output.WriteInt32(Code);
        }

        if (Message.Length != 0)
        {
            output.WriteTag(MessageTag);
            output.WriteString(Message);
        }

        foreach (var detail in Details)
        {
            var typeUrlLength = CodedOutputStream.ComputeStringSize(detail.TypeUrl);
            var valueLength = CodedOutputStream.ComputeLengthSize(detail.Value.Length) + detail.Value.Length;
            var anyLength = (detail.TypeUrl.Length == 0 ? 0 : 1 + typeUrlLength) + (detail.Value.Length == 0 ? 0 : 1 + valueLength);
            output.WriteTag(DetailsTag);
            output.WriteLength(anyLength);
            if (detail.TypeUrl.Length != 0)
            {
                output.WriteTag(TypeUrlTag);
                output.WriteString(detail.TypeUrl);
            }

            if (detail.Value.Length != 0)
            {
                output.WriteTag(ValueTag);
                output.WriteBytes(ByteString.CopyFrom(detail.Value.Span));
            }
        }

        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>Parses <c>google.rpc.Status</c> protobuf bytes; unknown fields are skipped.</summary>
    /// <param name="data">The encoded message.</param>
    /// <param name="status">The decoded status, or <see langword="null"/> when the bytes are not a valid message.</param>
    /// <returns><see langword="true"/> when the bytes decoded.</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, out GrpcStatusDetails? status)
    {
        try
        {
            status = Parse(data.ToArray());
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            status = null;
            return false;
        }
    }

    private static GrpcStatusDetails Parse(byte[] data)
    {
        var input = new CodedInputStream(data);
        var code = 0;
        var message = string.Empty;
        var details = new List<GrpcAny>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case CodeTag:
                    code = input.ReadInt32();
                    break;
                case MessageTag:
                    message = input.ReadString();
                    break;
                case DetailsTag:
                    details.Add(ParseAny(input.ReadBytes().ToByteArray()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new GrpcStatusDetails(code, message, details);
    }

    private static GrpcAny ParseAny(byte[] data)
    {
        var input = new CodedInputStream(data);
        var typeUrl = string.Empty;
        var value = ReadOnlyMemory<byte>.Empty;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case TypeUrlTag:
                    typeUrl = input.ReadString();
                    break;
                case ValueTag:
                    value = input.ReadBytes().ToByteArray();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new GrpcAny(typeUrl, value);
    }
}
