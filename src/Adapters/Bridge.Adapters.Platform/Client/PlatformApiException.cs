using System.Net;

namespace Bridge.Adapters.Platform.Client;

/// <summary>One <c>errors[]</c> item of a 400 problem (docs/platform.md): the field (JSON path or parameter) and what is wrong.</summary>
/// <param name="Field">The JSON path or parameter name.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record PlatformFieldError(string Field, string Message);

/// <summary>
/// The platform answered with an error status. The body, when it is an RFC 9457 problem (<c>type</c>, <c>title</c>,
/// <c>status</c>, <c>detail</c>, and the platform's <c>errors[]</c> extension), is read into typed members. Client errors
/// (4xx other than 408/429) reach callers as this exception; transient ones (408, 429, 5xx) are retried and, when retries
/// run out, wrapped in a transient <see cref="Bridge.Adapters.Abstractions.AdapterException"/>.
/// </summary>
public sealed class PlatformApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlatformApiException(HttpStatusCode status, string? type, string title, string? detail, IReadOnlyList<PlatformFieldError> errors, TimeSpan? retryAfter = null)
        : base(detail is null ? $"{(int)status} {title}" : $"{(int)status} {title}: {detail}")
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem <c>type</c> URI, when given.</summary>
    public string? Type { get; }

    /// <summary>The problem <c>title</c>, else the reason phrase.</summary>
    public string Title { get; }

    /// <summary>The problem <c>detail</c>, when given.</summary>
    public string? Detail { get; }

    /// <summary>The field errors of a 400.</summary>
    public IReadOnlyList<PlatformFieldError> Errors { get; }

    /// <summary>The server's Retry-After (RFC 9110 §10.2.3) relative to the client's clock, when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the same request may succeed later: 408, 429 and 5xx (RFC 9110 §15.5.9, RFC 6585 §4, §15.6).</summary>
    public bool IsTransient => IsTransientStatus(Status);

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
