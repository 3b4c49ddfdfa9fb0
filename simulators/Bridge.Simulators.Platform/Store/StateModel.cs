using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bridge.Simulators.Platform.Store;

// The simulator's objects as they are journalled (System.Text.Json, camelCase) and held in memory. Mutable on purpose:
// the state is owned by PlatformState and only changed under its lock while a journal record is applied.

internal sealed class ConsignmentState
{
    public required string Id { get; set; }

    public required string CarrierBookingNumber { get; set; }

    public string? BillOfLadingNumber { get; set; }

    public required string CreatorOrgId { get; set; }

    public List<string> Parties { get; set; } = [];

    public List<string> TransportEquipmentIds { get; set; } = [];

    public JsonObject? BookingData { get; set; }

    public required string OriginatorName { get; set; }

    public required string OriginatorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class EquipmentState
{
    public required string Id { get; set; }

    public required string EquipmentNumber { get; set; }

    public string? EquipmentType { get; set; }

    public required string CarrierBookingNumber { get; set; }

    public string? ConsignmentId { get; set; }

    public JsonArray? HarmonizedCodes { get; set; }

    public required string CreatorOrgId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class EventState
{
    public long Sequence { get; set; }

    public required string Id { get; set; }

    public required string SenderOrgId { get; set; }

    /// <summary>The event object as published, without association members resolved later and without attestation.</summary>
    public required JsonObject Object { get; set; }

    public string? EquipmentNumber { get; set; }

    public string? TransportEquipmentId { get; set; }

    public string? ConsignmentId { get; set; }

    public string? CarrierBookingNumber { get; set; }

    public string? BillOfLadingNumber { get; set; }

    /// <summary>Whether the event is about equipment (else about a consignment).</summary>
    public bool EquipmentLevel { get; set; }

    public string? IdempotencyKey { get; set; }

    public string? Milestone { get; set; }

    public required string Classifier { get; set; }

    public string? LocationKey { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class SubscriptionState
{
    public required string Id { get; set; }

    public required string OrgId { get; set; }

    public required string Type { get; set; }

    public required string CallbackUrl { get; set; }

    public required string SharedSecret { get; set; }

    public string? Port { get; set; }

    public string? Country { get; set; }

    public string? Terminal { get; set; }

    public List<string>? EventTypes { get; set; }

    public string SignatureMode { get; set; } = "tradelens";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class DocumentState
{
    public required string Id { get; set; }

    public required string ConsignmentId { get; set; }

    public required string OrgId { get; set; }

    /// <summary>The metadata object served, without attestation.</summary>
    public required JsonObject Metadata { get; set; }

    public required string ContentFile { get; set; }

    public required string ContentType { get; set; }

    public string? IdempotencyKey { get; set; }
}

internal sealed class DeliveryState
{
    public required string Id { get; set; }

    public required string SubscriptionId { get; set; }

    public required string EventTransactionId { get; set; }

    /// <summary>The exact body (a JSON array of attested event objects), fixed for every attempt.</summary>
    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    [JsonIgnore]
    public int Attempts { get; set; }

    [JsonIgnore]
    public DateTimeOffset NextAttemptAt { get; set; }
}

/// <summary>One journal line: one mutation.</summary>
internal sealed class JournalRecord
{
    public const string ConsignmentOp = "consignment";
    public const string PartyOp = "party";
    public const string EquipmentOp = "equipment";
    public const string EventOp = "event";
    public const string SubscribeOp = "subscribe";
    public const string UnsubscribeOp = "unsubscribe";
    public const string DocumentOp = "document";
    public const string DeliveredOp = "delivered";
    public const string AbandonedOp = "abandoned";

    public required string Op { get; set; }

    /// <summary>The id counter after the mutation (ids derive from the seed and this counter).</summary>
    public long Counter { get; set; }

    public ConsignmentState? Consignment { get; set; }

    public EquipmentState? Equipment { get; set; }

    public EventState? Event { get; set; }

    public SubscriptionState? Subscription { get; set; }

    public DocumentState? Document { get; set; }

    public List<DeliveryState>? Deliveries { get; set; }

    /// <summary>The consignment of a party record.</summary>
    public string? ConsignmentId { get; set; }

    /// <summary>The organisation of a party record.</summary>
    public string? OrgId { get; set; }

    /// <summary>The id of an unsubscribe, delivered or abandoned record.</summary>
    public string? TargetId { get; set; }
}
