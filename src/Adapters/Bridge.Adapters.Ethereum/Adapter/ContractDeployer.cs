using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Adapter;

/// <summary>Where the bridge's contracts were deployed.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="DocumentRegistry">The DocumentRegistry's address.</param>
/// <param name="TitleRegistry">The TitleRegistry's address.</param>
/// <param name="DeploymentBlock">The first block that can hold the contracts' events (subscriptions start there).</param>
/// <param name="Owner">The deployer, owner of TitleRegistry.</param>
public sealed record DeployedContracts(ulong ChainId, EthAddress DocumentRegistry, EthAddress TitleRegistry, ulong DeploymentBlock, EthAddress Owner)
{
    /// <summary>
    /// The deployment as JSON: <c>{"chainId", "contracts": {"anchorRegistry", "titleEscrow"}, "deploymentBlock", "owner"}</c>.
    /// <c>chainId</c> and <c>contracts</c> are the trust-anchor members of the same names.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["chainId"] = ChainId,
        ["contracts"] = new JsonObject
        {
            [EthereumTrustAnchors.AnchorRegistryRole] = DocumentRegistry.ToString(),
            [EthereumTrustAnchors.TitleEscrowRole] = TitleRegistry.ToString(),
        },
        ["deploymentBlock"] = DeploymentBlock,
        ["owner"] = Owner.ToString(),
    };
}

/// <summary>Deploys DocumentRegistry and TitleRegistry and checks that the code on chain is the committed artifacts'.</summary>
public static class ContractDeployer
{
    /// <summary>
    /// Deploys both contracts from <paramref name="deployer"/> (who owns TitleRegistry), with
    /// <paramref name="relaySigners"/> (default: the deployer alone) and <paramref name="threshold"/> as the initial
    /// relay signer set, waits for both receipts and compares the deployed code with the artifacts.
    /// </summary>
    /// <exception cref="InvalidOperationException">A deployment reverted or left other code than the artifact's.</exception>
    public static async Task<DeployedContracts> DeployAsync(
        TransactionSender sender,
        EthPrivateKey deployer,
        IReadOnlyList<EthAddress>? relaySigners,
        byte threshold,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(deployer);
        var signers = relaySigners is { Count: > 0 } ? relaySigners : [deployer.Address];
        if (threshold == 0 || threshold > signers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The threshold must be between 1 and the number of relay signers ({signers.Count}).");
        }

        var documents = await DeployOneAsync(sender, deployer, BridgeContracts.DocumentRegistry, [], cancellationToken);
        var titles = await DeployOneAsync(
            sender,
            deployer,
            BridgeContracts.TitleRegistry,
            [deployer.Address, AbiValue.List(signers.Select(s => AbiValue.Address(s))), (int)threshold],
            cancellationToken);
        return new DeployedContracts(sender.ChainId, documents.Address, titles.Address, Math.Min(documents.Block, titles.Block), deployer.Address);
    }

    private static async Task<(EthAddress Address, ulong Block)> DeployOneAsync(
        TransactionSender sender,
        EthPrivateKey deployer,
        ContractArtifact artifact,
        AbiValue[] arguments,
        CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(deployer, to: null, artifact.CreationData(arguments), artifact.Abi, cancellationToken);
        if (result is not SendResult.Sent sent)
        {
            throw new InvalidOperationException($"Deploying {artifact.Name} would revert: {((SendResult.Reverted)result).Reason}");
        }

        var receipt = await sender.WaitForReceiptAsync(sent.TransactionHash, TimeSpan.FromMinutes(2), cancellationToken);
        if (receipt.GetProperty("status").GetString() != "0x1"
            || !EthAddress.TryParse(receipt.GetProperty("contractAddress").GetString(), out var address)
            || !HexQuantity.TryParseUInt64(receipt.GetProperty("blockNumber").GetString(), out var block))
        {
            throw new InvalidOperationException($"Deploying {artifact.Name} failed (transaction {sent.TransactionHash}).");
        }

        var code = await sender.Rpc.GetCodeAsync(address.ToLowerHex(), BlockSelector.Number(block), cancellationToken);
        if (!code.AsSpan().SequenceEqual(artifact.DeployedBytecode))
        {
            throw new InvalidOperationException($"The code deployed at {address} is not {artifact.Name}'s compiled runtime code.");
        }

        return (address, block);
    }

    /// <summary>Reads a deployment written by <see cref="DeployedContracts.ToJson"/>; null when it is not one.</summary>
    public static DeployedContracts? ReadDeployment(JsonElement json)
    {
        try
        {
            var contracts = json.GetProperty("contracts");
            return new DeployedContracts(
                json.GetProperty("chainId").GetUInt64(),
                EthAddress.Parse(contracts.GetProperty(EthereumTrustAnchors.AnchorRegistryRole).GetString()!),
                EthAddress.Parse(contracts.GetProperty(EthereumTrustAnchors.TitleEscrowRole).GetString()!),
                json.GetProperty("deploymentBlock").GetUInt64(),
                EthAddress.Parse(json.GetProperty("owner").GetString()!));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
