using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>
/// What a peer knows about one channel: its name, the chaincodes defined on it, the MSPs of its member organisations
/// (trust anchors by MSP id) and the endorsement policy of its chaincodes (one policy for all chaincodes here; Fabric
/// keeps one per chaincode definition).
/// </summary>
internal sealed class ChannelDefinition
{
    /// <summary>A channel definition.</summary>
    /// <exception cref="ArgumentException">Empty name, no chaincode or no MSP.</exception>
    public ChannelDefinition(string name, IEnumerable<string> chaincodes, IEnumerable<MspTrust> msps, SignaturePolicyEnvelope endorsementPolicy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(chaincodes);
        ArgumentNullException.ThrowIfNull(msps);
        ArgumentNullException.ThrowIfNull(endorsementPolicy);
        Name = name;
        Chaincodes = new HashSet<string>(chaincodes, StringComparer.Ordinal);
        Msps = msps.ToDictionary(m => m.MspId, StringComparer.Ordinal);
        EndorsementPolicy = endorsementPolicy;
        if (Chaincodes.Count == 0)
        {
            throw new ArgumentException("A channel needs at least one chaincode.", nameof(chaincodes));
        }

        if (Msps.Count == 0)
        {
            throw new ArgumentException("A channel needs at least one MSP.", nameof(msps));
        }
    }

    /// <summary>The channel name (<c>ChannelHeader.channel_id</c>).</summary>
    public string Name { get; }

    /// <summary>The chaincode names defined on the channel.</summary>
    public IReadOnlySet<string> Chaincodes { get; }

    /// <summary>The member MSPs by MSP id.</summary>
    public IReadOnlyDictionary<string, MspTrust> Msps { get; }

    /// <summary>The chaincodes' endorsement policy.</summary>
    public SignaturePolicyEnvelope EndorsementPolicy { get; }
}
