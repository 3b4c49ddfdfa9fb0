using System.Text.RegularExpressions;

namespace Bridge.Host.Hosting;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token, otherwise a new
/// one. The id is echoed in the response header, set as <see cref="HttpContext.TraceIdentifier"/> (so
/// problem details carry it) and added to the logging scope of everything logged for the request.
/// </summary>
internal sealed partial class RequestIdMiddleware
{
    public const string HeaderName = "X-Request-Id";
    private readonly RequestDelegate _next;
    private readonly ILogger<RequestIdMiddleware> _logger;

    public RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        var requestId = presented.Length is > 0 and <= 64 && SafeToken().IsMatch(presented)
            ? presented
            : Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = requestId;

        // Set when the response starts, not now: the exception handler clears headers before it writes a problem.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });
        using (_logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await _next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+\\z")]
    private static partial Regex SafeToken();
}
