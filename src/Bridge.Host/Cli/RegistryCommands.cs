using System.CommandLine;
using System.Text.Json;
using Bridge.Host.Api;
using Bridge.Relay.Registry;
using Spectre.Console;

namespace Bridge.Host.Cli;

/// <summary>
/// <c>bridge networks list|add|show</c>, <c>bridge participants list|add|show</c> and <c>bridge lanes list|add|pause|resume</c>: clients of a running
/// host's REST API, authenticated with an API key from <c>--api-key</c> or BRIDGE_API_KEY.
/// </summary>
internal static class RegistryCommands
{
    private static readonly JsonSerializerOptions Indented = new(HostJsonContext.Default.Options) { WriteIndented = true };

    public static Command BuildNetworks(TextWriter stdout)
    {
        var common = new ClientOptions();
        var list = common.Attach(new Command("list", "List registered networks."));
        list.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var items = await ListAllAsync(client, "/api/v1/networks", HostJsonContext.Default.ListResponseNetworkResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(items, Indented.GetTypeInfo(typeof(List<NetworkResponse>))));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Name", "Kind", "Display name", "Endpoints", "Updated (UTC)");
            foreach (var n in items)
            {
                table.AddRow(Markup.Escape(n.Name), n.Kind, Markup.Escape(n.DisplayName), Markup.Escape(string.Join(", ", n.Endpoints.Select(e => $"{e.Name}={e.Url}"))), n.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            Render(stdout, table, items.Count, "network");
            return ExitCodes.Ok;
        });

        var showName = new Argument<string>("name") { Description = "The network's name." };
        var show = common.Attach(new Command("show", "Show one network with its trust anchors.") { showName });
        show.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var n = await client.GetAsync($"/api/v1/networks/{Uri.EscapeDataString(parse.GetValue(showName)!)}", HostJsonContext.Default.NetworkResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(n, Indented.GetTypeInfo(typeof(NetworkResponse))));
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Name", Markup.Escape(n.Name));
            grid.AddRow("Display name", Markup.Escape(n.DisplayName));
            grid.AddRow("Kind", n.Kind);
            grid.AddRow("Id", n.Id.ToString());
            foreach (var e in n.Endpoints)
            {
                grid.AddRow($"Endpoint {Markup.Escape(e.Name)}", Markup.Escape(e.Url));
            }

            grid.AddRow("Trust anchors", Markup.Escape(JsonSerializer.Serialize(n.TrustAnchors, Indented.GetTypeInfo(typeof(JsonElement)))));
            grid.AddRow("Created (UTC)", n.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("Updated (UTC)", n.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            Render(stdout, grid);
            return ExitCodes.Ok;
        });

        var file = new Option<FileInfo?>("--file", "-f") { Description = "A JSON file with the whole network definition (as POST /api/v1/networks takes it)." };
        var name = new Option<string?>("--name") { Description = "Name: lowercase letters, digits and '-'." };
        var kind = new Option<string?>("--kind") { Description = "fabric, ethereum or platform." };
        kind.AcceptOnlyFromAmong("fabric", "ethereum", "platform");
        var displayName = new Option<string?>("--display-name") { Description = "A human-readable name." };
        var endpoint = new Option<string[]>("--endpoint") { Description = "An endpoint as name=url; repeat for several.", AllowMultipleArgumentsPerToken = false };
        var anchors = new Option<string?>("--trust-anchors") { Description = "Trust anchors as JSON, or @path to a JSON file." };
        var add = common.Attach(new Command("add", "Register a network (operator key).") { file, name, kind, displayName, endpoint, anchors });
        add.SetAction(async (parse, ct) =>
        {
            string body;
            if (parse.GetValue(file) is { } f)
            {
                body = await ReadFileAsync(f.FullName, ct);
            }
            else
            {
                var trust = parse.GetValue(anchors) is { } a ? await ReadJsonArgumentAsync(a, "--trust-anchors", ct) : (JsonElement?)null;
                var input = new NetworkInput(
                    parse.GetValue(name),
                    parse.GetValue(displayName),
                    parse.GetValue(kind),
                    (parse.GetValue(endpoint) ?? []).Select(ParseEndpoint).ToList(),
                    trust);
                body = JsonSerializer.Serialize(input, HostJsonContext.Default.NetworkInput);
            }

            using var client = common.Client(parse);
            var created = await client.PostRawAsync("/api/v1/networks", body, HostJsonContext.Default.NetworkResponse, ct);
            await stdout.WriteLineAsync($"Registered {created.Kind} network '{created.Name}' ({created.Id}).");
            return ExitCodes.Ok;
        });

        return new Command("networks", "The networks the bridge links (talks to a running host).") { list, add, show };
    }

