using System.Buffers.Binary;
using Bridge.Adapters.Fabric.Blocks;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Ledger;

/// <summary>
/// A channel's chain of blocks, built as an orderer and a committing peer would (fabric-wire.md §2.4): header
/// {number, previous_hash = the previous header's hash (empty for block 0), data_hash = SHA-256 of the envelopes},
/// metadata[SIGNATURES] = Metadata{value = OrdererBlockMetadata{last_config}, signatures = [the orderer's signature over
/// value ‖ signature_header ‖ header DER]}, metadata[TRANSACTIONS_FILTER] = one validation code byte per transaction.
/// Persisted in an append-only file of length-prefixed blocks when a path is given; reopening verifies the whole
/// chain and refuses a file whose hashes do not link (a corrupt ledger is an error, never silently repaired).
/// </summary>
public sealed class BlockStore : IDisposable
{
    private readonly List<Block> _blocks = [];
    private readonly FileStream? _file;
    private readonly Lock _gate = new();
    private byte[] _lastHash = [];

    private BlockStore(FileStream? file) => _file = file;

    /// <summary>How many blocks the chain has.</summary>
    public ulong Height
    {
        get
        {
            lock (_gate)
            {
                return (ulong)_blocks.Count;
            }
        }
    }

    /// <summary>An empty chain kept in memory only.</summary>
    public static BlockStore InMemory() => new(null);

    /// <summary>Opens (or creates) the chain persisted at <paramref name="path"/>, verifying every block's links.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or its blocks do not chain.</exception>
    public static BlockStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var store = new BlockStore(file);
        try
        {
            Span<byte> prefix = stackalloc byte[4];
            while (file.Position < file.Length)
            {
                if (file.Read(prefix) != 4)
                {
                    throw new InvalidDataException($"{path}: truncated block length at offset {file.Position}");
                }

                var bytes = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
                file.ReadExactly(bytes);
                store.Add(Block.Parser.ParseFrom(bytes), persist: false);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidProtocolBufferException or InvalidOperationException)
        {
            file.Dispose();
            throw new InvalidDataException($"{path} is not a valid ledger: {e.Message}", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Block <paramref name="number"/>, or null beyond the height.</summary>
    public Block? Get(ulong number)
    {
        lock (_gate)
        {
            return number < (ulong)_blocks.Count ? _blocks[(int)number] : null;
        }
    }

    /// <summary>
    /// Builds the next block from <paramref name="envelopes"/> with their validation codes, signs it as
    /// <paramref name="orderer"/>, appends (and persists) it, and returns it.
    /// </summary>
    public Block Append(IReadOnlyList<ByteString> envelopes, IReadOnlyList<TxValidationCode> codes, FabricSigner orderer)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(orderer);
        if (codes.Count != envelopes.Count)
        {
            throw new ArgumentException("One validation code per envelope.", nameof(codes));
        }

        lock (_gate)
        {
            var number = (ulong)_blocks.Count;
            var dataHash = BlockHashing.DataHash(envelopes.Select(e => e.Memory));
            var header = new BlockHeader { Number = number, PreviousHash = ByteString.CopyFrom(_lastHash), DataHash = ByteString.CopyFrom(dataHash) };
            var value = new OrdererBlockMetadata { LastConfig = new LastConfig { Index = 0 } }.ToByteString();
            var signatureHeader = new SignatureHeader { Creator = ByteString.CopyFrom(orderer.SerializedIdentity()), Nonce = ByteString.CopyFrom(TransactionIds.NewNonce()) }.ToByteString();
            var signed = value.Concat(signatureHeader).Concat(BlockHashing.HeaderBytes(number, _lastHash, dataHash)).ToArray();
            var signatures = new Metadata
            {
                Value = value,
                Signatures = { new MetadataSignature { SignatureHeader = signatureHeader, Signature = ByteString.CopyFrom(orderer.Sign(signed)) } },
            };

            var block = new Block
            {
                Header = header,
                Data = new BlockData { Data = { envelopes } },
                Metadata = new BlockMetadata
                {
                    Metadata =
                    {
                        signatures.ToByteString(),
                        ByteString.Empty,
                        ByteString.CopyFrom([.. codes.Select(c => (byte)c)]),
                        ByteString.Empty,
                        ByteString.Empty,
                    },
                },
            };
            Add(block, persist: true);
            return block;
        }
    }

    /// <summary>Forgets every block and truncates the file (an explicit reset).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _blocks.Clear();
            _lastHash = [];
            if (_file is not null)
            {
                _file.SetLength(0);
                _file.Flush(flushToDisk: true);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file?.Dispose();

    private void Add(Block block, bool persist)
    {
        var header = block.Header ?? throw new InvalidOperationException("a block without a header");
        if (header.Number != (ulong)_blocks.Count || !header.PreviousHash.Span.SequenceEqual(_lastHash))
        {
            throw new InvalidOperationException($"block {header.Number} does not follow block {_blocks.Count - 1}");
        }

        var dataHash = BlockHashing.DataHash(block.Data.Data.Select(d => d.Memory));
        if (!header.DataHash.Span.SequenceEqual(dataHash))
        {
            throw new InvalidOperationException($"block {header.Number}'s data hash does not match its envelopes");
        }

        if (persist && _file is not null)
        {
            var bytes = block.ToByteArray();
            Span<byte> prefix = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, bytes.Length);
            var end = _file.Seek(0, SeekOrigin.End);
            try
            {
                _file.Write(prefix);
                _file.Write(bytes);
                _file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // Leave no half-written block behind: the chain on disk stays the chain in memory.
                _file.SetLength(end);
                throw;
            }
        }

        _blocks.Add(block);
        _lastHash = BlockHashing.HeaderHash(header.Number, header.PreviousHash.Span, header.DataHash.Span);
    }
}
