using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;
using Bridge.Relay.Registry;

namespace Bridge.Relay.Lanes;

/// <summary>
/// Turns a <see cref="LaneInput"/> into a <see cref="LaneDraft"/> or the findings that prevent it (docs/relay.md,
/// "Lanes"). Pure: the kinds of the registered networks are given, so that rules that depend on them (title only between
/// ledgers, proof kinds that the source can produce, confirmations only where Ethereum is involved) are checked here.
/// </summary>
public static class LaneValidator
{
    public const int MaxRelaySigners = 32;
    public const int MaxAccessRules = 100;
    public const int MinDeadlineSeconds = 60;
    public const int MaxDeadlineSeconds = 30 * 24 * 3600;
    public const int DefaultDeadlineSeconds = 3600;
    public const int MaxPerSecond = 100_000;
    public const int MaxBurst = 1_000_000;
    public static readonly LaneRateLimit DefaultRateLimit = new(100, 200);

    /// <summary>Validates <paramref name="input"/>; <paramref name="networks"/> maps every registered network's name to its kind.</summary>
    public static (LaneDraft? Draft, ValidationResult Result) Validate(LaneInput input, IReadOnlyDictionary<string, NetworkKind> networks)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(networks);
        var issues = new ValidationCollector();
        Names.ValidateName("/name", input.Name, issues);
        Names.ValidateDisplayName("/displayName", input.DisplayName, issues);
        var source = Network("/source", input.Source, networks, issues);
        var destination = Network("/destination", input.Destination, networks, issues);
        if (input.Source is not null && input.Source == input.Destination)
        {
            issues.Error("/destination", ValidationCodes.Mismatch, "must be another network than the source");
        }

        var flows = Flows(input.Flows, issues);
        var direction = LaneDirection.OneWay;
        if (input.Direction is not null)
        {
            if (LaneWire.TryParseDirection(input.Direction, out var parsed))
            {
                direction = parsed;
            }
            else
            {
                issues.Error("/direction", ValidationCodes.UnknownValue, "must be one-way or both");
            }
        }

        if (flows.HasFlag(LaneFlows.Title))
        {
            if (source == NetworkKind.Platform || destination == NetworkKind.Platform)
            {
                issues.Error("/flows", ValidationCodes.UnknownValue, "title moves only between ledgers (fabric, ethereum): a platform cannot hold title");
            }

            if (direction != LaneDirection.Both)
            {
                issues.Error("/direction", ValidationCodes.Mismatch, "a title lane runs both ways (lock → mint out, burn → release back)");
            }
        }

        // The networks whose facts this lane proves: the source, and the destination too when messages come back.
        var proven = new List<NetworkKind>();
        if (source is { } s)
        {
            proven.Add(s);
        }

        if (direction == LaneDirection.Both && destination is { } d)
        {
            proven.Add(d);
        }

        var policy = ProofPolicy(input.ProofPolicy, proven, issues);

        if (input.MinConfirmations is { } confirmations)
        {
            if (confirmations is < 0 or > 1000)
            {
                issues.Error("/minConfirmations", ValidationCodes.OutOfRange, "must be 0 to 1000");
            }
            else if (!proven.Contains(NetworkKind.Ethereum))
            {
                issues.Error("/minConfirmations", ValidationCodes.Mismatch, "applies only when the lane proves facts of an ethereum network");
            }
        }

        var deadline = input.DeadlineSeconds ?? DefaultDeadlineSeconds;
        if (deadline is < MinDeadlineSeconds or > MaxDeadlineSeconds)
        {
            issues.Error("/deadlineSeconds", ValidationCodes.OutOfRange, $"must be {MinDeadlineSeconds} to {MaxDeadlineSeconds} seconds");
        }

        var rateLimit = RateLimit(input.RateLimit, issues);
        var access = Access(input.Access, issues);

        var result = issues.ToResult();
        if (!result.IsValid || policy is null || rateLimit is null)
        {
            return (null, result);
        }

