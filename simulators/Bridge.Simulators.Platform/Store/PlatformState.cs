using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Simulators.Platform.Api;
using Bridge.Simulators.Platform.Security;

namespace Bridge.Simulators.Platform.Store;

/// <summary>
/// The platform's state: consignments, transport equipment, events, subscriptions, documents and the webhook outbox.
/// Every mutation is one <see cref="JournalRecord"/>, appended to the <see cref="Journal"/> (and fsynced) and then
/// applied; start-up replays the journal through the same <see cref="Apply"/>. All access is under one lock.
/// Operations return <see cref="ApiResult"/>s; expected failures are values, bugs throw.
/// </summary>
internal sealed partial class PlatformState : IDisposable
{
    internal static readonly JsonSerializerOptions RecordOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lock _gate = new();
    private readonly Journal _journal;
    private readonly SeedDerivation _derive;
    private readonly TimeProvider _time;
    private readonly PlatformSigner _signer;
    private readonly string _documentsDirectory;
    private readonly Dictionary<string, SimulatedOrganization> _organizations;

    private readonly Dictionary<string, ConsignmentState> _consignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EquipmentState> _equipment = new(StringComparer.Ordinal);
    private readonly List<EventState> _events = [];
    private readonly Dictionary<string, EventState> _eventsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _eventIdempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriptionState> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentState> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _documentIdempotency = new(StringComparer.Ordinal);
    private readonly List<DeliveryState> _pending = [];
    private long _counter;
    private long _lastSequence;

    public PlatformState(string dataDirectory, SeedDerivation derive, TimeProvider time, PlatformSigner signer, IReadOnlyList<SimulatedOrganization> organizations)
    {
        _derive = derive;
        _time = time;
        _signer = signer;
        _organizations = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        _documentsDirectory = Path.Combine(dataDirectory, "documents");
        Directory.CreateDirectory(_documentsDirectory);
        _journal = Journal.Open(Path.Combine(dataDirectory, "journal.jsonl"), out var records);
        foreach (var record in records)
        {
            Apply(record.Deserialize<JournalRecord>(RecordOptions) ?? throw new InvalidDataException("A journal line is not a record."));
        }

        IsEmpty = records.Count == 0;
    }

    /// <summary>Raised after a mutation queued webhook deliveries (under the lock: handlers must only signal).</summary>
    public event Action? DeliveriesQueued;

    /// <summary>Gets whether the journal was empty when the state was opened.</summary>
    public bool IsEmpty { get; private set; }

    internal long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Empties the journal, the documents and the outbox.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _journal.Clear();
            _consignments.Clear();
            _equipment.Clear();
            _events.Clear();
            _eventsById.Clear();
            _eventIdempotency.Clear();
            _subscriptions.Clear();
            _documents.Clear();
            _documentIdempotency.Clear();
            _pending.Clear();
            _counter = 0;
            _lastSequence = 0;
            foreach (var file in Directory.EnumerateFiles(_documentsDirectory))
            {
                File.Delete(file);
            }

