using System.Security.Cryptography;
using System.Text;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Lanes;

namespace Bridge.UnitTests.Relay.Engine;

/// <summary>Lanes, subjects and a manual clock for the relay engine's unit tests.</summary>
internal static class EngineFixtures
{
    public const string Fabric = "fabric-trade";
    public const string Ethereum = "eth-finance";
    public const string Platform = "tradelens";
    public const string TitleLane = "title-both";

    // EIP-55 examples from https://eips.ethereum.org/EIPS/eip-55.
    public const string SignerA = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    public const string SignerB = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A lane between <paramref name="source"/> and <paramref name="destination"/>; title both ways unless told.</summary>
    public static Lane NewLane(
        string name = TitleLane,
        string source = Fabric,
        string destination = Ethereum,
        LaneFlows flows = LaneFlows.Title,
        LaneDirection direction = LaneDirection.Both,
        TimeSpan? deadline = null,
        IReadOnlyList<string>? signers = null,
        int threshold = 1,
        LaneRateLimit? rate = null) => new(
            Guid.NewGuid(),
            name,
            name,
            source,
            destination,
            flows,
            direction,
            new LaneProofPolicy([ProofKind.FabricEndorsement, ProofKind.EthereumReceipt], signers ?? [SignerA, SignerB], threshold),
            null,
            deadline ?? TimeSpan.FromHours(2),
            rate ?? new LaneRateLimit(100, 200),
            [],
            false,
            T0,
            T0);

    /// <summary>An event subject with a digest derived from <paramref name="id"/> (any 64 lower-case hex would do).</summary>
    public static ProofSubject EventSubject(string id) =>
        new(ProofSubjectType.Event, id, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))));
}

/// <summary>A clock that moves only when a test says so, for both wall time and timestamps (which the rate limiter reads).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}
