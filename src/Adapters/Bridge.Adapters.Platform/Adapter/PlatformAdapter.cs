using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Platform.Client;
using Bridge.Adapters.Platform.Proofs;

namespace Bridge.Adapters.Platform.Adapter;

/// <summary>
/// The bridge's view of a TradeLens-style platform (<see cref="NetworkKind.Platform"/>). Submit:
/// <c>RawInvoke("publishEvent", [eventType, jsonBody])</c> and <c>RawInvoke("shareDocument", [metadataJson,
/// contentBase64])</c>, each sent with the idempotency key (the platform de-duplicates); other commands are rejected as
/// <c>unsupported-command</c>. Subscribe: the polling fallback (<see cref="PlatformPoller"/>), protocol id = the event's
/// sequence as 20 zero-padded digits, so ordinal order is sequence order. Proofs: <c>platform-jws</c> from the attested
/// event, document metadata or content. Finality: the platform acknowledges, so what it served is final.
/// </summary>
public sealed class PlatformAdapter : INetworkAdapter
{
    /// <summary>The <see cref="LedgerCommand.RawInvoke"/> function that publishes an event: args [eventType, jsonBody].</summary>
    public const string PublishEventFunction = "publishEvent";

    /// <summary>The <see cref="LedgerCommand.RawInvoke"/> function that uploads a document: args [metadataJson, contentBase64].</summary>
    public const string ShareDocumentFunction = "shareDocument";

    /// <summary>The <see cref="LedgerQuery.RawEvaluate"/> function for currentProgress: args [consignmentId, transportEquipmentId].</summary>
    public const string CurrentProgressFunction = "currentProgress";

    /// <summary>The <see cref="LedgerQuery.RawEvaluate"/> function for document metadata: args [documentId].</summary>
    public const string DocumentMetadataFunction = "documentMetadata";

    private const int RecentCapacity = 10_000;

    private readonly PlatformClient _client;
    private readonly PlatformPoller _poller;
    private readonly Lock _recentGate = new();
    private readonly Dictionary<string, PlatformEvent> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();

    /// <summary>Creates the adapter over <paramref name="client"/> (its lifetime is the caller's).</summary>
    public PlatformAdapter(PlatformClient client, PlatformPollerOptions? pollerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _poller = new PlatformPoller(client, pollerOptions);
    }

    /// <summary>The platform's event feed as this adapter's client reads it (for a caller that pages the feed itself).</summary>
    public IPlatformEventFeed Feed => _client;

    /// <inheritdoc />
    public NetworkKind Kind => NetworkKind.Platform;

    /// <inheritdoc />
    public AdapterCapabilities Capabilities { get; } = new(LedgerCommandKinds.RawInvoke, SupportsSubscribe: true, [ProofKind.PlatformJws], FinalityModel.Acknowledged);

