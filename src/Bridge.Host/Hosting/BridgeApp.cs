using System.Diagnostics;
using Bridge.Host.Api;
using Bridge.Host.Observability;
using Bridge.Host.Security;
using Bridge.Relay.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bridge.Host.Hosting;

/// <summary>Options of the HTTP API (configuration section <c>Bridge:Api</c>).</summary>
internal sealed class ApiOptions
{
    /// <summary>Largest accepted request body. Trade documents are sent as JSON; 1 MiB is generous for the registry.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// The composition root: builds the web host on a resolved database (external or embedded), migrates the
/// schema before it serves, and stops the embedded cluster after the host has stopped.
/// </summary>
internal sealed class BridgeApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5180";

    private readonly BridgeDatabase _database;

    private BridgeApp(WebApplication app, BridgeDatabase database, TimeSpan startupTime)
    {
        App = app;
        _database = database;
        StartupTime = startupTime;
    }

    public WebApplication App { get; }

    public BridgeDatabase Database => _database;

    /// <summary>Time from the start of <see cref="BuildAsync"/> to a migrated database and a built host.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Builds the host. <paramref name="configure"/> lets tests add configuration before services are registered.</summary>
    public static async Task<BridgeApp> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        ConfigureLogging(builder);

        // The database comes first: the host must not serve before its schema is current.
        using var bootLoggers = LoggerFactory.Create(l => ConfigureLogging(l, builder.Configuration));
        var database = await BridgeDatabase.OpenAsync(builder.Configuration, bootLoggers, cancellationToken);
        try
        {
            await new SchemaMigrator(bootLoggers.CreateLogger<SchemaMigrator>()).MigrateAsync(database.ConnectionString, cancellationToken);
            var app = Build(builder, database);
            if (builder.Configuration[RegistryFile.ConfigurationKey] is { Length: > 0 } registryFile)
            {
                try
                {
                    await RegistryFile.ApplyAsync(app.Services, registryFile, bootLoggers.CreateLogger("Bridge.Registry"), cancellationToken);
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
            }

            return new BridgeApp(app, database, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(WebApplicationBuilder builder, BridgeDatabase database)
    {
        var services = builder.Services;
        var apiOptions = builder.Configuration.GetSection("Bridge:Api").Get<ApiOptions>() ?? new ApiOptions();
        if (apiOptions.MaxRequestBodyBytes <= 0)
        {
            throw new InvalidOperationException("Bridge:Api:MaxRequestBodyBytes must be a positive number of bytes.");
        }

        services.AddSingleton(apiOptions);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = apiOptions.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });

        services.AddSingleton(TimeProvider.System);
        services.AddBridgePersistence(database.ConnectionString);
        services.AddBridgeCanonical();
        services.AddSingleton(ProofVerifiers.CreateBindingVerifiers());
        var webhooks = builder.Configuration.GetSection("Bridge:Webhooks").Get<Webhooks.WebhookReceiverOptions>() ?? new Webhooks.WebhookReceiverOptions();
        var relay = builder.Configuration.GetSection("Bridge:Relay").Get<RelayOptions>() ?? new RelayOptions();
        Webhooks.PlatformPollingOptions.Validate(webhooks, relay);
        services.AddSingleton(webhooks);
        services.AddSingleton<Webhooks.PlatformWebhookIngest>();
        services.AddHostedService(sp => sp.GetRequiredService<Webhooks.PlatformWebhookIngest>());
        services.AddSingleton<Webhooks.PlatformPollingFallback>();
        services.AddHostedService(sp => sp.GetRequiredService<Webhooks.PlatformPollingFallback>());
        services.AddHealthChecks().AddDbContextCheck<BridgeDbContext>("database", HealthStatus.Unhealthy, ["ready"]);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, HostJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, CanonicalApiJsonContext.Default);
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddBridgeProblemDetails();
        services.AddBridgeAuthentication();
        services.AddBridgeMetrics();
        services.AddSingleton(builder.Configuration.GetSection("Bridge:Metrics").Get<Observability.LaneMetricsOptions>() ?? new Observability.LaneMetricsOptions());
        services.AddHostedService<Observability.LaneMetrics>();
        services.AddSingleton(relay);
        services.AddSingleton<ConfiguredAdapters>();
        services.AddSingleton<RelayService>();
        services.AddHostedService(sp => sp.GetRequiredService<RelayService>());
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Trade Chain Bridge API";
            doc.Info.Description = "Registry of networks and participants, API keys, canonical documents and events, shipment timelines. Errors are RFC 9457 problem details; see /problems.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The API page is static and public (a browser cannot send a bearer key); the calls it makes are not.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Trade Chain Bridge API v1");
            o.DocumentTitle = "Trade Chain Bridge API";
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health/live", () => TypedResults.Ok(new HealthReply("live"))).AllowAnonymous().WithTags("Health")
            .WithSummary("The process is up.");
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
        }).AllowAnonymous();
        app.MapPrometheusMetrics("/metrics").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/problems", () => TypedResults.Ok(ProblemTypes.All.Select(Describe).ToList())).AllowAnonymous().WithTags("Problems")
            .WithSummary("The catalogue of problem types this API returns.");
        app.MapGet("/problems/{code}", (string code) => ProblemTypes.ForCode(code) is { } p
                ? (IResult)TypedResults.Ok(Describe(p))
                : Problems.NotFound("problem type", code))
            .AllowAnonymous().WithTags("Problems");
        app.MapRegistryEndpoints();
        app.MapLaneEndpoints();
        app.MapMessageEndpoints();
        app.MapBindingEndpoints();
        app.MapKeyEndpoints();
        app.MapCanonicalEndpoints();
        Webhooks.PlatformWebhookEndpoints.MapPlatformWebhooks(app);
        return app;
    }

    private static ProblemTypeResponse Describe(ProblemType p) => new(p.Uri, p.Status, p.Title, p.Description);

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging, builder.Configuration);
    }

    /// <summary>Structured JSON logs on stdout, one object per line, with scopes (request id) included.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}

internal sealed record HealthReply(string Status);
