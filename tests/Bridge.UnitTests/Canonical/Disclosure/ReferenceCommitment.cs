using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Json;

namespace Bridge.UnitTests.Canonical.Disclosure;

/// <summary>
/// <c>bridge-salted-merkle-v1</c> written out a second time, as plainly as possible and without the code under test,
/// straight from docs/selective-disclosure.md: leaves by RFC 6901 pointer, salt = HMAC-SHA256(secret, pointer) in
/// base64url, leaf = SHA-256(0x00 || JCS([pointer, salt, value])) with the array text canonicalized as a whole, leaves
/// sorted, and the recursive MTH / PATH definitions of RFC 6962 §2.1 and §2.1.1 taken literally.
/// </summary>
internal static class ReferenceCommitment
{
    public static List<(string Pointer, JsonElement Value)> Leaves(JsonElement node)
    {
        var leaves = new List<(string, JsonElement)>();
        Walk(node, string.Empty, leaves);
        return leaves;
    }

    public static string Salt(byte[] secret, string pointer) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(pointer)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] LeafHash(string pointer, string salt, JsonElement value)
    {
        var array = "[" + JsonSerializer.Serialize(pointer) + "," + JsonSerializer.Serialize(salt) + "," + value.GetRawText() + "]";
        return SHA256.HashData([0x00, .. Jcs.Canonicalize(Encoding.UTF8.GetBytes(array))]);
    }

    /// <summary>The leaf hashes of a document, sorted ascending (tree order), with their pointers.</summary>
    public static List<(string Pointer, byte[] Hash)> SortedLeafHashes(JsonElement content, byte[] secret) =>
        Leaves(content)
            .Select(l => (l.Pointer, Hash: LeafHash(l.Pointer, Salt(secret, l.Pointer), l.Value)))
            .OrderBy(static l => Convert.ToHexString(l.Hash), StringComparer.Ordinal)
            .ToList();

    public static string Root(JsonElement content, byte[] secret) =>
        Convert.ToHexStringLower(Mth(SortedLeafHashes(content, secret).ConvertAll(static l => l.Hash)));

    public static byte[] Mth(List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return d[0];
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        return SHA256.HashData([0x01, .. Mth(d[..k]), .. Mth(d[k..])]);
    }

    public static List<byte[]> Path(int m, List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(d.Count);
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static void Walk(JsonElement node, string pointer, List<(string, JsonElement)> leaves)
    {
        if (node.ValueKind == JsonValueKind.Object && node.EnumerateObject().Any())
        {
            foreach (var member in node.EnumerateObject())
            {
                Walk(member.Value, pointer + "/" + member.Name.Replace("~", "~0").Replace("/", "~1"), leaves);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array && node.GetArrayLength() > 0)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                Walk(item, pointer + "/" + (i++).ToString(CultureInfo.InvariantCulture), leaves);
            }
        }
        else
        {
            leaves.Add((pointer, node));
        }
    }
}
