namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The default block parameter of the read methods: a tag ("latest", "pending", "earliest", "safe", "finalized")
/// or a block number sent as a quantity (ethereum/execution-apis src/schemas/block.yaml <c>BlockNumberOrTag</c>;
/// "safe" and "finalized" since the Merge). The default value is <see cref="Latest"/>.
/// </summary>
public readonly struct BlockSelector : IEquatable<BlockSelector>
{
    // Stands in the tag field for a number; no tag is spelled like this.
    private const string NumberMarker = "#";

    private readonly string? _tag;

    private BlockSelector(string? tag, ulong number)
    {
        _tag = tag;
        BlockNumber = number;
    }

    /// <summary>The most recent block the node has.</summary>
    public static BlockSelector Latest => new("latest", 0);

    /// <summary>The pending state (includes transactions in the node's pool).</summary>
    public static BlockSelector Pending => new("pending", 0);

    /// <summary>The genesis block.</summary>
    public static BlockSelector Earliest => new("earliest", 0);

    /// <summary>The most recent block the consensus layer considers safe.</summary>
    public static BlockSelector Safe => new("safe", 0);

    /// <summary>The most recent finalized block.</summary>
    public static BlockSelector Finalized => new("finalized", 0);

    /// <summary>True for a block number, false for a tag.</summary>
    public bool IsNumber => _tag == NumberMarker;

    /// <summary>The block number (0 for tags).</summary>
    public ulong BlockNumber { get; }

    /// <summary>A specific block by number.</summary>
    public static BlockSelector Number(ulong number) => new(NumberMarker, number);

    /// <summary>The JSON-RPC parameter: the tag, or the number as a quantity.</summary>
    public string ToRpcParameter() => IsNumber ? HexQuantity.Encode(BlockNumber) : _tag ?? "latest";

    /// <inheritdoc />
    public override string ToString() => ToRpcParameter();

    /// <inheritdoc />
    public bool Equals(BlockSelector other) => ToRpcParameter() == other.ToRpcParameter();

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BlockSelector other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ToRpcParameter().GetHashCode(StringComparison.Ordinal);

    /// <summary>Equality by the parameter sent.</summary>
    public static bool operator ==(BlockSelector left, BlockSelector right) => left.Equals(right);

    /// <summary>Inequality by the parameter sent.</summary>
    public static bool operator !=(BlockSelector left, BlockSelector right) => !left.Equals(right);
}
