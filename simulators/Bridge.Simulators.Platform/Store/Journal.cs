using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.Simulators.Platform.Store;

/// <summary>
/// The simulator's append-only journal: one JSON object per line (JSON Lines), one line per mutation, written and
/// flushed to the disk (fsync, <see cref="FileStream.Flush(bool)"/>) before the caller answers. Replay reads every
/// complete line; a last line without its newline or that does not parse (a write torn by a crash) is ignored and cut
/// off, so the next append starts on a clean line. A damaged line before the last one is corruption and throws.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly string _path;
    private readonly FileStream _stream;

    private Journal(string path, FileStream stream)
    {
        _path = path;
        _stream = stream;
    }

    /// <summary>Opens (or creates) the journal and returns the records it holds, oldest first.</summary>
    public static Journal Open(string path, out IReadOnlyList<JsonObject> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            records = ReadAll(stream, out var validLength);
            if (validLength != stream.Length)
            {
                stream.SetLength(validLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
            return new Journal(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Parses the journal's lines; <paramref name="validLength"/> is the length up to the last good line.</summary>
    internal static List<JsonObject> ReadAll(Stream stream, out long validLength)
    {
        stream.Seek(0, SeekOrigin.Begin);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var records = new List<JsonObject>();
        var offset = 0;
        validLength = 0;
        var lineNumber = 0;
        while (offset < bytes.Length)
        {
            lineNumber++;
            var end = bytes[offset..].IndexOf((byte)'\n');
            if (end < 0)
            {
                break; // torn: no newline at the end, the write did not finish
            }

            var line = bytes.Slice(offset, end);
            JsonObject? record;
            try
            {
                record = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                record = null;
            }

            if (record is null)
            {
                if (offset + end + 1 == bytes.Length)
                {
                    break; // torn last line
                }

                throw new InvalidDataException($"The platform journal is damaged at line {lineNumber}.");
            }

            records.Add(record);
            offset += end + 1;
            validLength = offset;
        }

        return records;
    }

    /// <summary>Appends one record and flushes it to the disk.</summary>
    public void Append(JsonObject record)
    {
        var text = PlatformJson.Text(record);
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        bytes[^1] = (byte)'\n';
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Empties the journal.</summary>
    public void Clear()
    {
        _stream.SetLength(0);
        _stream.Flush(flushToDisk: true);
        _stream.Seek(0, SeekOrigin.Begin);
    }

    public void Dispose() => _stream.Dispose();

    public override string ToString() => _path;
}
