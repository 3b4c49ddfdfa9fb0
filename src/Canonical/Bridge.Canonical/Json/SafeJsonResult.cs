using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Bridge.Canonical.Json;

/// <summary>
/// What <see cref="SafeJson.Parse"/> made of its input: a document, or the reason it was refused. Dispose it to
/// return the document's pooled memory. The document reads the caller's buffer, which must stay unchanged while
/// the document is in use.
/// </summary>
public sealed class SafeJsonResult : IDisposable
{
    private SafeJsonResult(JsonDocument? document, JsonInputError? error)
    {
        Document = document;
        Error = error;
    }

    /// <summary>The parsed document when the input was accepted.</summary>
    public JsonDocument? Document { get; }

    /// <summary>Why the input was refused.</summary>
    public JsonInputError? Error { get; }

    /// <summary>True when the input was accepted.</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Document is not null;

    /// <summary>Returns the document's pooled memory.</summary>
    public void Dispose() => Document?.Dispose();

    internal static SafeJsonResult Success(JsonDocument document) => new(document, null);

    internal static SafeJsonResult Failure(JsonInputError error) => new(null, error);
}
