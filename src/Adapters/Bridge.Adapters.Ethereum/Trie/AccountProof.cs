using System.Numerics;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Blocks;
using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>
/// An <c>eth_getProof</c> result (EIP-1186): an account's claimed fields with the proof of its leaf in the state trie
/// (key keccak-256(address), value RLP [nonce, balance, storageRoot, codeHash], Yellow Paper §4.1) and, for
/// each requested slot, the claimed value with the proof in the account's storage trie (key keccak-256 of the 32-byte
/// slot, value RLP of the value's big-endian bytes without leading zeros; a zero value is not stored).
/// <see cref="Verify"/> checks every proof and that the claimed fields are the proven ones. Immutable.
/// </summary>
public sealed class AccountProof
{
    /// <summary>keccak-256 of the empty string: the code hash of an account without code.</summary>
    public static ReadOnlySpan<byte> EmptyCodeHash =>
    [
        0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
        0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
    ];

    private const int AddressLength = 20;
    private const int HashLength = 32;

    /// <summary>An account proof from its parts (arrays are copied).</summary>
    /// <exception cref="ArgumentException">A length is wrong (address 20 bytes, hashes 32) or the balance is not a uint256.</exception>
    public AccountProof(
        ReadOnlySpan<byte> address,
        IEnumerable<byte[]> accountProof,
        BigInteger balance,
        ReadOnlySpan<byte> codeHash,
        ulong nonce,
        ReadOnlySpan<byte> storageHash,
        IEnumerable<StorageSlotProof> storageProofs)
    {
        ArgumentNullException.ThrowIfNull(accountProof);
        ArgumentNullException.ThrowIfNull(storageProofs);
        Address = Exact(address, AddressLength, nameof(address));
        CodeHash = Exact(codeHash, HashLength, nameof(codeHash));
        StorageHash = Exact(storageHash, HashLength, nameof(storageHash));
        Balance = balance.Sign >= 0 && balance.GetByteCount(isUnsigned: true) <= HashLength
            ? balance
            : throw new ArgumentOutOfRangeException(nameof(balance), "A balance is an unsigned 256-bit integer.");
        Nonce = nonce;
        Nodes = accountProof.Select(node => (byte[])node.Clone()).ToArray();
        StorageProofs = storageProofs.ToArray();
    }

    /// <summary>The 20-byte address.</summary>
    public ReadOnlyMemory<byte> Address { get; }

    /// <summary>The state-trie nodes on the path of keccak(address), root first.</summary>
    public IReadOnlyList<byte[]> Nodes { get; }

    /// <summary>The claimed balance in wei.</summary>
    public BigInteger Balance { get; }

    /// <summary>The claimed code hash.</summary>
    public ReadOnlyMemory<byte> CodeHash { get; }

    /// <summary>The claimed nonce (at most 2^64 - 1, EIP-2681).</summary>
    public ulong Nonce { get; }

    /// <summary>The claimed storage root.</summary>
    public ReadOnlyMemory<byte> StorageHash { get; }

    /// <summary>The storage slots' proofs, in request order.</summary>
    public IReadOnlyList<StorageSlotProof> StorageProofs { get; }

    /// <summary>
    /// Reads an <c>eth_getProof</c> result: <c>address</c>, <c>accountProof</c>, <c>balance</c>, <c>codeHash</c>,
    /// <c>nonce</c>, <c>storageHash</c>, <c>storageProof[].key/value/proof</c>. Account numbers are strict QUANTITY;
    /// storage keys and values may be DATA or QUANTITY of up to 32 bytes (clients differ) and are read as 256-bit words.
    /// </summary>
    public static DataResult<AccountProof> FromJson(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            return DataResult<AccountProof>.Failure(DataErrorCode.MalformedField, string.Empty, "A proof is a JSON object.");
        }

