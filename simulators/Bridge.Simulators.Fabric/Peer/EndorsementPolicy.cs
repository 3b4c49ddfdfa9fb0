using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Policies;
using Bridge.Adapters.Fabric.Protos.Common;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>
/// The committing peer's endorsement policies as <c>common.SignaturePolicyEnvelope</c> (fabric-wire.md §1.2). Evaluation
/// is the adapter's <see cref="FabricSignaturePolicies.IsSatisfied"/>, the same code the <c>fabric-endorsement</c> proof
/// verifier runs, so the simulator's peers and the verifier cannot disagree about a policy (one identity per principal,
/// NodeOU roles; see there).
/// </summary>
internal static class EndorsementPolicy
{
    /// <summary>
    /// "<paramref name="n"/> of these MSPs" in <paramref name="role"/> (default MEMBER):
    /// <c>n_out_of{n, [signed_by 0, signed_by 1, ...]}</c> over one ROLE principal per MSP id (what
    /// <c>OutOf(n, 'A.member', 'B.member', ...)</c> compiles to).
    /// </summary>
    /// <exception cref="ArgumentException">No MSP ids, a duplicate or empty id, or n outside 1..count.</exception>
    public static SignaturePolicyEnvelope NOutOf(int n, IReadOnlyList<string> mspIds, string role = FabricPrincipal.MemberRole)
    {
        ArgumentNullException.ThrowIfNull(mspIds);
        if (mspIds.Count == 0 || mspIds.Any(string.IsNullOrWhiteSpace) || mspIds.Distinct(StringComparer.Ordinal).Count() != mspIds.Count)
        {
            throw new ArgumentException("The policy needs distinct, non-empty MSP ids.", nameof(mspIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, mspIds.Count);
        return FabricSignaturePolicies.ToEnvelope(Anchored(n, mspIds, role));
    }

    /// <summary>The same policy in the trust anchors' form (a signature policy).</summary>
    public static FabricEndorsementPolicy Anchored(int n, IReadOnlyList<string> mspIds, string role = FabricPrincipal.MemberRole)
    {
        ArgumentNullException.ThrowIfNull(mspIds);
        return FabricEndorsementPolicy.Signature(
            [.. mspIds.Select(id => new FabricPrincipal(id, role))],
            FabricPolicyRule.OutOf(n, [.. Enumerable.Range(0, mspIds.Count).Select(FabricPolicyRule.Signed)]));
    }

    /// <summary>
    /// True when <paramref name="identities"/> (already signature-checked) satisfy <paramref name="policy"/>; MSP
    /// membership is checked against <paramref name="msps"/> at <paramref name="at"/>. A malformed policy is never satisfied.
    /// </summary>
    public static bool IsSatisfied(
        SignaturePolicyEnvelope policy,
        IReadOnlyList<FabricIdentity> identities,
        IReadOnlyDictionary<string, MspTrust> msps,
        DateTimeOffset at) => FabricSignaturePolicies.IsSatisfied(policy, identities, msps, at);
}
