using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>
/// Endorsement policies as <c>common.SignaturePolicyEnvelope</c> (fabric-wire.md §1.2) and their evaluation over a set of
/// endorser identities the way Fabric's <c>common/cauthdsl/cauthdsl.go compile</c> evaluates them (fabric-wire.md §2.3
/// "Endorsement policy"): <c>signed_by</c> is satisfied by one not-yet-used identity that satisfies
/// <c>identities[i]</c>, which it then marks used; <c>n_out_of</c> evaluates each sub-rule on a copy of the
/// <c>used[]</c> bitmap, keeps the copy when the sub-rule holds, and holds when at least n sub-rules hold. So one
/// identity satisfies one principal.
/// <para>
/// Principals: ROLE only (<c>msp/mspimpl.go satisfiesPrincipalInternal*</c>): the MSP id must match and the identity
/// must validate against that MSP; MEMBER needs nothing more; PEER, CLIENT, ADMIN and ORDERER need the matching NodeOU
/// (the certificate's OU is <c>peer</c>, <c>client</c>, <c>admin</c> or <c>orderer</c>, as cryptogen issues them; an
/// admin listed in the MSP's admincerts is not supported). Other classifications are never satisfied.
/// </para>
/// </summary>
internal static class EndorsementPolicy
{
    /// <summary>
    /// "<paramref name="n"/> of these MSPs": <c>n_out_of{n, [signed_by 0, signed_by 1, ...]}</c> over ROLE MEMBER
    /// principals, one per MSP id (what <c>OutOf(n, 'A.member', 'B.member', ...)</c> compiles to).
    /// </summary>
    /// <exception cref="ArgumentException">No MSP ids, a duplicate or empty id, or n outside 1..count.</exception>
    public static SignaturePolicyEnvelope NOutOf(int n, IReadOnlyList<string> mspIds)
    {
        ArgumentNullException.ThrowIfNull(mspIds);
        if (mspIds.Count == 0 || mspIds.Any(string.IsNullOrWhiteSpace) || mspIds.Distinct(StringComparer.Ordinal).Count() != mspIds.Count)
        {
            throw new ArgumentException("The policy needs distinct, non-empty MSP ids.", nameof(mspIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, mspIds.Count);

        var nOutOf = new SignaturePolicy.Types.NOutOf { N = n };
        var envelope = new SignaturePolicyEnvelope { Version = 0 };
        for (var i = 0; i < mspIds.Count; i++)
        {
            nOutOf.Rules.Add(new SignaturePolicy { SignedBy = i });
            envelope.Identities.Add(new MSPPrincipal
            {
                PrincipalClassification = MSPPrincipal.Types.Classification.Role,
                Principal = new MSPRole { MspIdentifier = mspIds[i], Role = MSPRole.Types.MSPRoleType.Member }.ToByteString(),
            });
        }

        envelope.Rule = new SignaturePolicy { NOutOf = nOutOf };
        return envelope;
    }

    /// <summary>
    /// True when <paramref name="identities"/> (already signature-checked and de-duplicated) satisfy
    /// <paramref name="policy"/>; MSP membership is checked against <paramref name="msps"/> at <paramref name="at"/>.
    /// A malformed policy (no rule, an index outside identities, an unreadable principal) is never satisfied.
    /// </summary>
    public static bool IsSatisfied(
        SignaturePolicyEnvelope policy,
        IReadOnlyList<FabricIdentity> identities,
        IReadOnlyDictionary<string, MspTrust> msps,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(msps);
        if (policy.Rule is null)
        {
            return false;
        }

        // satisfies[p][i]: identity i satisfies principal p (computed lazily, at most once per pair).
        var satisfies = new bool?[policy.Identities.Count, identities.Count];
        var used = new bool[identities.Count];
        return Evaluate(policy.Rule, policy, identities, msps, at, satisfies, used, depth: 0);
    }

    private static bool Evaluate(
        SignaturePolicy rule,
        SignaturePolicyEnvelope policy,
        IReadOnlyList<FabricIdentity> identities,
        IReadOnlyDictionary<string, MspTrust> msps,
        DateTimeOffset at,
        bool?[,] satisfies,
        bool[] used,
        int depth)
    {
        // Fabric bounds nesting when it compiles policies; a deep tree here is a malformed policy, not a stack overflow.
        if (depth > 64)
        {
            return false;
        }

        switch (rule.TypeCase)
        {
            case SignaturePolicy.TypeOneofCase.SignedBy:
                var principal = rule.SignedBy;
                if (principal < 0 || principal >= policy.Identities.Count)
                {
                    return false;
                }

                for (var i = 0; i < identities.Count; i++)
                {
                    if (used[i])
                    {
                        continue;
                    }

                    satisfies[principal, i] ??= SatisfiesPrincipal(identities[i], policy.Identities[principal], msps, at);
                    if (satisfies[principal, i] == true)
                    {
                        used[i] = true;
                        return true;
                    }
                }

                return false;

            case SignaturePolicy.TypeOneofCase.NOutOf:
                var verified = 0;
                var scratch = new bool[used.Length];
                foreach (var sub in rule.NOutOf.Rules)
                {
                    used.CopyTo(scratch, 0);
                    if (Evaluate(sub, policy, identities, msps, at, satisfies, scratch, depth + 1))
                    {
                        verified++;
                        scratch.CopyTo(used, 0);
                    }
                }

                return verified >= rule.NOutOf.N;

            default:
                return false;
        }
    }

    private static bool SatisfiesPrincipal(FabricIdentity identity, MSPPrincipal principal, IReadOnlyDictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        if (principal.PrincipalClassification != MSPPrincipal.Types.Classification.Role)
        {
            return false;
        }

        MSPRole role;
        try
        {
            role = MSPRole.Parser.ParseFrom(principal.Principal);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }

        if (!string.Equals(role.MspIdentifier, identity.MspId, StringComparison.Ordinal)
            || !msps.TryGetValue(identity.MspId, out var msp)
            || !msp.Validate(identity, at).IsValid)
        {
            return false;
        }

        var requiredOu = role.Role switch
        {
            MSPRole.Types.MSPRoleType.Member => null,
            MSPRole.Types.MSPRoleType.Peer => "peer",
            MSPRole.Types.MSPRoleType.Client => "client",
            MSPRole.Types.MSPRoleType.Admin => "admin",
            MSPRole.Types.MSPRoleType.Orderer => "orderer",
            _ => string.Empty,
        };
        return requiredOu switch
        {
            null => true,
            "" => false,
            _ => OrganizationalUnits(identity).Contains(requiredOu, StringComparer.OrdinalIgnoreCase),
        };
    }

    private static IEnumerable<string> OrganizationalUnits(FabricIdentity identity) =>
        identity.Certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(n => n.GetSingleElementType().Value == "2.5.4.11") // id-at-organizationalUnitName (RFC 4519 §2.20)
            .Select(n => n.GetSingleElementValue() ?? string.Empty);
}
