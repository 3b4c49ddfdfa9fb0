using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.Adapters.Ethereum.Contracts;

/// <summary>One compiled contract: its ABI and bytecode, as scripts/compile.mjs wrote them to Contracts/Artifacts.</summary>
public sealed class ContractArtifact
{
    private readonly byte[] _bytecode;
    private readonly byte[] _deployedBytecode;

    private ContractArtifact(string name, string compilerVersion, AbiContract abi, byte[] bytecode, byte[] deployedBytecode)
    {
        Name = name;
        CompilerVersion = compilerVersion;
        Abi = abi;
        _bytecode = bytecode;
        _deployedBytecode = deployedBytecode;
    }

    /// <summary>The contract's name, e.g. <c>TitleRegistry</c>.</summary>
    public string Name { get; }

    /// <summary>The solc version that compiled it.</summary>
    public string CompilerVersion { get; }

    /// <summary>The contract's ABI.</summary>
    public AbiContract Abi { get; }

    /// <summary>The creation bytecode (constructor arguments are appended to it).</summary>
    public ReadOnlySpan<byte> Bytecode => _bytecode;

    /// <summary>The runtime bytecode that a deployment leaves on chain.</summary>
    public ReadOnlySpan<byte> DeployedBytecode => _deployedBytecode;

    /// <summary>The function <paramref name="name"/>; a missing one is a bug in the caller.</summary>
    public AbiFunction Function(string name) =>
        Abi.TryGetFunction(name, out var function) ? function : throw new InvalidOperationException($"{Name} has no function '{name}'.");

    /// <summary>The event <paramref name="name"/>; a missing one is a bug in the caller.</summary>
    public AbiEvent Event(string name) =>
        Abi.TryGetEvent(name, out var abiEvent) ? abiEvent : throw new InvalidOperationException($"{Name} has no event '{name}'.");

    /// <summary>Creation bytecode followed by the ABI-encoded constructor arguments.</summary>
    public byte[] CreationData(params AbiValue[] constructorArguments)
    {
        var arguments = Abi.EncodeConstructor(constructorArguments);
        if (!arguments.TryGetValue(out var encoded))
        {
            throw new ArgumentException($"Constructor arguments of {Name}: {arguments.Error}", nameof(constructorArguments));
        }

        return [.. _bytecode, .. encoded];
    }

    internal static ContractArtifact Load(string name)
    {
        var resource = $"Bridge.Adapters.Ethereum.Contracts.{name}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The build lacks the embedded artifact {resource}.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var abi = AbiContract.Read(root.GetProperty("abi"));
        if (!abi.TryGetValue(out var contract))
        {
            throw new InvalidOperationException($"The artifact of {name} has an unreadable ABI: {abi.Error}");
        }

        return new ContractArtifact(
            name,
            root.GetProperty("compiler").GetProperty("version").GetString()!,
            contract,
            Bytes(root, "bytecode", name),
            Bytes(root, "deployedBytecode", name));
    }

    private static byte[] Bytes(JsonElement root, string member, string name) =>
        HexData.TryDecode(root.GetProperty(member).GetString(), out var bytes) && bytes.Length > 0
            ? bytes
            : throw new InvalidOperationException($"The artifact of {name} has no valid '{member}'.");
}

/// <summary>The bridge's contracts, compiled: <see cref="DocumentRegistry"/> and <see cref="TitleRegistry"/>.</summary>
public static class BridgeContracts
{
    private static readonly Lazy<ContractArtifact> Documents = new(() => ContractArtifact.Load("DocumentRegistry"));
    private static readonly Lazy<ContractArtifact> Titles = new(() => ContractArtifact.Load("TitleRegistry"));

    /// <summary>Document anchors: anchor, revoke, getAnchor; events DocumentAnchored and DocumentRevoked.</summary>
    public static ContractArtifact DocumentRegistry => Documents.Value;

    /// <summary>Titles of transferable records and their movement between networks under relay attestations.</summary>
    public static ContractArtifact TitleRegistry => Titles.Value;
}
