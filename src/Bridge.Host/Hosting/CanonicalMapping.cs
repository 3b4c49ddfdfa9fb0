using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Ebl;
using Bridge.Canonical.Mapping.Epcis;
using Bridge.Canonical.Mapping.OpenAttestation;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Mapping.TradeLens;

namespace Bridge.Host.Hosting;

/// <summary>The canonical pipeline with every mapper the bridge ships, for the host and for <c>bridge map</c>.</summary>
internal static class CanonicalMapping
{
    /// <summary>A registry of every source format in <see cref="SourceFormats"/> that has a mapper.</summary>
    public static MapperRegistry CreateRegistry() => new(
    [
        new CanonicalFormatMapper(),
        new DcsaTnt22Mapper(),
        new DcsaTnt30Mapper(),
        new DcsaEbl30Mapper(),
        new EpcisMapper(),
        new TradeLensMapper(),
        new OpenAttestationMapper(),
    ]);

    public static CanonicalPipeline CreatePipeline() => new(CreateRegistry());

    public static IServiceCollection AddBridgeCanonical(this IServiceCollection services)
    {
        services.AddSingleton(_ => CreatePipeline());
        return services;
    }
}
