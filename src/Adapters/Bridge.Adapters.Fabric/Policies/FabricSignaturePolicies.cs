using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Google.Protobuf;

namespace Bridge.Adapters.Fabric.Policies;

/// <summary>
/// Fabric endorsement policies (<c>common.SignaturePolicyEnvelope</c>, fabric-wire.md §1.2): conversion from and to the
/// trust anchors' JSON form (<see cref="FabricEndorsementPolicy"/>), and the one evaluator that the proof verifier and the
/// simulator's committing peer share.
/// <para>
/// Evaluation follows Fabric's <c>common/cauthdsl/cauthdsl.go compile</c> (fabric-wire.md §2.3 "Endorsement policy"):
/// identities are de-duplicated (MSP id and certificate hash); <c>signed_by i</c> holds when an identity not yet used
/// satisfies <c>identities[i]</c>, and marks it used; <c>n_out_of</c> evaluates each sub-rule on a copy of the
/// <c>used</c> array, keeps the copy when the sub-rule holds, and holds when at least n sub-rules hold. So one identity
/// satisfies one principal, and the matching is Fabric's greedy one (first fitting identity in order), so that the
/// verifier agrees with a peer on every input.
/// </para>
/// <para>
/// Principals (Fabric <c>msp/mspimpl.go satisfiesPrincipalInternalV143</c>, <c>hasOURoleInternal</c>): ROLE only. The MSP
/// id must match and the identity must chain to that MSP's roots at the given time. MEMBER needs nothing more. PEER,
/// CLIENT, ADMIN and ORDERER need the NodeOU: the certificate's subject carries the organizational unit <c>peer</c>,
/// <c>client</c>, <c>admin</c> or <c>orderer</c> (the identifiers cryptogen and Fabric CA configure; compared exactly, as
/// Fabric compares <c>OrganizationalUnitIdentifier</c>), and exactly one of those four (with NodeOUs enabled Fabric
/// refuses an identity that is "a combination of them", <c>msp/mspimplvalidate.go validateIdentityOUsV143</c>). ADMIN by
/// the MSP's admincerts list is not supported (fails closed), nor are other classifications (ORGANIZATION_UNIT, IDENTITY,
/// ...), which are never satisfied. MSPs with custom NodeOU identifiers are not supported either: their role principals
/// fail closed.
/// </para>
/// </summary>
public static class FabricSignaturePolicies
{
    /// <summary>The NodeOU identifiers of the roles, in MSPRole numbering (MEMBER has none).</summary>
    private static readonly string[] NodeOus = ["admin", "client", "peer", "orderer"];

    // Fabric bounds nesting when policies are written; a deeper tree here is malformed, not a stack overflow.
    private const int MaxDepth = 64;

    /// <summary>
    /// The envelope of <paramref name="policy"/>: a signature policy as is; n-of as <c>n_out_of(N, signed_by i)</c> over one
    /// MEMBER principal per MSP id (what <c>OutOf(N, 'A.member', ...)</c> compiles to). Version 0.
    /// </summary>
    /// <exception cref="ArgumentException">The policy has an unknown type or misses its parts (anchors from TrustAnchorsJson never do).</exception>
    public static SignaturePolicyEnvelope ToEnvelope(FabricEndorsementPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.AsSignaturePolicy() is not var (identities, rule))
        {
            throw new ArgumentException($"The endorsement policy of type '{policy.Type}' cannot be evaluated.", nameof(policy));
        }

        var envelope = new SignaturePolicyEnvelope { Version = 0, Rule = ToRule(rule, 0) };
        foreach (var principal in identities)
        {
            var role = Array.IndexOf(FabricPrincipal.Roles.ToArray(), principal.Role);
            if (role < 0)
            {
                throw new ArgumentException($"'{principal.Role}' is not a role.", nameof(policy));
            }

            envelope.Identities.Add(new MSPPrincipal
            {
                PrincipalClassification = MSPPrincipal.Types.Classification.Role,
                Principal = new MSPRole { MspIdentifier = principal.MspId, Role = (MSPRole.Types.MSPRoleType)role }.ToByteString(),
            });
        }