            IsEmpty = true;
        }
    }

    public void Dispose() => _journal.Dispose();

    // ------------------------------------------------------------------ ids, commit, apply

    private DateTimeOffset Now => _time.GetUtcNow();

    private string NextId(string kind) => _derive.Uuid($"{kind}/{++_counter}");

    private SimulatedOrganization Organization(string id) => _organizations[id];

    /// <summary>
    /// Applies <paramref name="record"/>, adds the webhook deliveries of its event (computed on the state after the
    /// change, so a new consignment's readers are known), journals it, then queues the deliveries. The caller holds
    /// the lock. A failed journal write throws: the request fails and the in-memory state may be ahead of the journal
    /// until the next start (a disk fault, not an expected outcome).
    /// </summary>
    private void Commit(JournalRecord record)
    {
        ApplyCore(record);
        if (record.Event is { } ev)
        {
            record.Deliveries = Deliveries(ev);
        }

        record.Counter = _counter;
        _journal.Append(JsonSerializer.SerializeToNode(record, RecordOptions)!.AsObject());
        ApplyDeliveries(record);
        IsEmpty = false;
        if (record.Deliveries is { Count: > 0 })
        {
            DeliveriesQueued?.Invoke();
        }
    }

    private void Apply(JournalRecord record)
    {
        ApplyCore(record);
        ApplyDeliveries(record);
    }

    private void ApplyCore(JournalRecord record)
    {
        _counter = Math.Max(_counter, record.Counter);
        switch (record.Op)
        {
            case JournalRecord.ConsignmentOp:
                ApplyConsignment(record.Consignment!);
                break;
            case JournalRecord.PartyOp:
                var parties = _consignments[record.ConsignmentId!].Parties;
                if (!parties.Contains(record.OrgId!))
                {
                    parties.Add(record.OrgId!);
                }

                break;
            case JournalRecord.EquipmentOp:
                ApplyEquipment(record.Equipment!);
                break;
            case JournalRecord.EventOp:
            case JournalRecord.DocumentOp:
                if (record.Document is { } document)
                {
                    _documents[document.Id] = document;
                    if (document.IdempotencyKey is { } key)
                    {
                        _documentIdempotency[IdempotencyKey(document.OrgId, key)] = document.Id;
                    }
                }

                break;
            case JournalRecord.SubscribeOp:
                _subscriptions[record.Subscription!.Id] = record.Subscription;
                break;
            case JournalRecord.UnsubscribeOp:
                _subscriptions.Remove(record.TargetId!);
                _pending.RemoveAll(d => d.SubscriptionId == record.TargetId);
                break;
            case JournalRecord.DeliveredOp:
            case JournalRecord.AbandonedOp:
                _pending.RemoveAll(d => d.Id == record.TargetId);
                break;
            default:
                throw new InvalidDataException($"Unknown journal operation '{record.Op}'.");
        }

        if (record.Event is { } ev)
        {
            _events.Add(ev);
            _eventsById[ev.Id] = ev;
            _lastSequence = Math.Max(_lastSequence, ev.Sequence);
            if (ev.IdempotencyKey is { } key)
            {
                _eventIdempotency[IdempotencyKey(ev.SenderOrgId, key)] = ev.Id;
            }
        }
    }

    private void ApplyDeliveries(JournalRecord record)
    {
        if (record.Deliveries is { } deliveries)
        {
            var now = Now;
            foreach (var delivery in deliveries)
            {
                delivery.NextAttemptAt = now;
                _pending.Add(delivery);
            }
        }
    }

    // A consignment created or updated: equipment and consignment-level events that named its booking before it
    // existed (homeless) join it.
    private void ApplyConsignment(ConsignmentState consignment)
    {
        _consignments[consignment.Id] = consignment;
        foreach (var equipment in _equipment.Values)
        {
            if (equipment.ConsignmentId is null && equipment.CarrierBookingNumber == consignment.CarrierBookingNumber)
            {
                equipment.ConsignmentId = consignment.Id;
                if (!consignment.TransportEquipmentIds.Contains(equipment.Id))
                {
                    consignment.TransportEquipmentIds.Add(equipment.Id);
                }
            }
        }

        foreach (var ev in _events)
        {
            if (!ev.EquipmentLevel && ev.ConsignmentId is null && ev.CarrierBookingNumber == consignment.CarrierBookingNumber)
            {
                ev.ConsignmentId = consignment.Id;
            }
        }
    }

    // Equipment created or updated: joins its consignment; orphaned events with its number (and booking, when they
    // named one) are adopted.
    private void ApplyEquipment(EquipmentState equipment)
    {
        _equipment[equipment.Id] = equipment;
        if (equipment.ConsignmentId is null && FindConsignmentByBooking(equipment.CarrierBookingNumber) is { } found)
        {
            equipment.ConsignmentId = found.Id;
        }

        if (equipment.ConsignmentId is { } cid && _consignments.TryGetValue(cid, out var consignment) && !consignment.TransportEquipmentIds.Contains(equipment.Id))
        {
            consignment.TransportEquipmentIds.Add(equipment.Id);
        }

        foreach (var ev in _events)
        {
            if (ev.EquipmentLevel && ev.TransportEquipmentId is null && ev.EquipmentNumber == equipment.EquipmentNumber
                && (ev.CarrierBookingNumber is null || ev.CarrierBookingNumber == equipment.CarrierBookingNumber))
            {
                ev.TransportEquipmentId = equipment.Id;
            }
        }
    }

    private static string IdempotencyKey(string orgId, string key) => orgId + "\n" + key;

    private ConsignmentState? FindConsignmentByBooking(string booking)
    {
        foreach (var consignment in _consignments.Values)
        {
            if (consignment.CarrierBookingNumber == booking)
            {
                return consignment;
            }
        }

        return null;
    }

    // ------------------------------------------------------------------ events as served

    private (string? TransportEquipmentId, ConsignmentState? Consignment) Association(EventState ev)
    {
        var teId = ev.TransportEquipmentId;
        var cid = ev.ConsignmentId ?? (teId is not null && _equipment.TryGetValue(teId, out var te) ? te.ConsignmentId : null);
        return (teId, cid is not null && _consignments.TryGetValue(cid, out var consignment) ? consignment : null);
    }

    private bool CanRead(string orgId, EventState ev)
    {
        var (_, consignment) = Association(ev);
        return PlatformRoles.CanRead(orgId, Organization(orgId).Roles, consignment?.Parties, ev.SenderOrgId);
    }

    /// <summary>The event object with its current associations and a fresh attestation.</summary>
    private JsonObject Render(EventState ev)
    {
        var obj = ev.Object.DeepClone().AsObject();
        var (teId, consignment) = Association(ev);
        if (teId is not null)
        {
            obj["transportEquipmentId"] = teId;
            if (_equipment.TryGetValue(teId, out var te) && !obj.ContainsKey("equipmentNumber"))
            {
                obj["equipmentNumber"] = te.EquipmentNumber;
            }
        }

        if (consignment is not null)
        {
            obj["consignmentId"] = consignment.Id;
            if (!obj.ContainsKey("carrierBookingNumber"))
            {
                obj["carrierBookingNumber"] = consignment.CarrierBookingNumber;
            }

            if (!obj.ContainsKey("billOfLadingNumber") && consignment.BillOfLadingNumber is not null)
            {
                obj["billOfLadingNumber"] = consignment.BillOfLadingNumber;
            }
        }

        return _signer.Attested(obj, Now);
    }

    // The webhook deliveries of a new event: one per subscription whose organisation may read it and whose filters
    // match, all with the same body (docs/platform.md "Subscriptions and webhooks").
    private List<DeliveryState>? Deliveries(EventState ev)
    {
        List<DeliveryState>? deliveries = null;
        string? body = null;
        foreach (var subscription in _subscriptions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            if (!_organizations.ContainsKey(subscription.OrgId) || !CanRead(subscription.OrgId, ev) || !Matches(subscription, ev))
            {
                continue;
            }

            body ??= "[" + PlatformJson.Text(Render(ev)) + "]";
            (deliveries ??= []).Add(new DeliveryState
            {
                Id = NextId("delivery"),
                SubscriptionId = subscription.Id,
                EventTransactionId = ev.Id,
                Body = body,
                CreatedAt = Now,
            });
        }

        return deliveries;
    }

    private static bool Matches(SubscriptionState subscription, EventState ev)
    {
        var eventType = PlatformJson.Str(ev.Object, "eventType");
        if (subscription.EventTypes is { Count: > 0 } types && (eventType is null || !types.Contains(eventType)))
        {
            return false;
        }

        var location = ev.Object["location"] as JsonObject;
        var unlocode = PlatformJson.Str(location, "unlocode");
        return subscription.Type switch
        {
            "organization" => true,
            "port" => unlocode is not null && unlocode == subscription.Port,
            "country" => unlocode is not null && subscription.Country is not null && unlocode.StartsWith(subscription.Country, StringComparison.Ordinal),
            "terminal" => subscription.Terminal is not null
                && (PlatformJson.Str(ev.Object, "terminal") == subscription.Terminal || PlatformJson.Str(location, "smdgTerminal") == subscription.Terminal),
            _ => false,
        };
    }
}