    public static Command BuildLanes(TextWriter stdout)
    {
        var common = new ClientOptions();
        var list = common.Attach(new Command("list", "List lanes with their networks, flows and state."));
        list.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var items = await ListAllAsync(client, "/api/v1/lanes", HostJsonContext.Default.ListResponseLaneResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(items, Indented.GetTypeInfo(typeof(List<LaneResponse>))));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Name", "Source", "Destination", "Flows", "Direction", "Relay", "State");
            foreach (var l in items)
            {
                table.AddRow(
                    Markup.Escape(l.Name),
                    Markup.Escape(l.Source),
                    Markup.Escape(l.Destination),
                    string.Join(", ", l.Flows),
                    l.Direction,
                    $"{l.ProofPolicy.RelayThreshold} of {l.ProofPolicy.RelaySigners.Count}",
                    l.Paused ? "paused" : "running");
            }

            Render(stdout, table, items.Count, "lane");
            return ExitCodes.Ok;
        });

        var file = new Option<FileInfo>("--file", "-f") { Description = "A JSON file with the lane definition (as POST /api/v1/lanes takes it).", Required = true };
        var add = common.Attach(new Command("add", "Define a lane (operator key).") { file });
        add.SetAction(async (parse, ct) =>
        {
            var body = await ReadFileAsync(parse.GetValue(file)!.FullName, ct);
            using var client = common.Client(parse);
            var created = await client.PostRawAsync("/api/v1/lanes", body, HostJsonContext.Default.LaneResponse, ct);
            await stdout.WriteLineAsync($"Defined lane '{created.Name}': {created.Source} -> {created.Destination} ({string.Join(", ", created.Flows)}, {created.Direction}).");
            return ExitCodes.Ok;
        });

        return new Command("lanes", "The lanes between networks (talks to a running host).") { list, add, PauseOrResume(common, stdout, pause: true), PauseOrResume(common, stdout, pause: false) };
    }

    public static Command BuildMessages(TextWriter stdout)
    {
        var common = new ClientOptions();
        var lane = new Option<string?>("--lane") { Description = "Only this lane's messages." };
        var state = new Option<string?>("--state") { Description = "Only messages in this state (observed, final, proven, submitted, confirmed, acknowledged, failed, expired, refunded, cancelled)." };
        var list = common.Attach(new Command("list", "List relay messages, most recently changed first (operator or auditor key).") { lane, state });
        list.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var query = string.Join("&", new[] { ("lane", parse.GetValue(lane)), ("state", parse.GetValue(state)) }.Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}"));
            var items = await ListAllAsync(client, "/api/v1/messages" + (query.Length > 0 ? "?" + query : string.Empty), HostJsonContext.Default.ListResponseMessageResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(items, Indented.GetTypeInfo(typeof(List<MessageResponse>))));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Lane", "Kind", "State", "Attempts", "Source", "Updated (UTC)");
            foreach (var m in items)
            {
                table.AddRow(m.Id[..16] + "…", Markup.Escape(m.Lane), m.Kind, m.State, m.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape($"{m.Source.Network} {m.Source.TxId}"), m.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            Render(stdout, table, items.Count, "message");
            return ExitCodes.Ok;
        });

        var showId = new Argument<string>("id") { Description = "The message id (64 hex digits)." };
        var show = common.Attach(new Command("show", "Show one message with every state change.") { showId });
        show.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var m = await client.GetAsync($"/api/v1/messages/{Uri.EscapeDataString(parse.GetValue(showId)!)}", HostJsonContext.Default.MessageResponse, ct);
            await WriteMessageAsync(stdout, common.Json(parse), m);
            return ExitCodes.Ok;
        });

        var retryId = new Argument<string>("id") { Description = "The message id." };
        var retry = common.Attach(new Command("retry", "Retry a failed message from the step it failed in (operator key).") { retryId });
        retry.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var m = await client.PostRawAsync($"/api/v1/messages/{Uri.EscapeDataString(parse.GetValue(retryId)!)}/retry", "{}", HostJsonContext.Default.MessageResponse, ct);
            await WriteMessageAsync(stdout, common.Json(parse), m);
            return ExitCodes.Ok;
        });

        var cancelId = new Argument<string>("id") { Description = "The message id." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded with the transition)." };
        var cancel = common.Attach(new Command("cancel", "Cancel a message not yet submitted; a title message expires and is refunded (operator key).") { cancelId, reason });
        cancel.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var body = JsonSerializer.Serialize(new MessageCancelRequest(parse.GetValue(reason)), HostJsonContext.Default.MessageCancelRequest);
            var m = await client.PostRawAsync($"/api/v1/messages/{Uri.EscapeDataString(parse.GetValue(cancelId)!)}/cancel", body, HostJsonContext.Default.MessageResponse, ct);
            await WriteMessageAsync(stdout, common.Json(parse), m);
            return ExitCodes.Ok;
        });

        return new Command("messages", "The relay's messages (talks to a running host).") { list, show, retry, cancel };
    }

    private static async Task WriteMessageAsync(TextWriter stdout, bool json, MessageResponse m)
    {
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(m, Indented.GetTypeInfo(typeof(MessageResponse))));
            return;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Id", m.Id);
        grid.AddRow("Lane", Markup.Escape(m.Lane));
        grid.AddRow("Kind", m.Kind);
        grid.AddRow("State", m.State + (m.FailedFrom is null ? string.Empty : $" (from {m.FailedFrom})"));
        grid.AddRow("Attempts", m.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("Source", Markup.Escape($"{m.Source.Network} tx {m.Source.TxId} #{m.Source.Index}"));
        grid.AddRow("Destination", Markup.Escape(m.DestinationNetwork));
        if (m.LastError is { } e)
        {
            grid.AddRow("Last error", Markup.Escape($"{e.Code}: {e.Detail}"));
        }

        foreach (var t in m.Transitions ?? [])
        {
            grid.AddRow(t.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape($"{t.From} -> {t.To} ({t.Trigger}{(t.Evidence is null ? string.Empty : ", " + t.Evidence)})"));
        }

        Render(stdout, grid);
    }

    private static Command PauseOrResume(ClientOptions common, TextWriter stdout, bool pause)
    {
        var name = new Argument<string>("name") { Description = "The lane's name." };
        var command = common.Attach(new Command(pause ? "pause" : "resume", pause
            ? "Pause a lane: it accepts and dispatches nothing until resumed (operator key)."
            : "Resume a paused lane (operator key).") { name });
        command.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var lane = await client.PostRawAsync($"/api/v1/lanes/{Uri.EscapeDataString(parse.GetValue(name)!)}/{(pause ? "pause" : "resume")}", "{}", HostJsonContext.Default.LaneResponse, ct);
            await stdout.WriteLineAsync($"Lane '{lane.Name}' is {(lane.Paused ? "paused" : "running")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command BuildParticipants(TextWriter stdout)
    {
        var common = new ClientOptions();
        var list = common.Attach(new Command("list", "List registered participants."));
        list.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var items = await ListAllAsync(client, "/api/v1/participants", HostJsonContext.Default.ListResponseParticipantResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(items, Indented.GetTypeInfo(typeof(List<ParticipantResponse>))));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Name", "Display name", "Roles", "Identifiers");
            foreach (var p in items)
            {
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.DisplayName), string.Join(", ", p.Roles), Markup.Escape(string.Join(", ", p.Identifiers.Select(i => $"{i.Scheme}:{i.Value}"))));
            }

            Render(stdout, table, items.Count, "participant");
            return ExitCodes.Ok;
        });

        var showName = new Argument<string>("name") { Description = "The participant's name." };
        var show = common.Attach(new Command("show", "Show one participant.") { showName });
        show.SetAction(async (parse, ct) =>
        {
            using var client = common.Client(parse);
            var p = await client.GetAsync($"/api/v1/participants/{Uri.EscapeDataString(parse.GetValue(showName)!)}", HostJsonContext.Default.ParticipantResponse, ct);
            if (common.Json(parse))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(p, Indented.GetTypeInfo(typeof(ParticipantResponse))));
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Name", Markup.Escape(p.Name));
            grid.AddRow("Display name", Markup.Escape(p.DisplayName));
            grid.AddRow("Id", p.Id.ToString());
            grid.AddRow("Roles", string.Join(", ", p.Roles));
            foreach (var i in p.Identifiers)
            {
                grid.AddRow($"Identifier {i.Scheme}", Markup.Escape(i.Value));
            }

            grid.AddRow("Created (UTC)", p.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("Updated (UTC)", p.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            Render(stdout, grid);
            return ExitCodes.Ok;
        });

        var file = new Option<FileInfo?>("--file", "-f") { Description = "A JSON file with the whole participant definition." };
        var name = new Option<string?>("--name") { Description = "Name: lowercase letters, digits and '-'." };
        var displayName = new Option<string?>("--display-name") { Description = "The organisation's name." };
        var role = new Option<string[]>("--role") { Description = $"A trade role ({string.Join(", ", ParticipantValidator.TradeRoles)}); repeat for several." };
        var identifier = new Option<string[]>("--identifier") { Description = "An identifier as scheme=value (lei, scac, gln, bic, eori); repeat for several." };
        var add = common.Attach(new Command("add", "Register a participant (operator key).") { file, name, displayName, role, identifier });
        add.SetAction(async (parse, ct) =>
        {
            string body;
            if (parse.GetValue(file) is { } f)
            {
                body = await ReadFileAsync(f.FullName, ct);
            }
            else
            {
                var input = new ParticipantInput(
                    parse.GetValue(name),
                    parse.GetValue(displayName),
                    parse.GetValue(role) ?? [],
                    (parse.GetValue(identifier) ?? []).Select(ParseIdentifier).ToList());
                body = JsonSerializer.Serialize(input, HostJsonContext.Default.ParticipantInput);
            }

            using var client = common.Client(parse);
            var created = await client.PostRawAsync("/api/v1/participants", body, HostJsonContext.Default.ParticipantResponse, ct);
            await stdout.WriteLineAsync($"Registered participant '{created.Name}' ({created.Id}).");
            return ExitCodes.Ok;
        });

        return new Command("participants", "The organisations that trade over the bridge (talks to a running host).") { list, add, show };
    }

    private static async Task<List<T>> ListAllAsync<T>(BridgeApiClient client, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListResponse<T>> type, CancellationToken ct)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await client.GetAsync(cursor is null ? $"{path}{separator}limit=200" : $"{path}{separator}limit=200&cursor={Uri.EscapeDataString(cursor)}", type, ct);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    private static NetworkEndpointInput ParseEndpoint(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        return eq <= 0
            ? throw new CliException(ExitCodes.Usage, $"--endpoint '{value}' must be name=url, for example gateway=grpcs://peer0.example.com:7051")
            : new NetworkEndpointInput(value[..eq], value[(eq + 1)..]);
    }

    private static PartyIdentifierInput ParseIdentifier(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        return eq <= 0
            ? throw new CliException(ExitCodes.Usage, $"--identifier '{value}' must be scheme=value, for example lei=529900T8BM49AURSDO55")
            : new PartyIdentifierInput(value[..eq], value[(eq + 1)..]);
    }

    private static async Task<JsonElement> ReadJsonArgumentAsync(string value, string option, CancellationToken ct)
    {
        var text = value.StartsWith('@') ? await ReadFileAsync(value[1..], ct) : value;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.UserError, $"{option} is not valid JSON: {ex.Message}");
        }
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UserError, $"cannot read {path}: {ex.Message}");
        }
    }

    private static void Render(TextWriter stdout, Spectre.Console.Rendering.IRenderable renderable, int? count = null, string? noun = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        console.Write(renderable);
        if (count is { } c)
        {
            console.WriteLine($"{c} {noun}{(c == 1 ? string.Empty : "s")}");
        }
    }

    /// <summary>Options every REST verb takes: where the host is, the API key, and the output format.</summary>
    private sealed class ClientOptions
    {
        private readonly Option<string> _url = new("--url")
        {
            Description = "The bridge's base URL (or BRIDGE_URL).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRIDGE_URL") is { Length: > 0 } u ? u : Hosting.BridgeApp.DefaultUrl,
        };

        private readonly Option<string?> _apiKey = new("--api-key")
        {
            Description = "An API key (or BRIDGE_API_KEY). Prefer the environment variable: command lines are visible to other users.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BRIDGE_API_KEY"),
        };

        private readonly Option<string> _output = new("--output", "-o")
        {
            Description = "table (default) or json.",
            DefaultValueFactory = _ => "table",
        };

        public ClientOptions() => _output.AcceptOnlyFromAmong("table", "json");

        public Command Attach(Command command)
        {
            command.Options.Add(_url);
            command.Options.Add(_apiKey);
            command.Options.Add(_output);
            return command;
        }

        public bool Json(ParseResult parse) => parse.GetValue(_output) == "json";

        public BridgeApiClient Client(ParseResult parse)
        {
            var url = parse.GetValue(_url)!;
            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.Usage, $"--url '{url}' is not an http(s) URL");
            }

            var key = parse.GetValue(_apiKey);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new CliException(ExitCodes.Usage, "an API key is required: pass --api-key or set BRIDGE_API_KEY (create one with 'bridge keys create --role operator')");
            }

            return new BridgeApiClient(baseUrl, key);
        }
    }
}
