using System.Numerics;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rlp;

namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// Decodes a signed transaction from its network encoding (EIP-2718: a legacy RLP list, or a type byte 0x01/0x02
/// followed by an RLP list) with the strict RLP decoder, checks every field and the signature (EIP-2 low s; EIP-155
/// v), and recovers the sender. Bad input never throws: the result carries a <see cref="TransactionError"/>.
/// </summary>
public static class TransactionDecoder
{
    private const int LegacyFieldCount = 9;
    private const int AccessListFieldCount = 11;
    private const int DynamicFeeFieldCount = 12;

    /// <summary>Decodes and checks a signed transaction and recovers its sender.</summary>
    public static TransactionDecodeResult Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.EmptyInput, "The input is empty.");
        }

        var first = raw[0];
        if (first >= 0xc0)
        {
            return DecodeLegacy(raw);
        }

        return first switch
        {
            (byte)TransactionType.AccessList => DecodeTyped(raw, TransactionType.AccessList, AccessListFieldCount),
            (byte)TransactionType.DynamicFee => DecodeTyped(raw, TransactionType.DynamicFee, DynamicFeeFieldCount),
            >= 0x80 => TransactionDecodeResult.Failure(
                TransactionErrorCode.UnknownType,
                $"The first byte 0x{first:x2} starts an RLP string: a transaction is a type byte (0x00-0x7f) or an RLP list (0xc0-0xff)."),
            _ => TransactionDecodeResult.Failure(TransactionErrorCode.UnknownType, $"Transaction type 0x{first:x2} is not supported (0x01 and 0x02 are)."),
        };
    }

    private static TransactionDecodeResult DecodeLegacy(ReadOnlySpan<byte> raw)
    {
        var decoded = RlpDecoder.Decode(raw);
        if (!decoded.IsSuccess)
        {
            return BadRlp(decoded.Error, 0);
        }

        var fields = decoded.Value.Items;
        if (fields.Length != LegacyFieldCount)
        {
            return WrongCount(TransactionType.Legacy, fields.Length, LegacyFieldCount);
        }

        var reader = new FieldReader();
        var nonce = reader.UInt64(fields[0], "nonce");
        var gasPrice = reader.UInt256(fields[1], "gasPrice");
        var gasLimit = reader.UInt64(fields[2], "gasLimit");
        var to = reader.Recipient(fields[3]);
        var value = reader.UInt256(fields[4], "value");
        var data = reader.Bytes(fields[5], "data");
        var v = reader.UInt64(fields[6], "v", TransactionErrorCode.BadV);
        if (reader.Error is { } fieldError)
        {
            return Fail(fieldError);
        }

        // EIP-155: v = chainId·2 + 35 + id protects against replay; v = 27 + id is the original form.
        ulong? chainId;
        byte recoveryId;
        switch (v)
        {
            case 27 or 28:
                chainId = null;
                recoveryId = (byte)(v - 27);
                break;
            case >= 35:
                chainId = (v - 35) / 2;
                recoveryId = (byte)((v - 35) % 2);
                break;
            default:
                return TransactionDecodeResult.Failure(TransactionErrorCode.BadV, $"v = {v} is neither 27/28 nor chainId·2 + 35/36 (EIP-155).");
        }

        var transaction = new LegacyTransaction
        {
            Nonce = nonce,
            GasPrice = gasPrice,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data,
            ChainId = chainId,
        };
        return Finish(transaction, raw, fields[7], fields[8], recoveryId);
    }

    private static TransactionDecodeResult DecodeTyped(ReadOnlySpan<byte> raw, TransactionType type, int fieldCount)
    {
        var decoded = RlpDecoder.Decode(raw[1..]);
        if (!decoded.IsSuccess)
        {
            return BadRlp(decoded.Error, 1);
        }

        if (!decoded.Value.IsList)
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.NotAList, $"The payload of a type 0x{(byte)type:x2} transaction must be an RLP list.");
        }

        var fields = decoded.Value.Items;
        if (fields.Length != fieldCount)
        {
            return WrongCount(type, fields.Length, fieldCount);
        }

        var reader = new FieldReader();
        var chainId = reader.UInt64(fields[0], "chainId");
        var nonce = reader.UInt64(fields[1], "nonce");
        TypedTransaction transaction;
        int next;
        if (type == TransactionType.AccessList)
        {
            var gasPrice = reader.UInt256(fields[2], "gasPrice");
            var gasLimit = reader.UInt64(fields[3], "gasLimit");
            var to = reader.Recipient(fields[4]);
            var value = reader.UInt256(fields[5], "value");
            var data = reader.Bytes(fields[6], "data");
            var accessList = reader.AccessList(fields[7]);
            transaction = new AccessListTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                GasPrice = gasPrice,
                GasLimit = gasLimit,
                To = to,
                Value = value,
                Data = data,
                AccessList = accessList,
            };
            next = 8;
        }
        else
        {
            var maxPriorityFeePerGas = reader.UInt256(fields[2], "maxPriorityFeePerGas");
            var maxFeePerGas = reader.UInt256(fields[3], "maxFeePerGas");
            var gasLimit = reader.UInt64(fields[4], "gasLimit");
            var to = reader.Recipient(fields[5]);
            var value = reader.UInt256(fields[6], "value");
            var data = reader.Bytes(fields[7], "data");
            var accessList = reader.AccessList(fields[8]);
            transaction = new DynamicFeeTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                MaxPriorityFeePerGas = maxPriorityFeePerGas,
                MaxFeePerGas = maxFeePerGas,
                GasLimit = gasLimit,
                To = to,
                Value = value,
                Data = data,
                AccessList = accessList,
            };
            next = 9;
        }

        var yParity = reader.UInt64(fields[next], "yParity", TransactionErrorCode.BadV);
        if (reader.Error is { } fieldError)
        {
            return Fail(fieldError);
        }

        if (yParity > 1)
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.BadV, $"The y parity must be 0 or 1; got {yParity}.");
        }

        return Finish(transaction, raw, fields[next + 1], fields[next + 2], (byte)yParity);
    }

    // Checks r and s, recovers the sender from the signing hash, and keeps the input bytes: the strict decoder has
    // proved them canonical, so they equal the re-encoding.
    private static TransactionDecodeResult Finish(EthTransaction transaction, ReadOnlySpan<byte> raw, in RlpItem rItem, in RlpItem sItem, byte recoveryId)
    {
        var reader = new FieldReader();
        Span<byte> r = stackalloc byte[32];
        Span<byte> s = stackalloc byte[32];
        reader.Word(rItem, "r", r);
        reader.Word(sItem, "s", s);
        if (reader.Error is { } fieldError)
        {
            return Fail(fieldError);
        }

        if (!Secp256k1Scalars.IsInRange(r) || !Secp256k1Scalars.IsInRange(s))
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.InvalidSignature, "r and s must be between 1 and n - 1 (the secp256k1 group order).");
        }

        if (!Secp256k1Scalars.IsLowS(s))
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.HighS, "s is above n/2: signatures with a high s are invalid since Homestead (EIP-2).");
        }

        var signature = new EthSignature(r, s, recoveryId);
        if (!Secp256k1.TryRecoverAddress(transaction.GetSigningHash(), signature, out var sender))
        {
            return TransactionDecodeResult.Failure(TransactionErrorCode.UnrecoverableSignature, "No public key recovers from the signature.");
        }

        return TransactionDecodeResult.Success(new SignedTransaction(transaction, signature, raw.ToArray(), sender));
    }

    private static TransactionDecodeResult BadRlp(RlpError error, int offset) =>
        TransactionDecodeResult.Failure(TransactionErrorCode.BadRlp, $"Bad RLP at byte {error.Offset + offset} ({error.Code}): {error.Message}");

    private static TransactionDecodeResult WrongCount(TransactionType type, int actual, int expected) =>
        TransactionDecodeResult.Failure(TransactionErrorCode.WrongFieldCount, $"A {type} transaction has {expected} fields; this one has {actual}.");

    private static TransactionDecodeResult Fail(TransactionError error) => TransactionDecodeResult.Failure(error.Code, error.Message);

    /// <summary>Reads fields and keeps the first problem found; later reads after a failure return defaults.</summary>
    private sealed class FieldReader
    {
        public TransactionError? Error { get; private set; }

        public ulong UInt64(in RlpItem item, string name, TransactionErrorCode tooLarge = TransactionErrorCode.IntegerTooLarge)
        {
            var result = RlpDecoder.ToUInt64(item);
            if (result.TryGetValue(out var value))
            {
                return value;
            }

            Fail(result.Error, name, tooLarge);
            return 0;
        }

        public BigInteger UInt256(in RlpItem item, string name)
        {
            var result = RlpDecoder.ToUInt256(item);
            if (result.TryGetValue(out var value))
            {
                return value;
            }

            Fail(result.Error, name, TransactionErrorCode.IntegerTooLarge);
            return BigInteger.Zero;
        }

        // r and s: canonical scalars of at most 32 bytes, left-padded to a word.
        public void Word(in RlpItem item, string name, Span<byte> word)
        {
            var result = RlpDecoder.ToUInt256(item);
            word.Clear();
            if (!result.IsSuccess)
            {
                Fail(result.Error, name, TransactionErrorCode.IntegerTooLarge);
                return;
            }

            item.Bytes.CopyTo(word[(32 - item.Bytes.Length)..]);
        }

        public ReadOnlyMemory<byte> Bytes(in RlpItem item, string name)
        {
            if (item.IsList)
            {
                Set(TransactionErrorCode.ExpectedString, $"The field {name} must be a byte string, not a list.");
            }

            return item.BytesMemory;
        }

        public EthAddress? Recipient(in RlpItem item)
        {
            if (item.IsList || (item.Bytes.Length != 0 && item.Bytes.Length != EthAddress.Size))
            {
                Set(TransactionErrorCode.BadAddress, $"The field to must be empty (contract creation) or {EthAddress.Size} bytes.");
                return null;
            }

            return item.Bytes.IsEmpty ? null : EthAddress.FromBytes(item.Bytes);
        }

        public AccessListEntry[] AccessList(in RlpItem item)
        {
            if (!item.IsList)
            {
                Set(TransactionErrorCode.BadAccessList, "The access list must be an RLP list.");
                return [];
            }

            var entries = new AccessListEntry[item.Count];
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = item.Items[i];
                if (!entry.IsList || entry.Count != 2 || entry.Items[0].IsList || entry.Items[0].Bytes.Length != EthAddress.Size || !entry.Items[1].IsList)
                {
                    Set(TransactionErrorCode.BadAccessList, $"Access list entry {i} must be [20-byte address, [storage keys]].");
                    return [];
                }

                var keys = new ReadOnlyMemory<byte>[entry.Items[1].Count];
                for (var k = 0; k < keys.Length; k++)
                {
                    var key = entry.Items[1].Items[k];
                    if (key.IsList || key.Bytes.Length != AccessListEntry.StorageKeySize)
                    {
                        Set(TransactionErrorCode.BadAccessList, $"Storage key {k} of access list entry {i} must be {AccessListEntry.StorageKeySize} bytes.");
                        return [];
                    }

                    keys[k] = key.BytesMemory;
                }

                entries[i] = new AccessListEntry(EthAddress.FromBytes(entry.Items[0].Bytes), keys);
            }

            return entries;
        }

        private void Fail(RlpError error, string name, TransactionErrorCode tooLarge)
        {
            var code = error.Code switch
            {
                RlpErrorCode.LeadingZeroInInteger => TransactionErrorCode.NonCanonicalInteger,
                RlpErrorCode.ExpectedString => TransactionErrorCode.ExpectedString,
                _ => tooLarge,
            };
            Set(code, $"The field {name}: {error.Message}");
        }

        private void Set(TransactionErrorCode code, string message) => Error ??= new TransactionError(code, message);
    }
}
