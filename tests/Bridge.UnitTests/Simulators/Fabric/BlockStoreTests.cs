using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Blocks;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Bridge.Simulators.Fabric.Ledger;
using Google.Protobuf;

namespace Bridge.UnitTests.Simulators.Fabric;

[Trait("Category", "Unit")]
public sealed class BlockStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly MspOrganization _orderers = MspMaterial.CreateOrganization("OrdererMSP", "orderer.example.com", At.AddDays(-1), TimeSpan.FromDays(365));
    private readonly FabricSigner _orderer;
    private readonly string _folder = Directory.CreateTempSubdirectory("bridge-blocks-").FullName;

    public BlockStoreTests() => _orderer = _orderers.Peer.CreateSigner("OrdererMSP");

    public void Dispose()
    {
        _orderer.Dispose();
        _orderers.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Append_ThreeBlocks_ChainsHeadersSignsThemAndRecordsValidationCodes()
    {
        using var store = BlockStore.InMemory();

        var blocks = Enumerable.Range(0, 3)
            .Select(i => store.Append([Bytes(i), Bytes(i + 10)], [TxValidationCode.Valid, TxValidationCode.MvccReadConflict], _orderer))
            .ToList();

        blocks[0].Header.PreviousHash.IsEmpty.ShouldBeTrue();
        for (var i = 1; i < 3; i++)
        {
            var previous = blocks[i - 1].Header;
            blocks[i].Header.PreviousHash.ToByteArray().ShouldBe(SHA256.HashData(BlockHashing.HeaderBytes(previous.Number, previous.PreviousHash.Span, previous.DataHash.Span)));
        }

        blocks[2].Header.DataHash.ToByteArray().ShouldBe(SHA256.HashData([.. Envelope(2).ToByteArray(), .. Envelope(12).ToByteArray()]));
        blocks[2].Metadata.Metadata[(int)BlockMetadataIndex.TransactionsFilter].ToByteArray().ShouldBe(new byte[] { 0, 11 });
        var signatures = Metadata.Parser.ParseFrom(blocks[2].Metadata.Metadata[(int)BlockMetadataIndex.Signatures]);
        var signature = signatures.Signatures.Single();
        var header = blocks[2].Header;
        byte[] signed = [.. signatures.Value.ToByteArray(), .. signature.SignatureHeader.ToByteArray(), .. BlockHashing.HeaderBytes(header.Number, header.PreviousHash.Span, header.DataHash.Span)];
        _orderer.Identity.Verify(signed, signature.Signature.Span).ShouldBeTrue();
        store.Height.ShouldBe(3UL);
    }

    [Fact]
    public void Open_AfterRestart_HasTheSameChainAndResetEmptiesIt()
    {
        var path = Path.Combine(_folder, "trade.blocks");
        using (var store = BlockStore.Open(path))
        {
            store.Append([Bytes(1)], [TxValidationCode.Valid], _orderer);
            store.Append([Bytes(2)], [TxValidationCode.Valid], _orderer);
        }

        using (var reopened = BlockStore.Open(path))
        {
            reopened.Height.ShouldBe(2UL);
            reopened.Get(1)!.Data.Data.Single().ShouldBe(Envelope(2).ToByteString());
            reopened.Append([Bytes(3)], [TxValidationCode.Valid], _orderer).Header.Number.ShouldBe(2UL);
            reopened.Reset();
            reopened.Height.ShouldBe(0UL);
        }

        new FileInfo(path).Length.ShouldBe(0);
    }

    [Fact]
    public void Open_TamperedOrTruncatedFile_IsRefused()
    {
        var path = Path.Combine(_folder, "bad.blocks");
        using (var store = BlockStore.Open(path))
        {
            store.Append([Bytes(1)], [TxValidationCode.Valid], _orderer);
            store.Append([Bytes(2)], [TxValidationCode.Valid], _orderer);
        }

        var bytes = File.ReadAllBytes(path);
        var marker = Envelope(2).ToByteArray();
        var at = bytes.AsSpan().IndexOf(marker);
        at.ShouldBeGreaterThan(0);
        var tampered = (byte[])bytes.Clone();
        tampered[at + marker.Length - 1] ^= 0x01;
        File.WriteAllBytes(path, tampered);
        Should.Throw<InvalidDataException>(() => BlockStore.Open(path)).Message.ShouldContain("data hash");

        File.WriteAllBytes(path, bytes[..^3]);
        Should.Throw<InvalidDataException>(() => BlockStore.Open(path));
    }

    private static ByteString Bytes(int i) => Envelope(i).ToByteString();

    private static Envelope Envelope(int i) => new()
    {
        Payload = ByteString.CopyFrom([.. "payload-"u8, (byte)i]),
        Signature = ByteString.CopyFrom([(byte)i, 1, 2]),
    };
}
