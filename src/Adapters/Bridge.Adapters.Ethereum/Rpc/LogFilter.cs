using System.Text.Json.Nodes;

namespace Bridge.Adapters.Ethereum.Rpc;

/// <summary>
/// The eth_getLogs filter (ethereum/execution-apis src/schemas/filter.yaml): a block range or one block hash,
/// contract addresses (any of), and topics by position, where a null position matches anything and a list matches
/// any of its entries.
/// </summary>
public sealed record LogFilter
{
    /// <summary>The first block (inclusive); null leaves the node's default ("latest").</summary>
    public BlockSelector? FromBlock { get; init; }

    /// <summary>The last block (inclusive); null leaves the node's default ("latest").</summary>
    public BlockSelector? ToBlock { get; init; }

    /// <summary>One block by hash (EIP-234); excludes <see cref="FromBlock"/> and <see cref="ToBlock"/>.</summary>
    public string? BlockHash { get; init; }

    /// <summary>The emitting contracts ("0x" + 40 hex digits); empty matches any.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Topics by position ("0x" + 64 hex digits); a null entry matches any topic there.</summary>
    public IReadOnlyList<IReadOnlyList<string>?> Topics { get; init; } = [];

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (BlockHash is not null)
        {
            if (FromBlock is not null || ToBlock is not null)
            {
                throw new ArgumentException("A log filter takes a block hash or a block range, not both.");
            }

            json["blockHash"] = RpcArguments.Hash32(BlockHash, nameof(BlockHash));
        }

        if (FromBlock is { } from)
        {
            json["fromBlock"] = from.ToRpcParameter();
        }

        if (ToBlock is { } to)
        {
            json["toBlock"] = to.ToRpcParameter();
        }

        if (Addresses.Count == 1)
        {
            json["address"] = RpcArguments.Address(Addresses[0], nameof(Addresses));
        }
        else if (Addresses.Count > 1)
        {
            var addresses = new JsonArray();
            foreach (var address in Addresses)
            {
                addresses.Add(RpcArguments.Address(address, nameof(Addresses)));
            }

            json["address"] = addresses;
        }

        if (Topics.Count > 0)
        {
            var topics = new JsonArray();
            foreach (var position in Topics)
            {
                if (position is null)
                {
                    topics.Add(null);
                    continue;
                }

                var alternatives = new JsonArray();
                foreach (var topic in position)
                {
                    alternatives.Add(RpcArguments.Hash32(topic, nameof(Topics)));
                }

                topics.Add(alternatives);
            }

            json["topics"] = topics;
        }

        return json;
    }
}
