using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Bridge.Canonical.Json;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: no whitespace, members sorted by the UTF-16 code units of their
/// unescaped names (§3.2.3), strings as <c>JSON.stringify</c> writes them (§3.2.2.2), numbers parsed as IEEE 754
/// doubles and written as ECMAScript's <c>Number::toString</c> (§3.2.2.3), output in UTF-8 (§3.2.4).
/// The input must be I-JSON (RFC 7493): well-formed UTF-8, no duplicate member names, no lone surrogates,
/// numbers within double range; nesting is limited to 512 levels. Input accepted by
/// <see cref="SafeJson.Parse"/> always canonicalizes.
/// </summary>
public static class Jcs
{
    /// <summary>The canonical form of <paramref name="element"/>.</summary>
    /// <exception cref="ArgumentException">The element is not I-JSON (see <see cref="Jcs"/>).</exception>
    public static byte[] Canonicalize(JsonElement element) => Canonicalize(RawText(element), lenient: true);

    /// <summary>The canonical form of the UTF-8 JSON text <paramref name="utf8Json"/> (strict RFC 8259; no BOM).</summary>
    /// <exception cref="ArgumentException">The text is not I-JSON (see <see cref="Jcs"/>).</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json) => Canonicalize(utf8Json, lenient: false);

    /// <summary>Appends the canonical form of <paramref name="element"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The element is not I-JSON; <paramref name="output"/> may hold part of the result.</exception>
    public static void Canonicalize(JsonElement element, IBufferWriter<byte> output) =>
        ThrowIfFailed(Run(RawText(element), output, lenient: true));

    /// <summary>Appends the canonical form of <paramref name="utf8Json"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The text is not I-JSON; <paramref name="output"/> may hold part of the result.</exception>
    public static void Canonicalize(ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> output) =>
        ThrowIfFailed(Run(utf8Json, output, lenient: false));

    /// <summary>
    /// Appends the canonical form of untrusted <paramref name="utf8Json"/> to <paramref name="output"/>, or says why
    /// it has none (codes from <c>ValidationCodes</c>: invalid-json, invalid-utf8, invalid-unicode, duplicate-member,
    /// out-of-range, too-deep). On failure <paramref name="output"/> may hold part of the result.
    /// </summary>
    public static bool TryCanonicalize(ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> output, [NotNullWhen(false)] out JsonInputError? error)
    {
        error = Run(utf8Json, output, lenient: false);
        return error is null;
    }

    /// <summary>Canonicalizes into the per-thread buffer and hands the bytes to <paramref name="use"/>.</summary>
    internal static TResult WithCanonicalBytes<TResult>(JsonElement element, Func<ReadOnlySpan<byte>, TResult> use) =>
        WithCanonicalBytes(RawText(element), lenient: true, use);

    internal static TResult WithCanonicalBytes<TResult>(ReadOnlySpan<byte> utf8Json, bool lenient, Func<ReadOnlySpan<byte>, TResult> use)
    {
        JcsCanonicalizer canonicalizer = JcsCanonicalizer.Rent();
        try
        {
            ThrowIfFailed(canonicalizer.Run(utf8Json, canonicalizer.Output, lenient));
            return use(canonicalizer.Output.WrittenSpan);
        }
        finally
        {
            JcsCanonicalizer.Return(canonicalizer);
        }
    }

    private static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json, bool lenient) =>
        WithCanonicalBytes(utf8Json, lenient, static bytes => bytes.ToArray());

    private static JsonInputError? Run(ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> output, bool lenient)
    {
        ArgumentNullException.ThrowIfNull(output);
        JcsCanonicalizer canonicalizer = JcsCanonicalizer.Rent();
        try
        {
            return canonicalizer.Run(utf8Json, output, lenient);
        }
        finally
        {
            JcsCanonicalizer.Return(canonicalizer);
        }
    }

    // The element's own bytes as they sit in its document (comments, if the document allowed them, are skipped).
    private static ReadOnlySpan<byte> RawText(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The element has no value (default JsonElement).", nameof(element));
        }

        return JsonMarshal.GetRawUtf8Value(element);
    }

    private static void ThrowIfFailed(JsonInputError? error)
    {
        if (error is not null)
        {
            throw new ArgumentException($"Cannot canonicalize (RFC 8785): {error.Code} at byte {error.ByteOffset}: {error.Message}");
        }
    }
}
