using Bridge.Canonical.Hashing;

namespace Bridge.Adapters.Ethereum.Trie;

/// <summary>
/// Verifies Merkle-Patricia proofs (Yellow Paper, Appendix D; the proof format of EIP-1186 <c>eth_getProof</c>: the RLP
/// of each node on the key's path, root first). A pure function of (root, key, proof): no I/O, no exceptions for bad
/// proofs, and no allocation beyond the result. Every node reached by hash must hash (keccak-256) to the 32-byte
/// reference in its parent (node 0 to the root); nodes under 32 bytes are embedded in their parent and so covered by
/// the parent's hash (a client that also lists them separately must list them byte for byte). Every node is strict,
/// canonical RLP; paths are checked as hex-prefix (Appendix C); nodes must be well-formed branches, extensions and
/// leaves; and the proof must end where the answer is known.
/// </summary>
public static class TrieProofVerifier
{
    private const int HashLength = Keccak256.HashSizeInBytes;
    private const int BranchWidth = 17;

    /// <summary>Verifies the proof that <paramref name="key"/> has a value (or none) in the trie with root <paramref name="rootHash"/>.</summary>
    /// <param name="rootHash">The trusted 32-byte root (for example a header's receiptsRoot or stateRoot).</param>
    /// <param name="key">The key as the trie uses it (for a secure trie, already hashed; see <see cref="VerifySecure"/>).</param>
    /// <param name="proof">The RLP-encoded nodes, root first.</param>
    /// <param name="options">Whether branches may hold values.</param>
    /// <exception cref="ArgumentException">The root is not 32 bytes (a caller bug, not bad input).</exception>
    public static TrieProofResult Verify(
        ReadOnlySpan<byte> rootHash, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> proof, TrieProofOptions options = TrieProofOptions.None)
    {
        if (rootHash.Length != HashLength)
        {
            throw new ArgumentException($"A trie root has {HashLength} bytes.", nameof(rootHash));
        }

        ArgumentNullException.ThrowIfNull(proof);
        if (proof.Count == 0)
        {
            // eth_getProof returns no nodes for a key of the empty trie (e.g. any slot of an account without storage).
            return rootHash.SequenceEqual(MerklePatriciaTrie.EmptyRootHash)
                ? TrieProofResult.Absent()
                : TrieProofResult.Invalid(TrieProofError.MissingNode, 0);
        }

        return Walk(rootHash, key, proof, (options & TrieProofOptions.AllowBranchValues) != 0);
    }

    /// <summary>Verifies a proof in a secure trie (state or storage): the path is keccak-256 of <paramref name="key"/>.</summary>
    public static TrieProofResult VerifySecure(
        ReadOnlySpan<byte> rootHash, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> proof)
    {
        Span<byte> path = stackalloc byte[HashLength];
        Keccak256.Hash(key, path);
        return Verify(rootHash, path, proof);
    }