        return (new LaneDraft(input.Name!, input.DisplayName ?? input.Name!, input.Source!, input.Destination!, flows, direction, policy, input.MinConfirmations, TimeSpan.FromSeconds(deadline), rateLimit, access), result);
    }

    private static NetworkKind? Network(string path, string? name, IReadOnlyDictionary<string, NetworkKind> networks, ValidationCollector issues)
    {
        Names.ValidateName(path, name, issues);
        if (name is null || !Names.IsValid(name))
        {
            return null;
        }

        if (networks.TryGetValue(name, out var kind))
        {
            return kind;
        }

        issues.Error(path, ValidationCodes.UnknownValue, $"no network named '{name}' is registered");
        return null;
    }

    private static LaneFlows Flows(IReadOnlyList<string>? flows, ValidationCollector issues)
    {
        var result = LaneFlows.None;
        if (flows is null || flows.Count == 0)
        {
            issues.Error("/flows", ValidationCodes.Required, "at least one of documents, events, title");
            return result;
        }

        for (var i = 0; i < flows.Count; i++)
        {
            var path = JsonPointer.Append("/flows", i);
            if (!LaneWire.TryParseFlow(flows[i], out var flow))
            {
                issues.Error(path, ValidationCodes.UnknownValue, "must be documents, events or title");
            }
            else if (result.HasFlag(flow))
            {
                issues.Error(path, ValidationCodes.Duplicate, "is listed twice");
            }
            else
            {
                result |= flow;
            }
        }

        return result;
    }

    private static LaneProofPolicy? ProofPolicy(LaneProofPolicyInput? input, IReadOnlyList<NetworkKind> proven, ValidationCollector issues)
    {
        if (input is null)
        {
            issues.Error("/proofPolicy", ValidationCodes.Required, "is required: sourceProofKinds, relaySigners and relayThreshold");
            return null;
        }

        var kinds = new List<ProofKind>();
        if (input.SourceProofKinds is null || input.SourceProofKinds.Count == 0)
        {
            issues.Error("/proofPolicy/sourceProofKinds", ValidationCodes.Required, "at least one proof kind");
        }
        else
        {
            for (var i = 0; i < input.SourceProofKinds.Count; i++)
            {
                var path = JsonPointer.Append("/proofPolicy/sourceProofKinds", i);
                if (!ProofKinds.TryParse(input.SourceProofKinds[i], out var kind) || kind == ProofKind.RelayAttestation)
                {
                    issues.Error(path, ValidationCodes.UnknownValue, "must be fabric-endorsement, ethereum-receipt, ethereum-state or platform-jws (a source proof, not a relay attestation)");
                }
                else if (kinds.Contains(kind))
                {
                    issues.Error(path, ValidationCodes.Duplicate, "is listed twice");
                }
                else if (proven.Count > 0 && !proven.Any(p => kind.IsCheckedAgainst(p)))
                {
                    issues.Error(path, ValidationCodes.Mismatch, $"no network this lane proves is of the kind a {kind.ToWireName()} proof comes from");
                }
                else
                {
                    kinds.Add(kind);
                }
            }

            foreach (var network in proven.Distinct())
            {
                if (kinds.Count > 0 && !kinds.Any(k => k.IsCheckedAgainst(network)))
                {
                    issues.Error("/proofPolicy/sourceProofKinds", ValidationCodes.Required, $"no accepted proof kind comes from a {network.ToWireName()} network, which this lane proves facts of");
                }
            }
        }

        var signers = new List<string>();
        if (input.RelaySigners is null || input.RelaySigners.Count == 0)
        {
            issues.Error("/proofPolicy/relaySigners", ValidationCodes.Required, "at least one relay signer address");
        }
        else if (input.RelaySigners.Count > MaxRelaySigners)
        {
            issues.Error("/proofPolicy/relaySigners", ValidationCodes.TooMany, $"at most {MaxRelaySigners} relay signers");
        }
        else
        {
            for (var i = 0; i < input.RelaySigners.Count; i++)
            {
                var path = JsonPointer.Append("/proofPolicy/relaySigners", i);
                var signer = input.RelaySigners[i];
                if (!EthereumAddresses.IsValid(signer))
                {
                    issues.Error(path, ValidationCodes.InvalidFormat, "must be an address: 0x and 40 hex digits, not zero, with a valid EIP-55 checksum when mixed case");
                }
                else if (signers.Contains(signer!, StringComparer.OrdinalIgnoreCase))
                {
                    issues.Error(path, ValidationCodes.Duplicate, "is listed twice");
                }
                else
                {
                    signers.Add(signer!);
                }
            }
        }

        if (input.RelayThreshold is not { } threshold)
        {
            issues.Error("/proofPolicy/relayThreshold", ValidationCodes.Required, "is required (M of the relay signers)");
            return null;
        }

        if (threshold < 1 || (signers.Count > 0 && threshold > signers.Count))
        {
            issues.Error("/proofPolicy/relayThreshold", ValidationCodes.OutOfRange, $"must be 1 to the number of relay signers ({signers.Count})");
            return null;
        }

        return new LaneProofPolicy(kinds, signers, threshold);
    }

    private static LaneRateLimit? RateLimit(LaneRateLimitInput? input, ValidationCollector issues)
    {
        if (input is null)
        {
            return DefaultRateLimit;
        }

        var perSecond = input.PerSecond ?? DefaultRateLimit.PerSecond;
        var burst = input.Burst ?? Math.Min(MaxBurst, 2 * perSecond);
        if (perSecond is < 1 or > MaxPerSecond)
        {
            issues.Error("/rateLimit/perSecond", ValidationCodes.OutOfRange, $"must be 1 to {MaxPerSecond}");
            return null;
        }

        if (burst < perSecond || burst > MaxBurst)
        {
            issues.Error("/rateLimit/burst", ValidationCodes.OutOfRange, $"must be perSecond ({perSecond}) to {MaxBurst}");
            return null;
        }

        return new LaneRateLimit(perSecond, burst);
    }

    private static List<LaneAccessRule> Access(IReadOnlyList<LaneAccessRuleInput>? rules, ValidationCollector issues)
    {
        var result = new List<LaneAccessRule>();
        if (rules is null)
        {
            return result;
        }

        if (rules.Count > MaxAccessRules)
        {
            issues.Error("/access", ValidationCodes.TooMany, $"at most {MaxAccessRules} rules");
            return result;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var path = JsonPointer.Append("/access", i);
            var rule = rules[i];
            if (rule is null || (rule.Participant is null) == (rule.Role is null))
            {
                issues.Error(path, ValidationCodes.Required, "names exactly one of participant or role");
                continue;
            }

            if (rule.Participant is not null)
            {
                Names.ValidateName(JsonPointer.Append(path, "participant"), rule.Participant, issues);
            }
            else if (!ParticipantValidator.TradeRoles.Contains(rule.Role!, StringComparer.Ordinal))
            {
                issues.Error(JsonPointer.Append(path, "role"), ValidationCodes.UnknownValue, $"must be one of {string.Join(", ", ParticipantValidator.TradeRoles)}");
            }

            var operations = LaneOperations.None;
            if (rule.Operations is null || rule.Operations.Count == 0)
            {
                issues.Error(JsonPointer.Append(path, "operations"), ValidationCodes.Required, "at least one of read, submit");
                continue;
            }

            foreach (var (operation, index) in rule.Operations.Select((o, n) => (o, n)))
            {
                if (LaneWire.TryParseOperation(operation, out var parsed))
                {
                    operations |= parsed;
                }
                else
                {
                    issues.Error(JsonPointer.Append(JsonPointer.Append(path, "operations"), index), ValidationCodes.UnknownValue, "must be read or submit");
                }
            }

            result.Add(new LaneAccessRule(rule.Participant, rule.Role, operations));
        }

        return result;
    }
}

