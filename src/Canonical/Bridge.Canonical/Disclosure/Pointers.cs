namespace Bridge.Canonical.Disclosure;

/// <summary>RFC 6901 JSON pointer syntax and the "at or under" relation used by disclosures.</summary>
internal static class Pointers
{
    /// <summary>
    /// RFC 6901 §3: empty, or '/'-separated reference tokens where '~' is only followed by '0' or '1'; at most
    /// <see cref="LeafSet.MaxDepth"/> tokens.
    /// </summary>
    public static bool IsValid(string pointer)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        var tokens = 0;
        for (var i = 0; i < pointer.Length; i++)
        {
            switch (pointer[i])
            {
                case '/':
                    tokens++;
                    break;
                case '~' when i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1'):
                    return false;
            }
        }

        return tokens <= LeafSet.MaxDepth;
    }

    /// <summary>True when <paramref name="pointer"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static bool IsAtOrUnder(string pointer, string ancestor) =>
        pointer.Length == ancestor.Length
            ? string.Equals(pointer, ancestor, StringComparison.Ordinal)
            : pointer.Length > ancestor.Length && pointer[ancestor.Length] == '/' &&
              pointer.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>The decoded reference tokens of a valid pointer ("~1" → "/", then "~0" → "~", RFC 6901 §4).</summary>
    public static string[] Tokens(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer[1..].Split('/').Select(static t => t.Replace("~1", "/", StringComparison.Ordinal)
                .Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    /// <summary>The first pointer in the set that has a proper ancestor also in the set, or null when none does.</summary>
    public static (string Pointer, string Ancestor)? FindNested(IReadOnlyCollection<string> pointers)
    {
        var set = pointers as IReadOnlySet<string> ?? new HashSet<string>(pointers, StringComparer.Ordinal);
        if (set.Contains(string.Empty) && pointers.Count > 1)
        {
            return (pointers.First(static p => p.Length > 0), string.Empty);
        }

        foreach (var pointer in pointers)
        {
            for (var i = 1; i < pointer.Length; i++)
            {
                if (pointer[i] == '/' && set.Contains(pointer[..i]))
                {
                    return (pointer, pointer[..i]);
                }
            }
        }

        return null;
    }
}
