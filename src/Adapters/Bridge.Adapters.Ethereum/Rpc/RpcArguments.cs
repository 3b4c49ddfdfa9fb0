namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>Checks of caller-supplied identifiers; a malformed one is a bug in the caller, so it throws.</summary>
internal static class RpcArguments
{
    /// <summary>An address as "0x" + 40 hex digits (either case), returned lowercase.</summary>
    public static string Address(string value, string name) => Fixed(value, 20, name, "an address (\"0x\" + 40 hex digits)");

    /// <summary>A 32-byte hash as "0x" + 64 hex digits (either case), returned lowercase.</summary>
    public static string Hash32(string value, string name) => Fixed(value, 32, name, "a 32-byte hash (\"0x\" + 64 hex digits)");

    private static string Fixed(string value, int length, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (!HexData.IsValid(value, length))
        {
            throw new ArgumentException($"Expected {what}.", name);
        }

        return value.ToLowerInvariant();
    }
}
