namespace Bridge.Canonical.Identifiers;

/// <summary>Check-digit algorithms used by trade identifiers (../shared/design/trade-standards.md §C).</summary>
public static class CheckDigits
{
    /// <summary>
    /// GS1 mod-10 (GTIN, GLN, SSCC): from the rightmost body digit, weights 3,1,3,1...;
    /// check = (10 - sum mod 10) mod 10 (GS1 General Specifications §7.9; trade-standards.md §C.2).
    /// </summary>
    public static bool IsValidGs1(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2)
        {
            return false;
        }

        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 2; i >= 0; i--)
        {
            var c = digits[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            sum += (c - '0') * weight;
            weight = weight == 3 ? 1 : 3;
        }

        var last = digits[^1];
        return last is >= '0' and <= '9' && (10 - (sum % 10)) % 10 == last - '0';
    }

    /// <summary>
    /// ISO 7064 MOD 97-10 as used by the LEI (ISO 17442): letters become 10..35, the whole number
    /// taken mod 97 must equal 1.
    /// </summary>
    public static bool IsValidMod97(ReadOnlySpan<char> value)
    {
        var remainder = 0;
        foreach (var c in value)
        {
            int v;
            if (c is >= '0' and <= '9')
            {
                v = c - '0';
                remainder = ((remainder * 10) + v) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                v = c - 'A' + 10;
                remainder = ((remainder * 100) + v) % 97;
            }
            else
            {
                return false;
            }
        }

        return value.Length > 0 && remainder == 1;
    }
}
