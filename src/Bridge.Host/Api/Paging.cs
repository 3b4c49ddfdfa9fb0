using Bridge.Relay.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bridge.Host.Api;

internal static class Paging
{
    /// <summary>Reads <c>limit</c> (1-200, default 50) and <c>cursor</c>; a problem when either is malformed.</summary>
    public static (int Limit, string? After, ProblemHttpResult? Problem) Read(string? limit, string? cursor)
    {
        var n = PageRequest.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n) || n < 1 || n > PageRequest.MaxLimit))
        {
            return (0, null, Problems.Validation("/query/limit", Canonical.Validation.ValidationCodes.OutOfRange, $"must be an integer from 1 to {PageRequest.MaxLimit}"));
        }

        if (!PageCursor.TryDecode(cursor, out var after))
        {
            return (0, null, Problems.Validation("/query/cursor", Canonical.Validation.ValidationCodes.InvalidFormat, "is not a cursor returned by this API"));
        }

        return (n, after, null);
    }
}
