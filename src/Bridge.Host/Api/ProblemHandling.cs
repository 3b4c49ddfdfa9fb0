using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Bridge.Host.Api;

/// <summary>
/// Turns every failure into a problem response: framework status codes (unknown route, wrong method),
/// unreadable bodies, an unreachable database and unexpected exceptions. Exception messages and request
/// bodies are never echoed for 5xx, so nothing secret leaks.
/// </summary>
internal sealed partial class ProblemExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ProblemExceptionHandler> _logger;

    public ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (type, detail, field) = Classify(exception);
        if (type == ProblemTypes.Internal)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (type == ProblemTypes.ServiceUnavailable)
        {
            LogDependencyDown(exception.GetType().Name, exception.Message);
        }

        var problem = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        httpContext.Response.StatusCode = type.Status;
        return await _problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static (ProblemType Type, string Detail, string? Field) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: 413 }:
                return (ProblemTypes.PayloadTooLarge, "The request body exceeds the configured limit (Bridge:Api:MaxRequestBodyBytes).", null);
            case BadHttpRequestException { StatusCode: 415 }:
                return (ProblemTypes.UnsupportedMediaType, "Send the body as JSON with 'Content-Type: application/json'.", null);
            case BadHttpRequestException bad when FindJsonException(bad) is { } json:
                return (ProblemTypes.MalformedRequest, DescribeJsonError(json), JsonPathToPointer(json.Path));
            case BadHttpRequestException bad when bad.Message.Contains("Implicit body inferred", StringComparison.OrdinalIgnoreCase):
                return (ProblemTypes.MalformedRequest, "A JSON request body is required.", string.Empty);
            case BadHttpRequestException bad:
                return (ProblemTypes.MalformedRequest, bad.Message, null);
            case NpgsqlException { IsTransient: true } or TimeoutException:
            case InvalidOperationException { InnerException: NpgsqlException }:
                return (ProblemTypes.ServiceUnavailable, "The database cannot be reached. Nothing was changed; retry later.", null);
            default:
                return (ProblemTypes.Internal, "An unexpected error occurred. Quote the requestId when reporting it.", null);
        }
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static string DescribeJsonError(JsonException json)
    {
        // The serializer's message names .NET types; clients need the place and the kind of mistake only.
        var msg = json.Message;
        if (msg.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "The body has a member this API does not define (check its spelling).";
        }

        if (msg.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "A value has the wrong JSON type for its field.";
        }

        if (msg.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "The body is missing required members.";
        }

        return "The body is not valid JSON.";
    }

    /// <summary>Turns a System.Text.Json path (<c>$.endpoints[0].url</c>, <c>$['odd.name']</c>) into an RFC 6901 pointer.</summary>
    internal static string JsonPathToPointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                Append(sb, path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                Append(sb, path[(i + 2)..end]);
                i = Math.Min(end + 2, path.Length);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                Append(sb, path[(i + 1)..end]);
                i = Math.Min(end + 1, path.Length);
            }
            else
            {
                i++;
            }
        }

        return sb.ToString();

        static void Append(StringBuilder sb, string token) =>
            sb.Append('/').Append(token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Dependency unavailable: {ExceptionType}: {Reason}")]
    private partial void LogDependencyDown(string exceptionType, string reason);
}
