using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Relay.Registry;

namespace Bridge.Relay.Lanes;

/// <summary>What a lane carries (architecture.md, "The words").</summary>
[Flags]
public enum LaneFlows
{
    /// <summary>Nothing (never valid on a lane).</summary>
    None = 0,

    /// <summary><c>documents</c>: document anchors (hashes) mirrored onto the destination.</summary>
    Documents = 1,

    /// <summary><c>events</c>: logistics events replicated onto the destination.</summary>
    Events = 2,

    /// <summary><c>title</c>: title to goods moved (lock → mint, burn → release).</summary>
    Title = 4,
}

/// <summary>Which way a lane runs.</summary>
public enum LaneDirection
{
    /// <summary><c>one-way</c>: source to destination only.</summary>
    OneWay,

    /// <summary><c>both</c>: either way (title comes back the way it went).</summary>
    Both,
}

/// <summary>What a participant may do on a lane.</summary>
[Flags]
public enum LaneOperations
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>read</c>: see the lane's messages and their proofs.</summary>
    Read = 1,

    /// <summary><c>submit</c>: start messages (anchor a document, move a title) on the lane.</summary>
    Submit = 2,
}

/// <summary>
/// The proof a destination requires before the relay submits anything: the source proof kinds it accepts (checked by the
/// pure verifier against the source network's trust anchors), and the relay signers whose M-of-N attestation goes with
/// every submission (the destination contract or chaincode checks it; the same secp256k1 key set serves every network).
/// </summary>
/// <param name="SourceProofKinds">Accepted source proof kinds, at least one, each applicable to the source network's kind.</param>
/// <param name="RelaySigners">The relay signers' addresses (EIP-55), 1 to 32, distinct.</param>
/// <param name="RelayThreshold">M: how many distinct signers must attest, 1 to the number of signers.</param>
public sealed record LaneProofPolicy(IReadOnlyList<ProofKind> SourceProofKinds, IReadOnlyList<string> RelaySigners, int RelayThreshold);

/// <summary>Sustained rate and burst of messages a lane admits (a token bucket).</summary>
/// <param name="PerSecond">Messages per second, 1 to 100,000.</param>
/// <param name="Burst">Bucket size, at least <paramref name="PerSecond"/>, at most 1,000,000.</param>
public sealed record LaneRateLimit(int PerSecond, int Burst);

/// <summary>
/// Who may use a lane: a named participant, or every participant with a registered role (carrier, bank, …), and what
/// they may do.
/// </summary>
/// <param name="Participant">A participant's name, or null when <paramref name="Role"/> is given.</param>
/// <param name="Role">A participant role, or null when <paramref name="Participant"/> is given.</param>
/// <param name="Operations">What the rule allows, at least one operation.</param>
public sealed record LaneAccessRule(string? Participant, string? Role, LaneOperations Operations);

/// <summary>
/// A configured route between two networks (architecture.md, "The words"): what flows, which way, the proof policy the
/// destination requires, finality beyond the networks' own rules, the deadline after which a message is refunded, a rate
/// limit, and which participants may use it. Paused lanes accept nothing new and dispatch nothing.
/// </summary>
public sealed record Lane(
    Guid Id,
    string Name,
    string DisplayName,
    string Source,
    string Destination,
    LaneFlows Flows,
    LaneDirection Direction,
    LaneProofPolicy ProofPolicy,
    int? MinConfirmations,
    TimeSpan Deadline,
    LaneRateLimit RateLimit,
    IReadOnlyList<LaneAccessRule> Access,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>What <paramref name="participant"/> (with its registered roles) may do on this lane.</summary>
    public LaneOperations OperationsFor(string participant, IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(roles);
        var allowed = LaneOperations.None;
        foreach (var rule in Access)
        {
            if ((rule.Participant is not null && string.Equals(rule.Participant, participant, StringComparison.Ordinal))
                || (rule.Role is not null && roles.Contains(rule.Role, StringComparer.Ordinal)))
            {
                allowed |= rule.Operations;
            }
        }

        return allowed;
    }
}

/// <summary>A validated lane definition, ready to be stored (the networks and participants it names are checked by the store).</summary>
public sealed record LaneDraft(
    string Name,
    string DisplayName,
    string Source,
    string Destination,
    LaneFlows Flows,
    LaneDirection Direction,
    LaneProofPolicy ProofPolicy,
    int? MinConfirmations,
    TimeSpan Deadline,
    LaneRateLimit RateLimit,
    IReadOnlyList<LaneAccessRule> Access);

/// <summary>A lane as a client sends it (REST body or registry file), not yet validated.</summary>
public sealed record LaneInput(
    string? Name,
    string? DisplayName,
    string? Source,
    string? Destination,
    IReadOnlyList<string>? Flows,
    string? Direction,
    LaneProofPolicyInput? ProofPolicy,
    int? MinConfirmations,
    int? DeadlineSeconds,
    LaneRateLimitInput? RateLimit,
    IReadOnlyList<LaneAccessRuleInput>? Access);

/// <summary>The proof policy as sent.</summary>
public sealed record LaneProofPolicyInput(IReadOnlyList<string>? SourceProofKinds, IReadOnlyList<string>? RelaySigners, int? RelayThreshold);

/// <summary>The rate limit as sent.</summary>
public sealed record LaneRateLimitInput(int? PerSecond, int? Burst);

/// <summary>An access rule as sent.</summary>
public sealed record LaneAccessRuleInput(string? Participant, string? Role, IReadOnlyList<string>? Operations);

/// <summary>The persisted lanes. Every change is all-or-nothing.</summary>
public interface ILaneRegistry
{
    Task<RegistryResult<Lane>> CreateAsync(LaneDraft draft, CancellationToken cancellationToken);

    Task<Lane?> GetAsync(string name, CancellationToken cancellationToken);

    Task<Page<Lane>> ListAsync(int limit, string? afterName, CancellationToken cancellationToken);

    Task<RegistryResult<Lane>> UpdateAsync(string name, LaneDraft draft, CancellationToken cancellationToken);

    Task<RegistryResult<Lane>> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Pauses or resumes a lane; pausing a paused lane changes nothing.</summary>
    Task<RegistryResult<Lane>> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken);
}
