using System.Buffers;

namespace Bridge.Canonical.Json;

/// <summary>
/// Writes small pieces to an <see cref="IBufferWriter{T}"/> through a cached span, so single bytes do not
/// cost an interface call each. Call <see cref="Flush"/> at the end.
/// </summary>
internal ref struct Utf8Emitter
{
    private const int ChunkSize = 4096;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _buffer;
    private int _position;

    public Utf8Emitter(IBufferWriter<byte> output)
    {
        _output = output;
        _buffer = default;
        _position = 0;
    }

    public void Write(byte value)
    {
        if (_position == _buffer.Length)
        {
            Renew(1);
        }

        _buffer[_position++] = value;
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        if (value.Length > _buffer.Length - _position)
        {
            Renew(value.Length);
        }

        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>A span of at least <paramref name="size"/> bytes; follow with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (size > _buffer.Length - _position)
        {
            Renew(size);
        }

        return _buffer[_position..];
    }

    public void Advance(int count) => _position += count;

    public void Flush()
    {
        if (_position > 0)
        {
            _output.Advance(_position);
        }

        _buffer = default;
        _position = 0;
    }

    private void Renew(int size)
    {
        if (_position > 0)
        {
            _output.Advance(_position);
        }

        _buffer = _output.GetSpan(Math.Max(size, ChunkSize));
        _position = 0;
    }
}
