namespace Bridge.Simulators.Platform;

/// <summary>A seeded organisation of the simulated platform, with its one user and API key.</summary>
/// <param name="Id">The organisation id (a UUID derived from the seed).</param>
/// <param name="Name">The display name.</param>
/// <param name="Roles">The organisation's roles (<c>carrier</c>, <c>terminal</c>, <c>port</c>, <c>customs</c>, <c>shipper</c>, <c>forwarder</c>).</param>
/// <param name="ApiKey">The API key of the organisation's user (step 1 of the token exchange).</param>
/// <param name="UserId">The user id (the tokens' <c>sub</c>).</param>
/// <param name="Scac">The carrier's SCAC, when the organisation is a carrier.</param>
public sealed record SimulatedOrganization(string Id, string Name, IReadOnlyList<string> Roles, string ApiKey, string UserId, string? Scac);
