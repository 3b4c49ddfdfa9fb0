using Microsoft.AspNetCore.Builder;

namespace Bridge.Simulators.Fabric.Grpc;

/// <summary>Mounts a <see cref="GrpcServer"/> in an ASP.NET Core pipeline.</summary>
public static class GrpcServerApplicationBuilderExtensions
{
    /// <summary>
    /// Adds middleware that serves gRPC calls with <paramref name="server"/>: requests to a registered path or with a
    /// gRPC content type; everything else goes to the next middleware.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="server">The server with its methods.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder UseGrpcServer(this IApplicationBuilder app, GrpcServer server)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        return app.Use((context, next) => server.Matches(context) ? server.HandleAsync(context) : next(context));
    }
}
