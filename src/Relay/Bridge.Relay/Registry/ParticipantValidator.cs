using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Validation;

namespace Bridge.Relay.Registry;

/// <summary>Turns a <see cref="ParticipantInput"/> into a <see cref="ParticipantDraft"/> or the findings that prevent it. Pure.</summary>
public static class ParticipantValidator
{
    public const int MaxRoles = 10;
    public const int MaxIdentifiers = 20;

    /// <summary>The trade roles an organisation can play.</summary>
    public static IReadOnlyList<string> TradeRoles { get; } =
        ["carrier", "shipper", "consignee", "notify-party", "forwarder", "bank", "customs", "terminal", "insurer", "inspector"];

    public static (ParticipantDraft? Draft, ValidationResult Result) Validate(ParticipantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issues = new ValidationCollector();
        Names.ValidateName("/name", input.Name, issues);
        Names.ValidateDisplayName("/displayName", input.DisplayName, issues);

        var roles = new List<string>();
        if (input.Roles is null || input.Roles.Count == 0)
        {
            issues.Error("/roles", ValidationCodes.Required, "at least one role is required");
        }
        else if (input.Roles.Count > MaxRoles)
        {
            issues.Error("/roles", ValidationCodes.TooMany, $"at most {MaxRoles} roles");
        }
        else
        {
            for (var i = 0; i < input.Roles.Count; i++)
            {
                var path = JsonPointer.Append("/roles", i);
                var role = input.Roles[i];
                if (!issues.Required(path, role))
                {
                    continue;
                }

                if (!TradeRoles.Contains(role!, StringComparer.Ordinal))
                {
                    issues.Error(path, ValidationCodes.UnknownValue, $"must be one of {string.Join(", ", TradeRoles)}");
                }
                else if (roles.Contains(role!, StringComparer.Ordinal))
                {
                    issues.Error(path, ValidationCodes.Duplicate, "roles must be unique");
                }
                else
                {
                    roles.Add(role!);
                }
            }
        }

        var identifiers = new List<PartyIdentifier>();
        var inputs = input.Identifiers ?? [];
        if (inputs.Count > MaxIdentifiers)
        {
            issues.Error("/identifiers", ValidationCodes.TooMany, $"at most {MaxIdentifiers} identifiers");
            inputs = [];
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var path = JsonPointer.Append("/identifiers", i);
            var identifier = inputs[i];
            if (identifier is null)
            {
                issues.Error(path, ValidationCodes.Required, "must be an object with scheme and value");
                continue;
            }

            var schemePath = JsonPointer.Append(path, "scheme");
            var valuePath = JsonPointer.Append(path, "value");
            var hasScheme = issues.Required(schemePath, identifier.Scheme);
            var hasValue = issues.Required(valuePath, identifier.Value);
            if (!hasScheme)
            {
                continue;
            }

            if (!PartyIdentifierSchemes.All.Contains(identifier.Scheme!, StringComparer.Ordinal))
            {
                issues.Error(schemePath, ValidationCodes.UnknownValue, $"must be one of {string.Join(", ", PartyIdentifierSchemes.All)}");
                continue;
            }

            if (!hasValue)
            {
                continue;
            }

            var probe = new ValidationCollector();
            PartyIdentifierSchemes.Validate(identifier.Scheme!, identifier.Value!, valuePath, probe);
            var found = probe.ToResult();
            issues.AddRange(found.Issues);
            if (!found.IsValid)
            {
                continue;
            }

            var parsed = new PartyIdentifier(identifier.Scheme!, identifier.Value!);
            if (identifiers.Contains(parsed))
            {
                issues.Error(path, ValidationCodes.Duplicate, "the same identifier is listed twice");
            }
            else
            {
                identifiers.Add(parsed);
            }
        }

        var result = issues.ToResult();
        return result.IsValid
            ? (new ParticipantDraft(input.Name!, input.DisplayName ?? input.Name!, roles, identifiers), result)
            : (null, result);
    }
}