    /// <summary>The sortable protocol id of the event with <paramref name="sequence"/>: 20 zero-padded digits.</summary>
    public static string FormatProtocolId(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask<LedgerIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
    {
        var identity = await _client.GetIdentityAsync(cancellationToken);
        return new LedgerIdentity(NetworkKind.Platform, identity.UserId, identity.OrganizationId);
    }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(LedgerCommand command, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (command is not LedgerCommand.RawInvoke invoke || invoke.Function is not (PublishEventFunction or ShareDocumentFunction))
        {
            return new SubmitResult.Rejected("unsupported-command", $"the platform adapter submits only RawInvoke {PublishEventFunction} and {ShareDocumentFunction}, not {Describe(command)}");
        }

        if (invoke.Args.Count != 2 || ParseObject(invoke.Args[invoke.Function == PublishEventFunction ? 1 : 0]) is not { } json)
        {
            return new SubmitResult.Rejected("invalid-command", $"{invoke.Function} takes two arguments, the second (publishEvent) or first (shareDocument) a JSON object");
        }

        try
        {
            if (invoke.Function == PublishEventFunction)
            {
                var eventType = invoke.Args[0];
                if (eventType.Length == 0 || !eventType.All(char.IsAsciiLetter))
                {
                    return new SubmitResult.Rejected("invalid-command", "the event type must be ASCII letters, e.g. actualGateIn");
                }

                var published = await _client.PublishEventAsync(eventType, json, idempotencyKey, cancellationToken);
                return new SubmitResult.Accepted(new TxRef(published.EventTransactionId));
            }

            byte[] content;
            try
            {
                content = Convert.FromBase64String(invoke.Args[1]);
            }
            catch (FormatException)
            {
                return new SubmitResult.Rejected("invalid-command", "the document content must be base64");
            }

            var fileName = json["fileName"] is JsonValue name && name.TryGetValue<string>(out var text) && text.Length > 0 ? text : "document";
            var shared = await _client.ShareDocumentAsync(json, content, fileName, idempotencyKey, cancellationToken);
            return new SubmitResult.Accepted(new TxRef(shared.DocumentId));
        }
        catch (PlatformApiException e) when (e.Status != HttpStatusCode.Unauthorized)
        {
            return new SubmitResult.Rejected(RejectionCode(e.Status), e.Message);
        }
        catch (PlatformApiException e)
        {
            throw new AdapterException(_client.NetworkName, "the platform refused the adapter's credentials", isTransient: false, e);
        }
    }

    /// <inheritdoc />
    public async Task<QueryResult> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return query switch
            {
                LedgerQuery.RawEvaluate { Function: CurrentProgressFunction, Args.Count: 2 } q =>
                    new QueryResult.Found(await _client.GetCurrentProgressAsync(q.Args[0], q.Args[1], cancellationToken)),
                LedgerQuery.RawEvaluate { Function: DocumentMetadataFunction, Args.Count: 1 } q =>
                    new QueryResult.Found(await _client.GetDocumentMetadataAsync(q.Args[0], cancellationToken)),
                _ => throw new NotSupportedException($"The platform adapter answers RawEvaluate {CurrentProgressFunction} and {DocumentMetadataFunction} only."),
            };
        }
        catch (PlatformApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return new QueryResult.NotFound();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerEvent> SubscribeAsync(Checkpoint? from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        if (from is not null && !(from.ProtocolId.Length == 20 && from.ProtocolId.All(char.IsAsciiDigit)
            && long.TryParse(from.ProtocolId, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            throw new ArgumentException($"'{from.ProtocolId}' is not a platform protocol id (20 digits).", nameof(from));
        }

        await foreach (var item in _poller.PollAsync(after, cancellationToken))
        {
            Remember(item);
            yield return new LedgerEvent(FormatProtocolId(item.Sequence), new TxRef(item.EventTransactionId, item.Sequence), item.EventType, item.ToUtf8())
            {
                // The platform-jws proof's subject: the eventTransactionId and SHA-256 of the attested payload (PlatformProofBuilder).
                Subject = PlatformJwsVerifier.TryPayload(item.Object, out var payload, out _, out _)
                    ? new ProofSubject(ProofSubjectType.Event, item.EventTransactionId, Bridge.Canonical.Hashing.ContentHash.Sha256Hex(payload))
                    : null,
            };
        }
    }

    /// <summary>
    /// Builds a <c>platform-jws</c> proof. Event subjects (id <c>eventTransactionId</c>) come from the events this adapter
    /// streamed, else from the feed at <see cref="TxRef.BlockNumber"/> (the sequence); state subjects are document
    /// metadata (id <c>documentId</c>) or content (id <c>{documentId}/content</c>, bound to the attested metadata).
    /// </summary>
    public async Task<ProofEnvelope> GetProofAsync(ProofRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != ProofKind.PlatformJws)
        {
            throw new NotSupportedException($"The platform adapter does not build {request.Kind.ToWireName()} proofs.");
        }

        var id = request.Subject.Id;
        switch (request.Subject.Type)
        {
            case ProofSubjectType.Event:
                var found = Recent(id) ?? await FromFeedAsync(id, request.Tx?.BlockNumber, cancellationToken)
                    ?? throw new AdapterException(_client.NetworkName, $"event {id} is not known to this adapter; pass its sequence as Tx.BlockNumber", isTransient: false);
                return PlatformProofBuilder.ForEvent(_client.NetworkName, found.Object);
            case ProofSubjectType.State when id.EndsWith(PlatformJwsVerifier.ContentSuffix, StringComparison.Ordinal):
                var documentId = id[..^PlatformJwsVerifier.ContentSuffix.Length];
                var content = await _client.GetDocumentContentAsync(documentId, cancellationToken);
                var metadata = await _client.GetDocumentMetadataAsync(documentId, cancellationToken);
                return PlatformProofBuilder.ForDocumentContent(
                    _client.NetworkName,
                    documentId,
                    content.Content,
                    content.Attestation ?? throw new AdapterException(_client.NetworkName, $"document {documentId}'s content came without an attestation", isTransient: false),
                    metadata);
            case ProofSubjectType.State:
                return PlatformProofBuilder.ForDocumentMetadata(_client.NetworkName, await _client.GetDocumentMetadataAsync(id, cancellationToken));
            default:
                throw new NotSupportedException($"The platform adapter proves events and document states, not {request.Subject.Type.ToWireName()}s.");
        }
    }

    /// <summary>Final: the platform has no forks, and what it acknowledged or served stays (<see cref="FinalityModel.Acknowledged"/>).</summary>
    public Task<FinalityStatus> GetFinalityAsync(TxRef tx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return Task.FromResult<FinalityStatus>(new FinalityStatus.Final(tx));
    }

    private async Task<PlatformEvent?> FromFeedAsync(string eventTransactionId, long? sequence, CancellationToken cancellationToken)
    {
        if (sequence is not { } s || s < 1)
        {
            return null;
        }

        var page = await _client.GetEventsAsync(s - 1, 1, cancellationToken);
        return page.Events.FirstOrDefault(e => e.Sequence == s && e.EventTransactionId == eventTransactionId);
    }

    private void Remember(PlatformEvent item)
    {
        lock (_recentGate)
        {
            if (_recent.TryAdd(item.EventTransactionId, item))
            {
                _recentOrder.Enqueue(item.EventTransactionId);
                if (_recentOrder.Count > RecentCapacity)
                {
                    _recent.Remove(_recentOrder.Dequeue());
                }
            }
        }
    }

    private PlatformEvent? Recent(string eventTransactionId)
    {
        lock (_recentGate)
        {
            return _recent.GetValueOrDefault(eventTransactionId);
        }
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string RejectionCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "invalid-command",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.NotFound => "not-found",
        HttpStatusCode.Conflict => "conflict",
        _ => "rejected",
    };

    private static string Describe(LedgerCommand command) =>
        command is LedgerCommand.RawInvoke raw ? $"RawInvoke {raw.Function}" : command.Kind.ToString();
}
