namespace Bridge.Host.Api;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Problem details everywhere, with our stable type for framework-generated statuses and the request
    /// id in every problem so a user can quote it.
    /// </summary>
    public static IServiceCollection AddBridgeProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            if (ctx.ProblemDetails.Type is null || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                var type = ProblemTypes.ForStatus(status) ?? ProblemTypes.Internal;
                ctx.ProblemDetails.Type = type.Uri;
                ctx.ProblemDetails.Title = type.Title;
                ctx.ProblemDetails.Detail ??= type.Description;
            }

            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Extensions.Remove("traceId");
        });
        return services;
    }
}
