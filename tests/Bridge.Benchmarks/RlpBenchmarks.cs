using BenchmarkDotNet.Attributes;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Benchmarks;

/// <summary>Strict RLP on a transaction-shaped list (nine fields, 32-byte values), one thread.</summary>
[MemoryDiagnoser]
public class RlpBenchmarks
{
    private RlpItem _transaction;
    private byte[] _encoded = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        var word = new byte[32];
        for (var i = 0; i < word.Length; i++)
        {
            word[i] = (byte)(i + 1);
        }

        _transaction = RlpItem.List(
            RlpItem.FromUInt64(9),
            RlpItem.FromUInt64(20_000_000_000),
            RlpItem.FromUInt64(21_000),
            RlpItem.FromBytes(word.AsSpan(0, 20)),
            RlpItem.FromUInt64(1_000_000_000_000_000_000),
            RlpItem.FromBytes(new byte[68]),
            RlpItem.FromUInt64(37),
            RlpItem.FromBytes(word),
            RlpItem.FromBytes(word));
        _encoded = RlpEncoder.Encode(_transaction);
        _buffer = new byte[_encoded.Length];
        if (!RlpDecoder.Decode(_encoded).IsSuccess)
        {
            throw new InvalidOperationException("the benchmark input does not decode");
        }
    }

    [Benchmark]
    public int Encode() => RlpEncoder.Encode(_transaction, _buffer);

    [Benchmark]
    public bool Decode() => RlpDecoder.Decode(_encoded).IsSuccess;
}
