using System.Buffers.Text;
using System.Text;

namespace Bridge.Relay.Registry;

/// <summary>Opaque keyset cursors: base64url of the last name on the previous page.</summary>
public static class PageCursor
{
    public static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastName));

    public static bool TryDecode(string? cursor, out string? afterName)
    {
        afterName = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            afterName = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return Names.IsValid(afterName);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
