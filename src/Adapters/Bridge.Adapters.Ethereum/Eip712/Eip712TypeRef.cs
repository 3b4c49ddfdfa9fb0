using Bridge.Adapters.Ethereum.Abi;

namespace Bridge.Adapters.Ethereum.Eip712;

/// <summary>A resolved member type: an ABI elementary type, a struct reference, or an array of either.</summary>
internal sealed class Eip712TypeRef
{
    private Eip712TypeRef(AbiType? elementary, string? structName, Eip712TypeRef? element, int? length)
    {
        Elementary = elementary;
        StructName = structName;
        Element = element;
        Length = length;
    }

    /// <summary>The atomic or dynamic (<c>bytes</c>, <c>string</c>) type; null for structs and arrays.</summary>
    public AbiType? Elementary { get; }

    /// <summary>The referenced struct; null otherwise.</summary>
    public string? StructName { get; }

    /// <summary>The element of an array; null otherwise.</summary>
    public Eip712TypeRef? Element { get; }

    /// <summary>k of <c>T[k]</c>; null for <c>T[]</c> and non-arrays.</summary>
    public int? Length { get; }

    public bool IsArray => Element is not null;

    /// <summary>
    /// Resolves <paramref name="text"/> against the struct names in <paramref name="structs"/>; null with a reason when it
    /// names no EIP-712 type.
    /// </summary>
    public static Eip712TypeRef? Resolve(string text, ICollection<string> structs, out string reason)
    {
        reason = string.Empty;
        int firstBracket = text.IndexOf('[', StringComparison.Ordinal);
        string baseName = firstBracket < 0 ? text : text[..firstBracket];
        Eip712TypeRef? type;
        if (structs.Contains(baseName))
        {
            type = new Eip712TypeRef(null, baseName, null, null);
        }
        else
        {
            AbiType? elementary = null;
            if (baseName.Length > 0 && baseName[0] != '(' && AbiType.Parse(baseName).TryGetValue(out var parsed) && parsed.CanonicalName == baseName)
            {
                elementary = parsed;
            }

            if (elementary is null)
            {
                reason = baseName is "uint" or "int"
                    ? $"'{baseName}' is not an EIP-712 type (there are no aliases: write {baseName}256)"
                    : $"'{baseName}' is neither an EIP-712 atomic or dynamic type nor a defined struct";
                return null;
            }

            type = new Eip712TypeRef(elementary, null, null, null);
        }

        int position = baseName.Length;
        while (position < text.Length)
        {
            int close = text.IndexOf(']', position);
            if (text[position] != '[' || close < 0)
            {
                reason = $"'{text}' has a malformed array suffix";
                return null;
            }

            var digits = text.AsSpan(position + 1, close - position - 1);
            int? length = null;
            if (digits.Length > 0)
            {
                bool canonical = digits.Length <= 7 && (digits.Length == 1 || digits[0] != '0');
                foreach (char c in digits)
                {
                    canonical &= char.IsAsciiDigit(c);
                }

                if (!canonical || int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > AbiType.MaxFixedArrayLength)
                {
                    reason = $"'{text}' has an array length that is not a decimal number up to {AbiType.MaxFixedArrayLength}";
                    return null;
                }

                length = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            }

            type = new Eip712TypeRef(null, null, type, length);
            position = close + 1;
        }

        return type;
    }

    /// <summary>The struct at the bottom of any arrays, with whether every array on the way is fixed and non-empty.</summary>
    public string? InnermostStruct(out bool mandatory)
    {
        mandatory = true;
        var type = this;
        while (type.Element is not null)
        {
            mandatory &= type.Length is > 0;
            type = type.Element;
        }

        return type.StructName;
    }
}
