namespace Bridge.Adapters.Ethereum.Abi;

/// <summary>
/// Reads human-readable signatures such as <c>transfer(address to, uint256 amount)</c> or
/// <c>Transfer(address indexed from, address indexed to, uint256 value)</c>: a name, then parameters written as
/// a canonical type (abi-spec "Types"; tuples without spaces), optionally <c>indexed</c>, optionally a name.
/// </summary>
internal static class AbiSignatureParser
{
    public static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] is '_' or '$'))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>name(params)</c> plus an optional trailing word (e.g. <c>anonymous</c>).</summary>
    public static bool TryParse(string text, bool allowIndexed, out string name, out AbiParameter[] parameters, out string trailer, out AbiError error)
    {
        name = string.Empty;
        parameters = [];
        trailer = string.Empty;
        error = default;
        text = text.Trim();
        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (open <= 0 || close < open)
        {
            error = Invalid(text, "expected name(parameters)");
            return false;
        }

        name = text[..open].Trim();
        if (!IsIdentifier(name))
        {
            error = Invalid(text, $"'{name}' is not a Solidity identifier");
            return false;
        }

        trailer = text[(close + 1)..].Trim();
        var list = new List<AbiParameter>();
        var inner = text.AsSpan(open + 1, close - open - 1);
        if (inner.Trim().Length > 0)
        {
            foreach (var part in SplitTopLevel(inner.ToString()))
            {
                if (!TryParameter(part, allowIndexed, out var parameter, out error))
                {
                    error = error with { Path = "[" + list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" };
                    return false;
                }

                list.Add(parameter);
            }
        }

        parameters = [.. list];
        return true;
    }

    private static bool TryParameter(string text, bool allowIndexed, out AbiParameter parameter, out AbiError error)
    {
        parameter = null!;
        var words = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 3)
        {
            error = Invalid(text, "expected 'type [indexed] [name]'");
            return false;
        }

        var type = AbiType.Parse(words[0]);
        if (!type.IsSuccess)
        {
            error = type.Error;
            return false;
        }

        bool indexed = words.Length > 1 && words[1] == "indexed";
        if (indexed && !allowIndexed)
        {
            error = Invalid(text, "only event parameters can be indexed");
            return false;
        }

        int nameIndex = indexed ? 2 : 1;
        if (words.Length > nameIndex + 1 || (words.Length == nameIndex + 1 && !IsIdentifier(words[nameIndex])))
        {
            error = Invalid(text, "expected 'type [indexed] [name]'");
            return false;
        }

        error = default;
        parameter = new AbiParameter(words.Length == nameIndex + 1 ? words[nameIndex] : string.Empty, type.Value, indexed);
        return true;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static AbiError Invalid(string text, string reason) =>
        AbiErrors.Value(AbiErrorCode.InvalidType, $"'{(text.Length <= 80 ? text : text[..77] + "...")}': {reason}");
}
