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
    /// ISO 6346 check digit of a container number's first ten characters (owner code, category
    /// identifier, serial number): letters take the values 10..38 skipping multiples of 11, digits
    /// their face value; S = sum of value(c_i) * 2^i; check = (S mod 11) mod 10, so remainder 10 gives 0
    /// (ISO 6346 Annex A; python-stdnum stdnum/iso6346.py@b7aea47e; trade-standards.md §C.1).
    /// Returns -1 when the input is not exactly ten characters from A-Z and 0-9.
    /// </summary>
    public static int Iso6346CheckDigit(ReadOnlySpan<char> firstTen)
    {
        if (firstTen.Length != 10)
        {
            return -1;
        }

        var sum = 0;
        for (var i = 0; i < firstTen.Length; i++)
        {
            var c = firstTen[i];
            int value;
            if (c is >= '0' and <= '9')
            {
                value = c - '0';
            }
            else if (c is >= 'A' and <= 'Z')
            {
                value = Iso6346LetterValues[c - 'A'];
            }
            else
            {
                return -1;
            }

            sum += value << i;
        }

        return sum % 11 % 10;
    }

    /// <summary>
    /// True when an 11-character container number's last character is its ISO 6346 check digit
    /// (<see cref="Iso6346CheckDigit"/>). Checks the characters only, not the owner/category/serial layout.
    /// </summary>
    public static bool IsValidIso6346(ReadOnlySpan<char> containerNumber)
    {
        if (containerNumber.Length != 11)
        {
            return false;
        }

        var check = Iso6346CheckDigit(containerNumber[..10]);
        return check >= 0 && containerNumber[10] == (char)('0' + check);
    }

    /// <summary>
    /// IMO ship identification number check digit: the first six digits weighted 7, 6, 5, 4, 3, 2,
    /// summed, mod 10 (python-stdnum stdnum/imo.py@1c276393; trade-standards.md §C.5).
    /// Returns -1 when the input is not exactly six ASCII digits.
    /// </summary>
    public static int ImoCheckDigit(ReadOnlySpan<char> firstSix)
    {
        if (firstSix.Length != 6)
        {
            return -1;
        }

        var sum = 0;
        for (var i = 0; i < firstSix.Length; i++)
        {
            var c = firstSix[i];
            if (c is < '0' or > '9')
            {
                return -1;
            }

            sum += (c - '0') * (7 - i);
        }

        return sum % 10;
    }

    /// <summary>True when seven ASCII digits end with their IMO check digit (<see cref="ImoCheckDigit"/>).</summary>
    public static bool IsValidImo(ReadOnlySpan<char> sevenDigits)
    {
        if (sevenDigits.Length != 7)
        {
            return false;
        }

        var check = ImoCheckDigit(sevenDigits[..6]);
        return check >= 0 && sevenDigits[6] == (char)('0' + check);
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

    // ISO 6346 Annex A letter values A..Z: 10 upwards, skipping 11, 22 and 33 (multiples of 11).
    private static ReadOnlySpan<byte> Iso6346LetterValues =>
    [
        10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, // A..M
        25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38, // N..Z
    ];
}