/// <summary>Wire names of the lane enums.</summary>
public static class LaneWire
{
    public static IEnumerable<string> FlowNames(LaneFlows flows)
    {
        if (flows.HasFlag(LaneFlows.Documents))
        {
            yield return "documents";
        }

        if (flows.HasFlag(LaneFlows.Events))
        {
            yield return "events";
        }

        if (flows.HasFlag(LaneFlows.Title))
        {
            yield return "title";
        }
    }

    public static bool TryParseFlow(string? value, out LaneFlows flow)
    {
        flow = value switch
        {
            "documents" => LaneFlows.Documents,
            "events" => LaneFlows.Events,
            "title" => LaneFlows.Title,
            _ => LaneFlows.None,
        };
        return flow != LaneFlows.None;
    }

    public static string DirectionName(LaneDirection direction) => direction == LaneDirection.Both ? "both" : "one-way";

    public static bool TryParseDirection(string? value, out LaneDirection direction)
    {
        (var ok, direction) = value switch
        {
            "one-way" => (true, LaneDirection.OneWay),
            "both" => (true, LaneDirection.Both),
            _ => (false, LaneDirection.OneWay),
        };
        return ok;
    }

    public static IEnumerable<string> OperationNames(LaneOperations operations)
    {
        if (operations.HasFlag(LaneOperations.Read))
        {
            yield return "read";
        }

        if (operations.HasFlag(LaneOperations.Submit))
        {
            yield return "submit";
        }
    }

    public static bool TryParseOperation(string? value, out LaneOperations operation)
    {
        operation = value switch
        {
            "read" => LaneOperations.Read,
            "submit" => LaneOperations.Submit,
            _ => LaneOperations.None,
        };
        return operation != LaneOperations.None;
    }
}
