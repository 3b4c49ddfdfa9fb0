namespace Bridge.Simulators.Platform.Api;

/// <summary>What an action on the platform is, for the role matrix.</summary>
internal enum PlatformAction
{
    UpsertConsignment,
    AddParty,
    UpsertTransportEquipment,
    PublishTransportEvent,
    PublishStuffingEvent,
    PublishCustomsEvent,
    Subscribe,
}

/// <summary>
/// The role matrix of docs/platform.md "Organisations and roles" (an emulation of the TradeLens Data Sharing
/// Specification, trade-standards.md §B.1 step 3). Reading depends on the object too: see <see cref="CanRead"/>.
/// </summary>
internal static class PlatformRoles
{
    public const string Carrier = "carrier";
    public const string Terminal = "terminal";
    public const string Port = "port";
    public const string Customs = "customs";
    public const string Shipper = "shipper";
    public const string Forwarder = "forwarder";

    public static IReadOnlyList<string> All { get; } = [Carrier, Terminal, Port, Customs, Shipper, Forwarder];

    public static IReadOnlyList<string> Allowed(PlatformAction action) => action switch
    {
        PlatformAction.UpsertConsignment or PlatformAction.AddParty => [Carrier, Forwarder],
        PlatformAction.UpsertTransportEquipment => [Carrier, Terminal, Forwarder],
        PlatformAction.PublishTransportEvent => [Carrier, Terminal, Port],
        PlatformAction.PublishStuffingEvent => [Carrier, Terminal, Shipper, Forwarder],
        PlatformAction.PublishCustomsEvent => [Customs],
        PlatformAction.Subscribe => All,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown platform action."),
    };

    /// <summary>Whether an organisation with <paramref name="roles"/> may perform <paramref name="action"/>.</summary>
    public static bool May(IReadOnlyList<string> roles, PlatformAction action)
    {
        var allowed = Allowed(action);
        foreach (var role in roles)
        {
            if (allowed.Contains(role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an organisation may read an object: customs and port read everything; otherwise the consignment's
    /// parties (its creator and the organisations added with partyAdded) or, for an object without a consignment
    /// (orphaned or homeless events), the organisation that published it.
    /// </summary>
    public static bool CanRead(string orgId, IReadOnlyList<string> roles, IReadOnlyCollection<string>? consignmentParties, string? publisherOrgId)
    {
        if (roles.Contains(Customs) || roles.Contains(Port))
        {
            return true;
        }

        if (consignmentParties is not null)
        {
            return consignmentParties.Contains(orgId);
        }

        return string.Equals(orgId, publisherOrgId, StringComparison.Ordinal);
    }

    /// <summary>Whether an organisation may upload a document to a consignment: its parties and customs.</summary>
    public static bool CanUpload(string orgId, IReadOnlyList<string> roles, IReadOnlyCollection<string> consignmentParties) =>
        roles.Contains(Customs) || consignmentParties.Contains(orgId);
}
