namespace Bridge.Relay.Registry;

/// <summary>An identifier of an organisation under a scheme (lei, scac, gln, bic, eori).</summary>
public sealed record PartyIdentifier(string Scheme, string Value);

/// <summary>An organisation that takes part in trade over the bridge.</summary>
public sealed record Participant(
    Guid Id,
    string Name,
    string DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<PartyIdentifier> Identifiers,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A validated participant definition, ready to be stored.</summary>
public sealed record ParticipantDraft(string Name, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<PartyIdentifier> Identifiers);

/// <summary>A participant definition as a client sends it, not yet validated.</summary>
public sealed record ParticipantInput(
    string? Name,
    string? DisplayName,
    IReadOnlyList<string?>? Roles,
    IReadOnlyList<PartyIdentifierInput?>? Identifiers);

public sealed record PartyIdentifierInput(string? Scheme, string? Value);