        var fields = new JsonFields(result, string.Empty);
        var address = fields.Bytes("address", AddressLength);
        var balance = fields.UInt256("balance");
        var codeHash = fields.Bytes("codeHash", HashLength);
        var nonce = fields.UInt64("nonce");
        var storageHash = fields.Bytes("storageHash", HashLength);
        if (fields.Error is { } error)
        {
            return DataResult<AccountProof>.Failure(error);
        }

        var nodes = ReadNodes(result, "accountProof", string.Empty);
        if (!nodes.TryGetValue(out var accountNodes))
        {
            return DataResult<AccountProof>.Failure(nodes.Error);
        }

        if (JsonHex.Array(result, "storageProof", string.Empty, out var storage) is { } storageError)
        {
            return DataResult<AccountProof>.Failure(storageError);
        }

        var slots = new StorageSlotProof[storage.GetArrayLength()];
        var index = 0;
        foreach (var entry in storage.EnumerateArray())
        {
            var path = JsonHex.Index("storageProof", index);
            if (JsonHex.Property(entry, "key", path, out var keyElement) is { } keyMissing)
            {
                return DataResult<AccountProof>.Failure(keyMissing);
            }

            if (JsonHex.Word(keyElement, JsonHex.Join(path, "key"), out var key) is { } keyError)
            {
                return DataResult<AccountProof>.Failure(keyError);
            }

            if (JsonHex.Property(entry, "value", path, out var valueElement) is { } valueMissing)
            {
                return DataResult<AccountProof>.Failure(valueMissing);
            }

            if (JsonHex.Word(valueElement, JsonHex.Join(path, "value"), out var value) is { } valueError)
            {
                return DataResult<AccountProof>.Failure(valueError);
            }

            var slotNodes = ReadNodes(entry, "proof", path);
            if (!slotNodes.TryGetValue(out var proof))
            {
                return DataResult<AccountProof>.Failure(slotNodes.Error);
            }

            slots[index++] = new StorageSlotProof(key, new BigInteger(value, isUnsigned: true, isBigEndian: true), proof);
        }

