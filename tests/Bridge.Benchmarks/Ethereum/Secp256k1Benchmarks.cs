using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Canonical.Hashing;

namespace Bridge.Benchmarks.Ethereum;

/// <summary>
/// secp256k1 as Ethereum uses it, one operation per call on one thread (operations/s = operations/s/core): RFC 6979
/// signing with low s and a recovery id, and public-key recovery, on the native backend (Debian's libsecp256k1, the
/// default) and the managed one (BouncyCastle). Targets (issue 4): sign ≥ 20,000/s/core and recover ≥ 15,000/s/core on
/// the default path. BouncyCastle reaches full speed only after about a second of use (ethereum-notes.md), so the
/// setup runs it for two seconds before BenchmarkDotNet's own warm-up.
/// </summary>
[MemoryDiagnoser]
public class Secp256k1Benchmarks
{
    private readonly byte[] _publicKey = new byte[64];
    private ISecp256k1Backend _backend = Secp256k1.Managed;
    private byte[] _key = [];
    private byte[] _hash = [];
    private EthSignature _signature;

    /// <summary>"native" or "managed".</summary>
    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        _backend = Backend == "native"
            ? Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1 is unavailable: " + Secp256k1.NativeFailure)
            : Secp256k1.Managed;
        _key = Keccak256.Hash("benchmark key"u8);
        _hash = Keccak256.Hash("benchmark message"u8);
        _signature = Secp256k1.Sign(_backend, _hash, _key);
        if (!Secp256k1.TryRecoverPublicKey(_backend, _hash, _signature, _publicKey))
        {
            throw new InvalidOperationException("the benchmark signature does not recover");
        }

        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(2);)
        {
            _ = Sign();
            _ = Recover();
        }
    }

    [Benchmark]
    public EthSignature Sign() => Secp256k1.Sign(_backend, _hash, _key);

    [Benchmark]
    public bool Recover() => Secp256k1.TryRecoverPublicKey(_backend, _hash, _signature, _publicKey);
}
