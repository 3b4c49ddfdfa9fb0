using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Bindings;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Ethereum.Bindings;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.IntegrationTests.Relay;
using Bridge.Relay.Access;
using Bridge.Relay.Engine;
using Bridge.Relay.Messages;
using Bridge.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Bridge.IntegrationTests.Api.Http;

namespace Bridge.IntegrationTests.Api;

/// <summary>
/// Every named API endpoint × every kind of caller (no key, auditor, participant, operator): callers a route does not admit
/// get 401 (no key) or 403, callers it admits never do — except where a participant asks about another participant's
/// resources, which is 403 too. The expected matrix is written here by hand, and every named endpoint must be in it, so a
/// new endpoint cannot ship without a decision about who may call it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccessMatrixTests : IClassFixture<BridgeHostFixture>
{
    private const string A = "anonymous";
    private const string Au = "auditor";
    private const string P = "participant";
    private const string O = "operator";

    /// <summary>Who may call each endpoint (route values below point at resources that are not the participant's).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["CreateNetwork"] = [O],
        ["ListNetworks"] = [Au, P, O],
        ["GetNetwork"] = [Au, P, O],
        ["UpdateNetwork"] = [O],
        ["DeleteNetwork"] = [O],
        ["CreateParticipant"] = [O],
        ["ListParticipants"] = [Au, P, O],
        ["GetParticipant"] = [Au, P, O],
        ["UpdateParticipant"] = [O],
        ["DeleteParticipant"] = [O],
        ["CreateLane"] = [O],
        ["ListLanes"] = [Au, P, O], // a participant: the lanes that grant it an operation
        ["GetLane"] = [Au, P, O], // a participant: 404 unless the lane grants it an operation
        ["UpdateLane"] = [O],
        ["DeleteLane"] = [O],
        ["PauseLane"] = [O],
        ["ResumeLane"] = [O],
        ["ListMessages"] = [Au, P, O], // a participant: the lanes it may read (ParticipantMatrix below)
        ["GetMessage"] = [Au, P, O], // a participant: 404 unless its lane grants read
        ["GetMessageProof"] = [Au, P, O],
        ["RetryMessage"] = [O],
        ["CancelMessage"] = [O],
        ["CreateApiKey"] = [O],
        ["ListApiKeys"] = [Au, O],
        ["RevokeApiKey"] = [O],
        ["PostDocuments"] = [P, O],
        ["GetDocument"] = [Au, P, O],
        ["PostEvents"] = [P, O],
        ["GetShipmentTimeline"] = [Au, P, O],
        ["CreateBinding"] = [O],
        ["ListBindings"] = [Au, P, O],
        ["RevokeBinding"] = [O], // a participant: only its own bindings
        ["AnchorBinding"] = [P, O], // a participant: only its own bindings, on lanes where it may submit
        ["ReceivePlatformWebhook"] = [A, Au, P, O], // authenticated by the delivery's HMAC, not by a key
    };

    private readonly BridgeHostFixture _host;

    public AccessMatrixTests(BridgeHostFixture host) => _host = host;

    [Fact]
    public async Task EveryEndpoint_EveryCaller_IsAdmittedOrRefusedAsTheMatrixSays()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
            .Where(e => e.Name is not null && e.Endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        endpoints.Select(e => e.Name!).Order(StringComparer.Ordinal).ShouldBe(Allowed.Keys.Order(StringComparer.Ordinal), "every API endpoint needs a row in the access matrix");

        var callers = new Dictionary<string, string?> { [A] = null, [Au] = _host.AuditorKey, [P] = _host.ParticipantKey, [O] = _host.OperatorKey };
        var failures = new List<string>();
        foreach (var (endpoint, name) in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
            var path = Path(endpoint.RoutePattern.RawText!);
            foreach (var (caller, key) in callers)
            {
                using var client = _host.Client(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                var admitted = Allowed[name!].Contains(caller);
                var expected = admitted ? "admitted" : caller == A ? "401" : "403";
                var actual = refused ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : "admitted";
                if (expected != actual)
                {
                    failures.Add($"{name} {method} {path} as {caller}: expected {expected}, got {(int)response.StatusCode}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>
    /// Participant-level decisions for every message and lane endpoint (docs/relay.md, "Access"), written by hand. Columns:
    /// the reader (lane L1 grants it <c>read</c> by name), the submitter (lane L2 grants <c>submit</c> to its role, bank) and
    /// the outsider (no lane grants it anything). Cells: <c>L1</c>/<c>L2</c>/<c>none</c> — 200 and, over every page, exactly
    /// the messages (or lanes) of L1, of L2, or nothing; <c>200</c>; <c>403</c> (a forbidden problem); <c>404</c> (a
    /// not-found problem identical to the one for a resource that does not exist).
    /// </summary>
    private static readonly (string Endpoint, string Method, string Path, string Reader, string Submitter, string Outsider)[] ParticipantMatrix =
    [
        ("ListMessages", "GET", "/api/v1/messages", "L1", "none", "none"),
        ("ListMessages", "GET", "/api/v1/messages?limit=1", "L1", "none", "none"),
        ("ListMessages", "GET", "/api/v1/messages?lane={L1}&limit=1", "L1", "403", "403"),
        ("ListMessages", "GET", "/api/v1/messages?lane={L2}", "403", "403", "403"),
        ("ListMessages", "GET", "/api/v1/messages?lane=matrix-no-such-lane", "403", "403", "403"),
        ("GetMessage", "GET", "/api/v1/messages/{M1}", "200", "404", "404"),
        ("GetMessage", "GET", "/api/v1/messages/{M2}", "404", "404", "404"),
        ("GetMessageProof", "GET", "/api/v1/messages/{M1}/proof", "200", "404", "404"),
        ("GetMessageProof", "GET", "/api/v1/messages/{M2}/proof", "404", "404", "404"),
        ("RetryMessage", "POST", "/api/v1/messages/{M1}/retry", "403", "403", "403"),
        ("RetryMessage", "POST", "/api/v1/messages/{M2}/retry", "403", "403", "403"),
        ("CancelMessage", "POST", "/api/v1/messages/{M1}/cancel", "403", "403", "403"),
        ("CancelMessage", "POST", "/api/v1/messages/{M2}/cancel", "403", "403", "403"),
        ("ListLanes", "GET", "/api/v1/lanes", "L1", "L2", "none"),
        ("ListLanes", "GET", "/api/v1/lanes?limit=1", "L1", "L2", "none"),
        ("GetLane", "GET", "/api/v1/lanes/{L1}", "200", "404", "404"),
        ("GetLane", "GET", "/api/v1/lanes/{L2}", "404", "200", "404"),
        ("CreateLane", "POST", "/api/v1/lanes", "403", "403", "403"),
        ("UpdateLane", "PUT", "/api/v1/lanes/{L2}", "403", "403", "403"),
        ("DeleteLane", "DELETE", "/api/v1/lanes/{L2}", "403", "403", "403"),
        ("PauseLane", "POST", "/api/v1/lanes/{L2}/pause", "403", "403", "403"),
        ("ResumeLane", "POST", "/api/v1/lanes/{L2}/resume", "403", "403", "403"),
    ];

    [Fact]
    public async Task MessageAndLaneEndpoints_EveryParticipantByApiKeyAndByBoundKey_AdmitOrRefuseAsTheParticipantMatrixSays()
    {
        var scenario = await ScenarioAsync();
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/messages", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("/api/v1/lanes", StringComparison.Ordinal))
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);
        ParticipantMatrix.Select(r => r.Endpoint).Distinct().Order(StringComparer.Ordinal).ShouldBe(endpoints.Order(StringComparer.Ordinal), "every message and lane endpoint needs rows in the participant matrix");

        var failures = new List<string>();
        foreach (var credential in new[] { "api-key", "bound-key" })
        {
            foreach (var row in ParticipantMatrix)
            {
                foreach (var (who, expected) in new[] { ("reader", row.Reader), ("submitter", row.Submitter), ("outsider", row.Outsider) })
                {
                    var caller = scenario.Callers[who];
                    var path = scenario.Fill(row.Path);
                    var actual = await OutcomeAsync(scenario, credential == "api-key" ? caller.ByApiKey : caller.ByBoundKey, row.Method, path, expected);
                    if (actual != expected)
                    {
                        failures.Add($"{row.Endpoint} {row.Method} {path} as the {who} by {credential}: expected {expected}, got {actual}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty();

        // The refused retries, cancellations and lane changes changed nothing.
        using var operatorClient = _host.Client(_host.OperatorKey);
        foreach (var id in scenario.OnL1.Concat(scenario.OnL2))
        {
            using var shown = await operatorClient.GetAsync($"/api/v1/messages/{id}", Ct);
            var message = await shown.ShouldBeJsonAsync(HttpStatusCode.OK);
            message.Str("state").ShouldBe("observed");
            message.GetProperty("transitions").GetArrayLength().ShouldBe(0);
        }

        using (var lane = await operatorClient.GetAsync($"/api/v1/lanes/{scenario.L2}", Ct))
        {
            (await lane.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("paused").GetBoolean().ShouldBeFalse();
        }

        // A participant sees only the access rules that apply to it: never who else may use a lane.
        using var anonymous = _host.Client();
        using (var asReader = await anonymous.SendAsync(scenario.Callers["reader"].ByApiKey(HttpMethod.Get, "/api/v1/lanes"), Ct))
        {
            var rules = (await asReader.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single().GetProperty("access").EnumerateArray().ToList();
            rules.Count.ShouldBe(1);
            rules[0].Str("participant").ShouldBe(scenario.Names["reader"]);
            rules[0].GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ShouldBe(["read"]);
        }

        using (var asSubmitter = await anonymous.SendAsync(scenario.Callers["submitter"].ByBoundKey(HttpMethod.Get, $"/api/v1/lanes/{scenario.L2}"), Ct))
        {
            (await asSubmitter.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("access").EnumerateArray().Select(r => r.Str("role")).ShouldBe(["bank"]);
        }

        using var asOperator = await operatorClient.GetAsync($"/api/v1/lanes/{scenario.L1}", Ct);
        (await asOperator.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("access").GetArrayLength().ShouldBe(2);
    }

    /// <summary>What <paramref name="send"/> got for <paramref name="method"/> <paramref name="path"/>, as a cell of the participant matrix.</summary>
    private async Task<string> OutcomeAsync(ParticipantScenario scenario, Func<HttpMethod, string, HttpRequestMessage> send, string method, string path, string expected)
    {
        using var client = _host.Client();
        if (expected is "L1" or "L2" or "none" && method == "GET")
        {
            // Every page, following nextCursor: the pages together must hold exactly the expected set.
            var seen = new List<string>();
            var next = path;
            while (next is not null)
            {
                using var response = await client.SendAsync(send(HttpMethod.Get, next), Ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var page = await response.ReadJsonAsync();
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Str(path.StartsWith("/api/v1/lanes", StringComparison.Ordinal) ? "name" : "id")));
                next = page.TryGetProperty("nextCursor", out var nextCursor) && nextCursor.GetString() is { } cursor
                    ? path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "cursor=" + Uri.EscapeDataString(cursor)
                    : null;
            }

            var lanes = path.StartsWith("/api/v1/lanes", StringComparison.Ordinal);
            return seen.Count == 0 ? "none"
                : Same(seen, lanes ? [scenario.L1] : scenario.OnL1) ? "L1"
                : Same(seen, lanes ? [scenario.L2] : scenario.OnL2) ? "L2"
                : "200 with " + string.Join(", ", seen);
        }

        using var request = send(new HttpMethod(method), path);
        using var answer = await client.SendAsync(request, Ct);
        var status = (int)answer.StatusCode;
        if (status == 403)
        {
            await answer.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        if (status == 404)
        {
            // Not revealing existence: the same problem as for a resource that was never there.
            var problem = await answer.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
            var (real, absent) = path.Contains("/lanes/", StringComparison.Ordinal) ? (path.Split('/')[4], "matrix-never-a-lane") : (path.Split('/')[4], new string('0', 64));
            using var never = await client.SendAsync(send(new HttpMethod(method), path.Replace(real, absent, StringComparison.Ordinal)), Ct);
            var neverProblem = await never.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
            if (problem.Str("detail").Replace(real, absent, StringComparison.Ordinal) != neverProblem.Str("detail"))
            {
                return $"404 that differs from a missing resource's ({problem.Str("detail")})";
            }
        }

        return status is 200 or 201 or 204 ? "200" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

        static bool Same(List<string> seen, IReadOnlyList<string> expected) => seen.Count == expected.Count && seen.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Two lanes from one Fabric network: L1 grants <c>read</c> to the reader by name (and <c>read</c>/<c>submit</c> to
    /// inspectors, whom nobody here is); L2 grants <c>submit</c> to the bank role. Three participants, each with an API key and
    /// a bound Ethereum key. Two messages on each lane, each with a stored source proof, inserted through the host's own
    /// message store, L2's last (so an unscoped newest-first page would start with them).
    /// </summary>
    private async Task<ParticipantScenario> ScenarioAsync()
    {
        using var operatorClient = _host.Client(_host.OperatorKey);
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reader"] = UniqueName("reader"),
            ["submitter"] = UniqueName("submitter"),
            ["outsider"] = UniqueName("outsider"),
        };
        foreach (var (who, role) in new[] { ("reader", "shipper"), ("submitter", "bank"), ("outsider", "insurer") })
        {
            using var created = await operatorClient.PostJsonAsync("/api/v1/participants", Bodies.Participant(names[who], new JsonArray(role)));
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        static JsonObject Rule(string member, string value, params string[] operations) =>
            new() { [member] = value, ["operations"] = new JsonArray([.. operations.Select(o => (JsonNode)o)]) };
        var (source, destination1, l1) = await RelayTestLanes.CreateAsync(operatorClient, access: [Rule("participant", names["reader"], "read"), Rule("role", "inspector", "read", "submit")]);
        var (_, destination2, l2) = await RelayTestLanes.CreateAsync(operatorClient, source: source, access: [Rule("role", "bank", "submit")]);

        var store = _host.Services.GetRequiredService<IMessageStore>();
        var onL1 = new[] { await ObserveAsync(store, l1, source, destination1), await ObserveAsync(store, l1, source, destination1) };
        var onL2 = new[] { await ObserveAsync(store, l2, source, destination2), await ObserveAsync(store, l2, source, destination2) };
        var mine = onL1.Concat(onL2).ToDictionary(m => m.Id.Value);
        var leased = (await store.LeaseDueAsync("access-matrix", 1000, TimeSpan.FromMinutes(10), Ct)).Where(l => mine.ContainsKey(l.Message.Id.Value)).ToList();
        leased.Count.ShouldBe(mine.Count);
        foreach (var item in leased)
        {
            var payload = mine[item.Message.Id.Value].Payload!;
            var proof = new ProofEnvelope(ProofEnvelope.CurrentVersion, source, ProofKind.FabricEndorsement, payload.Subject, JsonSerializer.SerializeToElement(new { test = "access-matrix" }));
            (await store.SaveProofAsync(item.Message.Id, item.Lease, MessageDispatcher.SourceRole, proof, new ProofVerdict.Valid(["CarrierMSP::peer0"]), Ct)).ShouldBeTrue();
        }

        var keys = _host.Services.GetRequiredService<IApiKeyStore>();
        var callers = new Dictionary<string, ParticipantCaller>(StringComparer.Ordinal);
        foreach (var (who, name) in names)
        {
            var apiKey = (await keys.CreateAsync(AccessRole.Participant, name, "participant matrix", Ct))!.PlainText;
            var bound = EthPrivateKey.Generate();
            var address = bound.Address.ToString().ToLowerInvariant();
            var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
            var statement = new IdentityBindingStatement(name, [new EthereumBoundIdentity(address, 31337)], now.AddMinutes(-1), now.AddDays(1), "nonce-" + Guid.NewGuid().ToString("N"));
            using (var binding = await operatorClient.PostJsonAsync($"/api/v1/participants/{name}/bindings", SignedRequest.BindingBody(statement, (destination1, EthereumBindingSignatureVerifier.Sign(bound, statement, 31337)))))
            {
                binding.StatusCode.ShouldBe(HttpStatusCode.Created, await binding.Content.ReadAsStringAsync(Ct));
            }

            callers[who] = new ParticipantCaller(
                (method, path) =>
                {
                    var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) } };
                    if (method == HttpMethod.Post || method == HttpMethod.Put)
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    return request;
                },
                (method, path) => SignedRequest.Create(
                    method,
                    path,
                    method == HttpMethod.Post || method == HttpMethod.Put ? "{}"u8.ToArray() : [],
                    "ethereum:" + address,
                    input => Convert.ToHexStringLower(PersonalMessage.Sign(bound, input).ToBytes65()),
                    DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds())));
        }

        return new ParticipantScenario(l1, l2, [.. onL1.Select(m => m.Id.Value)], [.. onL2.Select(m => m.Id.Value)], names, callers);
    }

    private static async Task<RelayMessage> ObserveAsync(IMessageStore store, string lane, string source, string destination)
    {
        var now = TimeProvider.System.GetUtcNow();
        var tx = new TxRef("tx-" + Guid.NewGuid().ToString("N"), 7);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tx.Id)));
        var payload = new MessagePayload.Anchor(new ProofSubject(ProofSubjectType.Event, tx.Id, digest), Guid.NewGuid().ToString(), digest, digest, "BILL_OF_LADING");
        var message = RelayMessage.Observe(lane, MessageKind.DocumentAnchor, new MessageSource(source, tx, 0, tx.Id), destination, payload, now.AddHours(1), now);
        (await store.ObserveAsync(message, Ct)).ShouldBeTrue();
        return message;
    }

    /// <summary>One participant's two ways to send a request: its API key, and a signature by its bound Ethereum key.</summary>
    private sealed record ParticipantCaller(Func<HttpMethod, string, HttpRequestMessage> ByApiKey, Func<HttpMethod, string, HttpRequestMessage> ByBoundKey);

    private sealed record ParticipantScenario(
        string L1,
        string L2,
        IReadOnlyList<string> OnL1,
        IReadOnlyList<string> OnL2,
        IReadOnlyDictionary<string, string> Names,
        IReadOnlyDictionary<string, ParticipantCaller> Callers)
    {
        /// <summary>The matrix path with this scenario's lanes and messages (M1: L1's first message, M2: L2's first).</summary>
        public string Fill(string path) => path
            .Replace("{L1}", L1, StringComparison.Ordinal)
            .Replace("{L2}", L2, StringComparison.Ordinal)
            .Replace("{M1}", OnL1[0], StringComparison.Ordinal)
            .Replace("{M2}", OnL2[0], StringComparison.Ordinal);
    }

    /// <summary>The route with values that name nothing of the fixture's participant.</summary>
    private static string Path(string pattern) => pattern
        .Replace("{name}", "matrix-someone-else", StringComparison.Ordinal)
        .Replace("{id:guid}", "0b9f1f5e-7a4c-4c1e-9a51-3c2f6c1d2e3f", StringComparison.Ordinal)
        .Replace("{id}", new string('a', 64), StringComparison.Ordinal)
        .Replace("{keyId}", "matrix-key", StringComparison.Ordinal)
        .Replace("{reference}", "MATRIX0001", StringComparison.Ordinal)
        .Replace("{network}", "matrix-network", StringComparison.Ordinal);
}