        return DataResult<AccountProof>.Success(new AccountProof(address, accountNodes, balance, codeHash, nonce, storageHash, slots));
    }

    /// <summary>
    /// Verifies the account proof against <paramref name="stateRoot"/> and each storage proof against the proven
    /// storage root, and checks that the claimed fields are the proven ones. An absent account must claim the empty
    /// account (nonce 0, balance 0, the empty code hash and the empty storage root; the all-zero hash is accepted for
    /// both, as some clients report it) and every slot of it is zero.
    /// </summary>
    /// <exception cref="ArgumentException">The state root is not 32 bytes.</exception>
    public AccountProofVerdict Verify(ReadOnlySpan<byte> stateRoot)
    {
        var account = TrieProofVerifier.VerifySecure(stateRoot, Address.Span, Nodes);
        if (!account.IsValid)
        {
            return AccountProofVerdict.Rejected(AccountProofStatus.InvalidAccountProof, account, -1, "The account proof is invalid: " + account.Reason);
        }

        Span<byte> storageRoot = stackalloc byte[HashLength];
        if (account.IsFound)
        {
            if (!TryReadAccount(account.Value.Span, out var nonce, out var balance, storageRoot, out var codeHash))
            {
                return AccountProofVerdict.Rejected(
                    AccountProofStatus.MalformedAccount, account, -1, "The proven account is not RLP [nonce, balance, storageRoot, codeHash].");
            }

            if (nonce != Nonce || balance != Balance || !storageRoot.SequenceEqual(StorageHash.Span) || !codeHash.SequenceEqual(CodeHash.Span))
            {
                return AccountProofVerdict.Rejected(AccountProofStatus.AccountMismatch, account, -1, "The claimed account fields are not the proven ones.");
            }
        }
        else
        {
            var emptyCode = CodeHash.Span.SequenceEqual(EmptyCodeHash) || IsZero(CodeHash.Span);
            var emptyStorage = StorageHash.Span.SequenceEqual(MerklePatriciaTrie.EmptyRootHash) || IsZero(StorageHash.Span);
            if (Nonce != 0 || !Balance.IsZero || !emptyCode || !emptyStorage)
            {
                return AccountProofVerdict.Rejected(AccountProofStatus.AccountMismatch, account, -1, "The account is absent but the claim is not the empty account.");
            }

            MerklePatriciaTrie.EmptyRootHash.CopyTo(storageRoot);
        }

        for (var i = 0; i < StorageProofs.Count; i++)
        {
            var slot = StorageProofs[i];
            var result = TrieProofVerifier.VerifySecure(storageRoot, slot.Key.Span, slot.Nodes);
            if (!result.IsValid)
            {
                return AccountProofVerdict.Rejected(
                    AccountProofStatus.InvalidStorageProof, result, i, $"The proof of storage slot {i} is invalid: {result.Reason}");
            }

            BigInteger proven;
            if (result.IsAbsent)
            {
                proven = BigInteger.Zero;
            }
            else if (!TryReadStorageValue(result.Value.Span, out proven))
            {
                return AccountProofVerdict.Rejected(
                    AccountProofStatus.MalformedStorageValue, result, i, $"Storage slot {i} does not hold the RLP of a non-zero 256-bit value.");
            }

            if (proven != slot.Value)
            {
                return AccountProofVerdict.Rejected(AccountProofStatus.StorageMismatch, result, i, $"The claimed value of storage slot {i} is not the proven one.");
            }
        }

        return AccountProofVerdict.Accepted(account);
    }

    // The account leaf: RLP [nonce, balance, storageRoot, codeHash] with canonical scalars (Yellow Paper §4.1).
    private static bool TryReadAccount(ReadOnlySpan<byte> value, out ulong nonce, out BigInteger balance, Span<byte> storageRoot, out ReadOnlySpan<byte> codeHash)
    {
        nonce = 0;
        balance = BigInteger.Zero;
        codeHash = default;
        Span<RlpSlice> items = stackalloc RlpSlice[5];
        if (!RlpSlice.TryRead(value, 0, value.Length, out var list) || list.End != value.Length || !list.IsList
            || RlpSlice.ReadItems(value, list, items) != 4)
        {
            return false;
        }

        if (!TryScalar(value, items[0], sizeof(ulong), out var nonceBytes) || !TryScalar(value, items[1], HashLength, out var balanceBytes)
            || items[2].IsList || items[2].PayloadLength != HashLength || items[3].IsList || items[3].PayloadLength != HashLength)
        {
            return false;
        }

        foreach (var b in nonceBytes)
        {
            nonce = (nonce << 8) | b;
        }

        balance = new BigInteger(balanceBytes, isUnsigned: true, isBigEndian: true);
        items[2].Payload(value).CopyTo(storageRoot);
        codeHash = items[3].Payload(value);
        return true;
    }

    // A storage leaf: the RLP string of the value's big-endian bytes, non-zero, no leading zeros, at most 32 bytes.
    private static bool TryReadStorageValue(ReadOnlySpan<byte> value, out BigInteger word)
    {
        word = BigInteger.Zero;
        if (!RlpSlice.TryRead(value, 0, value.Length, out var item) || item.End != value.Length
            || !TryScalar(value, item, HashLength, out var bytes) || bytes.IsEmpty)
        {
            return false;
        }

        word = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return true;
    }

    private static bool TryScalar(ReadOnlySpan<byte> buffer, in RlpSlice item, int maxLength, out ReadOnlySpan<byte> bytes)
    {
        bytes = item.Payload(buffer);
        return !item.IsList && bytes.Length <= maxLength && (bytes.IsEmpty || bytes[0] != 0);
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static DataResult<byte[][]> ReadNodes(JsonElement obj, string name, string field)
    {
        if (JsonHex.Array(obj, name, field, out var array) is { } error)
        {
            return DataResult<byte[][]>.Failure(error);
        }

        var nodes = new byte[array.GetArrayLength()][];
        var i = 0;
        foreach (var node in array.EnumerateArray())
        {
            if (JsonHex.Bytes(node, JsonHex.Index(JsonHex.Join(field, name), i), -1, out var bytes) is { } nodeError)
            {
                return DataResult<byte[][]>.Failure(nodeError);
            }

            nodes[i++] = bytes;
        }

        return DataResult<byte[][]>.Success(nodes);
    }

    private static byte[] Exact(ReadOnlySpan<byte> value, int length, string parameter) =>
        value.Length == length ? value.ToArray() : throw new ArgumentException($"Expected {length} bytes, found {value.Length}.", parameter);
}

