using Bridge.Adapters.Ethereum.Crypto;

namespace Bridge.UnitTests.Adapters.Ethereum.Crypto;

/// <summary>The two secp256k1 backends by name, for theories that run once on each.</summary>
internal static class Backends
{
    public const string Native = "native";
    public const string Managed = "managed";

    /// <summary>Both backend names.</summary>
    public static TheoryData<string> Names => new() { Native, Managed };

    /// <summary>
    /// The backend called <paramref name="name"/>. The native one must be available (CI installs libsecp256k1-1):
    /// a missing library fails the test instead of skipping it.
    /// </summary>
    public static ISecp256k1Backend Get(string name) => name switch
    {
        Native => Secp256k1.Native ?? throw new InvalidOperationException("The native backend is unavailable: " + Secp256k1.NativeFailure),
        Managed => Secp256k1.Managed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown backend"),
    };
}
