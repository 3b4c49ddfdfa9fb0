using Bridge.Canonical.Mapping.Ebl;
using Bridge.Canonical.Mapping.Epcis;
using Bridge.Canonical.Mapping.Tnt;
using Bridge.Canonical.Mapping.TradeLens;

namespace Bridge.Canonical.Mapping;

/// <summary>The built-in mappers, one per <see cref="SourceFormats"/> name.</summary>
public static class CanonicalMappers
{
    /// <summary>A registry with every built-in mapper and default options.</summary>
    public static MapperRegistry CreateRegistry() => new(
    [
        new CanonicalFormatMapper(),
        new DcsaTnt22Mapper(),
        new DcsaTnt30Mapper(),
        new DcsaEbl30Mapper(),
        new EpcisMapper(),
        new TradeLensMapper(),
        new OpenAttestation.OpenAttestationMapper(),
    ]);
}