    private static TrieProofResult Walk(ReadOnlySpan<byte> rootHash, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> proof, bool allowBranchValues)
    {
        Span<byte> expected = stackalloc byte[HashLength];
        Span<byte> actual = stackalloc byte[HashLength];
        Span<RlpSlice> items = stackalloc RlpSlice[BranchWidth];
        rootHash.CopyTo(expected);

        var keyNibbles = key.Length * 2;
        var position = 0;          // nibbles of the key consumed
        var next = 0;              // the next proof element to read
        var element = 0;           // the proof element that holds the current node
        var byHash = true;         // the current node is referenced by hash (else embedded in its parent)
        var afterExtension = false;
        var isRoot = true;
        byte[] source = [];
        int start = 0, length = 0;
        byte[]? parent = null;     // the branch the current reference came from, for diagnostics
        RlpSlice parentNode = default;

        while (true)
        {
            if (byHash)
            {
                if (next >= proof.Count)
                {
                    return TrieProofResult.Invalid(TrieProofError.MissingNode, next);
                }

                var candidate = proof[next];
                if (candidate is null || candidate.Length == 0)
                {
                    return TrieProofResult.Invalid(TrieProofError.BadRlp, next);
                }

                if (!isRoot && candidate.Length < HashLength)
                {
                    // Below the root, a node under 32 bytes is always embedded, never referenced by hash.
                    return TrieProofResult.Invalid(TrieProofError.BadReference, next);
                }

                Keccak256.Hash(candidate, actual);
                if (!actual.SequenceEqual(expected))
                {
                    var error = parent is not null && IsOtherChild(parent, parentNode, actual, items)
                        ? TrieProofError.PathMismatch
                        : TrieProofError.WrongNodeHash;
                    return TrieProofResult.Invalid(error, next);
                }

                source = candidate;
                start = 0;
                length = candidate.Length;
                element = next++;
            }
            else if (next < proof.Count && proof[next] is { } copy && copy.AsSpan().SequenceEqual(source.AsSpan(start, length)))
            {
                element = next++; // an embedded node also listed on its own: accepted only as an exact copy
            }

            var buffer = source.AsSpan();
            if (!RlpSlice.TryRead(buffer, start, start + length, out var node) || node.Length != length)
            {
                return TrieProofResult.Invalid(TrieProofError.BadRlp, element);
            }

            if (!node.IsList)
            {
                // Only the empty trie's root is a string: RLP("") = 0x80, whose hash is the empty root.
                return isRoot && node.PayloadLength == 0
                    ? Finish(TrieProofResult.Absent(), next, proof.Count)
                    : TrieProofResult.Invalid(TrieProofError.BadNodeShape, element);
            }

            isRoot = false;
            var count = RlpSlice.ReadItems(buffer, node, items);
            if (count == BranchWidth)
            {
                var value = items[BranchWidth - 1];
                if (value.IsList)
                {
                    return TrieProofResult.Invalid(TrieProofError.BadNodeShape, element);
                }

                if (value.PayloadLength > 0 && !allowBranchValues)
                {
                    return TrieProofResult.Invalid(TrieProofError.ValueInBranch, element);
                }

                // Appendix D: a branch separates at least two entries (children or a value); fewer would have been
                // a leaf or an extension.
                var entries = value.PayloadLength > 0 ? 1 : 0;
                for (var i = 0; i < BranchWidth - 1; i++)
                {
                    var reference = CheckReference(items[i]);
                    if (reference != TrieProofError.None)
                    {
                        return TrieProofResult.Invalid(reference, element);
                    }

                    entries += IsEmpty(items[i]) ? 0 : 1;
                }

                if (entries < 2)
                {
                    return TrieProofResult.Invalid(TrieProofError.BadNodeShape, element);
                }

                afterExtension = false;
                if (position == keyNibbles)
                {
                    return Finish(
                        value.PayloadLength == 0 ? TrieProofResult.Absent() : TrieProofResult.Found(source.AsMemory(value.PayloadStart, value.PayloadLength)),
                        next,
                        proof.Count);
                }

                var slot = items[HexPrefix.Nibble(key, position++)];
                if (IsEmpty(slot))
                {
                    return Finish(TrieProofResult.Absent(), next, proof.Count);
                }

                parent = source;
                parentNode = node;
                Follow(slot, buffer, expected, ref byHash, ref start, ref length);
                continue;
            }

            if (count != 2)
            {
                return TrieProofResult.Invalid(TrieProofError.BadNodeShape, element);
            }

            var pathItem = items[0];
            if (pathItem.IsList || !HexPrefix.TryReadHeader(pathItem.Payload(buffer), out var isLeaf, out var pathLength))
            {
                return TrieProofResult.Invalid(TrieProofError.BadHexPrefix, element);
            }

            var path = pathItem.Payload(buffer);
            var follows = keyNibbles - position >= pathLength && PathMatches(path, pathLength, key, position);
            var second = items[1];
            if (isLeaf)
            {
                if (afterExtension)
                {
                    return TrieProofResult.Invalid(TrieProofError.BadExtension, element);
                }

                if (second.IsList)
                {
                    return TrieProofResult.Invalid(TrieProofError.BadNodeShape, element);
                }

                if (second.PayloadLength == 0)
                {
                    return TrieProofResult.Invalid(TrieProofError.EmptyLeafValue, element);
                }

                // The leaf proves its own key; any other key that reaches it is absent.
                return Finish(
                    follows && keyNibbles - position == pathLength
                        ? TrieProofResult.Found(source.AsMemory(second.PayloadStart, second.PayloadLength))
                        : TrieProofResult.Absent(),
                    next,
                    proof.Count);
            }

            if (pathLength == 0 || afterExtension)
            {
                return TrieProofResult.Invalid(TrieProofError.BadExtension, element);
            }

            var childCheck = IsEmpty(second) ? TrieProofError.BadReference : CheckReference(second);
            if (childCheck != TrieProofError.None)
            {
                return TrieProofResult.Invalid(childCheck, element);
            }

            if (!follows)
            {
                return Finish(TrieProofResult.Absent(), next, proof.Count);
            }

            position += pathLength;
            afterExtension = true;
            parent = null;
            Follow(second, buffer, expected, ref byHash, ref start, ref length);
        }
    }

    // Moves to a child: a hash reference is checked against the next proof element; an embedded node is read in place.
    private static void Follow(in RlpSlice reference, ReadOnlySpan<byte> buffer, Span<byte> expected, ref bool byHash, ref int start, ref int length)
    {
        if (reference.IsList)
        {
            byHash = false;
            start = reference.Start;
            length = reference.Length;
        }
        else
        {
            byHash = true;
            reference.Payload(buffer).CopyTo(expected);
        }
    }

    // A child slot holds the empty string, a 32-byte hash, or an embedded node under 32 bytes (Appendix D, the function n).
    private static TrieProofError CheckReference(in RlpSlice reference)
    {
        if (reference.IsList)
        {
            return reference.Length < HashLength ? TrieProofError.None : TrieProofError.InlineNodeTooLarge;
        }

        return reference.PayloadLength is 0 or HashLength ? TrieProofError.None : TrieProofError.BadReference;
    }

    private static bool IsEmpty(in RlpSlice reference) => !reference.IsList && reference.PayloadLength == 0;

    private static bool PathMatches(ReadOnlySpan<byte> hexPrefixPath, int pathLength, ReadOnlySpan<byte> key, int position)
    {
        for (var i = 0; i < pathLength; i++)
        {
            if (HexPrefix.PathNibble(hexPrefixPath, i) != HexPrefix.Nibble(key, position + i))
            {
                return false;
            }
        }

        return true;
    }

    // Diagnostics only (the proof is already invalid): is the node's hash another child of the branch it hangs from?
    private static bool IsOtherChild(byte[] parent, in RlpSlice parentNode, ReadOnlySpan<byte> hash, Span<RlpSlice> items)
    {
        if (RlpSlice.ReadItems(parent, parentNode, items) != BranchWidth)
        {
            return false;
        }

        for (var i = 0; i < BranchWidth - 1; i++)
        {
            if (!items[i].IsList && items[i].PayloadLength == HashLength && items[i].Payload(parent).SequenceEqual(hash))
            {
                return true;
            }
        }

        return false;
    }

    private static TrieProofResult Finish(TrieProofResult result, int next, int count) =>
        next < count ? TrieProofResult.Invalid(TrieProofError.ExtraNodes, next) : result;
}
