using Bridge.Canonical.Mapping;

namespace Bridge.Host.Hosting;

/// <summary>The canonical pipeline with every built-in mapper, for the host and for <c>bridge map</c>.</summary>
internal static class CanonicalMapping
{
    public static CanonicalPipeline CreatePipeline() => new(CanonicalMappers.CreateRegistry());

    public static IServiceCollection AddBridgeCanonical(this IServiceCollection services)
    {
        services.AddSingleton(_ => CreatePipeline());
        return services;
    }
}
