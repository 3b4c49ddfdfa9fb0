using BenchmarkDotNet.Attributes;
using Bridge.Canonical.Hashing;
using Org.BouncyCastle.Crypto.Digests;

namespace Bridge.Benchmarks.Ethereum;

/// <summary>
/// Keccak-256 (the Ethereum hash) of 32 bytes (a word, as in trie and signing hashes) and of 1 KiB, one thread: our
/// span-based <see cref="Keccak256"/> against BouncyCastle's <see cref="KeccakDigest"/> (reused, the baseline).
/// </summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private readonly KeccakDigest _bouncyCastle = new(256);
    private readonly byte[] _output = new byte[32];
    private byte[] _input = [];

    /// <summary>Bytes hashed per call.</summary>
    [Params(32, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[Size];
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = (byte)(i * 31);
        }

        // Both must agree, or the comparison means nothing.
        var ours = Keccak256.Hash(_input);
        if (!ours.AsSpan().SequenceEqual(BouncyCastle()))
        {
            throw new InvalidOperationException("Keccak256 and KeccakDigest disagree");
        }
    }

    [Benchmark(Baseline = true)]
    public byte[] BouncyCastle()
    {
        _bouncyCastle.BlockUpdate(_input, 0, _input.Length);
        _bouncyCastle.DoFinal(_output, 0);
        return _output;
    }

    [Benchmark]
    public byte[] Bridge()
    {
        Keccak256.Hash(_input, _output);
        return _output;
    }
}