/// <summary>One storage slot of an <c>eth_getProof</c> result: the 32-byte slot, the claimed value and the proof.</summary>
public sealed class StorageSlotProof
{
    /// <summary>A storage proof (arrays are copied).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or the value is not a uint256.</exception>
    public StorageSlotProof(ReadOnlySpan<byte> key, BigInteger value, IEnumerable<byte[]> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Key = key.Length == Keccak256.HashSizeInBytes ? key.ToArray() : throw new ArgumentException("A storage key has 32 bytes.", nameof(key));
        Value = value.Sign >= 0 && value.GetByteCount(isUnsigned: true) <= 32
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "A storage value is an unsigned 256-bit integer.");
        Nodes = nodes.Select(node => (byte[])node.Clone()).ToArray();
    }

    /// <summary>The 32-byte slot.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>The claimed value (0 for an empty slot).</summary>
    public BigInteger Value { get; }

    /// <summary>The storage-trie nodes on the path of keccak(key), root first.</summary>
    public IReadOnlyList<byte[]> Nodes { get; }
}

/// <summary>The verdict on an <see cref="AccountProof"/>.</summary>
public enum AccountProofStatus
{
    /// <summary>Every proof verifies and every claimed field is proven.</summary>
    Valid = 0,

    /// <summary>The account proof is not a valid proof under the state root.</summary>
    InvalidAccountProof = 1,

    /// <summary>The proven account is not a well-formed account.</summary>
    MalformedAccount = 2,

    /// <summary>A claimed account field differs from the proven one.</summary>
    AccountMismatch = 3,

    /// <summary>A storage proof is not a valid proof under the account's storage root.</summary>
    InvalidStorageProof = 4,

    /// <summary>A proven storage value is not a well-formed value.</summary>
    MalformedStorageValue = 5,

    /// <summary>A claimed storage value differs from the proven one.</summary>
    StorageMismatch = 6,
}

/// <summary>The outcome of <see cref="AccountProof.Verify"/>.</summary>
public readonly struct AccountProofVerdict
{
    private AccountProofVerdict(AccountProofStatus status, TrieProofResult trie, int storageIndex, bool accountExists, string reason)
    {
        Status = status;
        Trie = trie;
        StorageIndex = storageIndex;
        AccountExists = accountExists;
        Reason = reason;
    }

    /// <summary>The verdict.</summary>
    public AccountProofStatus Status { get; }

    /// <summary>True when everything is proven.</summary>
    public bool IsValid => Status == AccountProofStatus.Valid;

    /// <summary>When valid, whether the account exists in the state (false: proven absent).</summary>
    public bool AccountExists { get; }

    /// <summary>The trie verdict of the account proof, or of the storage proof that failed.</summary>
    public TrieProofResult Trie { get; }

    /// <summary>The index of the storage proof that failed; -1 for the account or when valid.</summary>
    public int StorageIndex { get; }

    /// <summary>A readable explanation; empty when valid.</summary>
    public string Reason { get; }

    internal static AccountProofVerdict Accepted(TrieProofResult account) =>
        new(AccountProofStatus.Valid, account, -1, account.IsFound, string.Empty);

    internal static AccountProofVerdict Rejected(AccountProofStatus status, TrieProofResult trie, int storageIndex, string reason) =>
        new(status, trie, storageIndex, false, reason);

    /// <inheritdoc />
    public override string ToString() => IsValid ? (AccountExists ? "Valid(account exists)" : "Valid(account absent)") : $"{Status}: {Reason}";
}