        return envelope;
    }

    /// <summary>
    /// The anchors' form of <paramref name="envelope"/>, or null with the <paramref name="problem"/> when it has no
    /// equivalent: a principal that is not a ROLE, an unknown role, a rule without a type, an index outside identities,
    /// n outside 1..rules, or nesting beyond 16 levels (the anchors' bounds, FabricTrustAnchorsReader).
    /// </summary>
    public static FabricEndorsementPolicy? FromEnvelope(SignaturePolicyEnvelope envelope, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        problem = null;
        var principals = new List<FabricPrincipal>();
        foreach (var principal in envelope.Identities)
        {
            if (principal.PrincipalClassification != MSPPrincipal.Types.Classification.Role || TryRole(principal) is not { } role
                || (int)role.Role < 0 || (int)role.Role >= FabricPrincipal.Roles.Count || role.MspIdentifier.Length == 0)
            {
                problem = $"identity {principals.Count} is not a ROLE principal of a named MSP with a known role";
                return null;
            }

            principals.Add(new FabricPrincipal(role.MspIdentifier, FabricPrincipal.Roles[(int)role.Role]));
        }

        var rule = envelope.Rule is null ? null : FromRule(envelope.Rule, principals.Count, 1, ref problem);
        if (rule is null || principals.Count == 0)
        {
            problem ??= "the envelope has no rule or no identities";
            return null;
        }

        return FabricEndorsementPolicy.Signature(principals, rule);
    }

    /// <summary>A copy of <paramref name="envelope"/> in which every ROLE principal asks for a PEER of its MSP (block attestations: only peers answer qscc).</summary>
    public static SignaturePolicyEnvelope AsPeers(SignaturePolicyEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var copy = envelope.Clone();
        foreach (var principal in copy.Identities)
        {
            if (principal.PrincipalClassification == MSPPrincipal.Types.Classification.Role && TryRole(principal) is { } role)
            {
                role.Role = MSPRole.Types.MSPRoleType.Peer;
                principal.Principal = role.ToByteString();
            }
        }

        return copy;
    }

    /// <summary>
    /// Whether <paramref name="identities"/> (each one whose signature the caller has verified; repeats are removed here)
    /// satisfy <paramref name="policy"/>, judging MSP membership with <paramref name="msps"/> at <paramref name="at"/>. A
    /// malformed policy (no rule, an index outside identities, an unreadable principal) is never satisfied. Never throws
    /// for bad input.
    /// </summary>
    public static bool IsSatisfied(SignaturePolicyEnvelope policy, IReadOnlyList<FabricIdentity> identities, IReadOnlyDictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(msps);
        if (policy.Rule is null)
        {
            return false;
        }

        // fabric msp/identities.go newIdentity: the id is MSP id + hash of the certificate; policy.go removes repeats.
        var distinct = new List<FabricIdentity>(identities.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in identities)
        {
            if (seen.Add(identity.UniqueId))
            {
                distinct.Add(identity);
            }
        }

        var roles = new MSPRole?[policy.Identities.Count];
        for (var i = 0; i < roles.Length; i++)
        {
            roles[i] = policy.Identities[i].PrincipalClassification == MSPPrincipal.Types.Classification.Role ? TryRole(policy.Identities[i]) : null;
        }

        var evaluation = new Evaluation(roles, distinct, msps, at);
        return evaluation.Evaluate(policy.Rule, new bool[distinct.Count], 0);
    }

    /// <summary>
    /// Whether <paramref name="identity"/> carries the NodeOU of <paramref name="role"/> and no other NodeOU (see the class
    /// remarks). MEMBER is not a node role: false.
    /// </summary>
    public static bool HasNodeRole(FabricIdentity identity, MSPRole.Types.MSPRoleType role)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var index = (int)role - 1;
        if (index < 0 || index >= NodeOus.Length)
        {
            return false;
        }

        var nodeOus = identity.OrganizationalUnits.Where(ou => NodeOus.Contains(ou, StringComparer.Ordinal)).ToList();
        return nodeOus.Count == 1 && nodeOus[0] == NodeOus[index];
    }

    private static MSPRole? TryRole(MSPPrincipal principal)
    {
        try
        {
            return MSPRole.Parser.ParseFrom(principal.Principal);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static SignaturePolicy ToRule(FabricPolicyRule rule, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException("The policy's rules nest too deep.", nameof(rule));
        }

        if (rule.SignedBy is { } index)
        {
            return new SignaturePolicy { SignedBy = index };
        }

        var outOf = rule.NOutOf ?? throw new ArgumentException("A rule has neither signedBy nor nOutOf.", nameof(rule));
        var nOutOf = new SignaturePolicy.Types.NOutOf { N = outOf.N };
        nOutOf.Rules.AddRange(outOf.Rules.Select(r => ToRule(r, depth + 1)));
        return new SignaturePolicy { NOutOf = nOutOf };
    }

    private static FabricPolicyRule? FromRule(SignaturePolicy rule, int identities, int depth, ref string? problem)
    {
        if (depth > 16)
        {
            problem = "the rules nest deeper than 16 levels";
            return null;
        }

        switch (rule.TypeCase)
        {
            case SignaturePolicy.TypeOneofCase.SignedBy when rule.SignedBy >= 0 && rule.SignedBy < identities:
                return FabricPolicyRule.Signed(rule.SignedBy);
            case SignaturePolicy.TypeOneofCase.NOutOf when rule.NOutOf.N >= 1 && rule.NOutOf.N <= rule.NOutOf.Rules.Count:
                var rules = new List<FabricPolicyRule>();
                foreach (var sub in rule.NOutOf.Rules)
                {
                    if (FromRule(sub, identities, depth + 1, ref problem) is not { } converted)
                    {
                        return null;
                    }

                    rules.Add(converted);
                }

                return FabricPolicyRule.OutOf(rule.NOutOf.N, rules);
            default:
                problem = $"a rule ({rule.TypeCase}) has no type, an index outside the {identities} identities, or n outside 1 to its number of rules";
                return null;
        }
    }

    /// <summary>One evaluation: the principals' roles, the distinct identities, and which identity satisfies which principal (computed at most once per pair).</summary>
    private sealed class Evaluation(MSPRole?[] roles, List<FabricIdentity> identities, IReadOnlyDictionary<string, MspTrust> msps, DateTimeOffset at)
    {
        private readonly bool?[,] _satisfies = new bool?[roles.Length, identities.Count];

        public bool Evaluate(SignaturePolicy rule, bool[] used, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (rule.TypeCase)
            {
                case SignaturePolicy.TypeOneofCase.SignedBy:
                    var principal = rule.SignedBy;
                    if (principal < 0 || principal >= roles.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < identities.Count; i++)
                    {
                        if (used[i])
                        {
                            continue;
                        }

                        _satisfies[principal, i] ??= Satisfies(identities[i], roles[principal]);
                        if (_satisfies[principal, i] == true)
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
                        if (Evaluate(sub, scratch, depth + 1))
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

        private bool Satisfies(FabricIdentity identity, MSPRole? role)
        {
            if (role is null
                || !string.Equals(role.MspIdentifier, identity.MspId, StringComparison.Ordinal)
                || !msps.TryGetValue(identity.MspId, out var msp)
                || !msp.Validate(identity, at).IsValid)
            {
                return false;
            }

            return role.Role == MSPRole.Types.MSPRoleType.Member || HasNodeRole(identity, role.Role);
        }
    }
}
