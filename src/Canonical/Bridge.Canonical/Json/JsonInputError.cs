using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Json;

/// <summary>
/// Why a JSON input was refused: a stable <see cref="Code"/> from <see cref="ValidationCodes"/>, a human
/// message, an RFC 6901 JSON pointer to where it happened (best effort; <c>""</c> is the whole document)
/// and the zero-based byte offset into the input as given.
/// </summary>
/// <param name="Code">A stable code from <see cref="ValidationCodes"/>, such as <c>invalid-json</c>.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Path">RFC 6901 JSON pointer to the value concerned (best effort).</param>
/// <param name="ByteOffset">Zero-based offset of the offending byte or token in the input.</param>
public sealed record JsonInputError(string Code, string Message, string Path, long ByteOffset)
{
    /// <summary>The same finding as a validation error.</summary>
    public ValidationIssue ToIssue() => ValidationIssue.Error(Path, Code, Message);
}
