namespace Bridge.Simulators.Platform.Security;

/// <summary>Base64url without padding (RFC 7515 §2 "Base64url Encoding", RFC 4648 §5).</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    /// <summary>Decodes unpadded base64url; false on any character outside the alphabet or on padding.</summary>
    public static bool TryDecode(string text, out byte[] data)
    {
        data = [];
        if (text.Contains('=', StringComparison.Ordinal) || !System.Buffers.Text.Base64Url.IsValid(text))
        {
            return false;
        }

        try
        {
            data = System.Buffers.Text.Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
