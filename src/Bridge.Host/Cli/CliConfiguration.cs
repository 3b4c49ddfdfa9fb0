using Microsoft.Extensions.Configuration;

namespace Bridge.Host.Cli;

/// <summary>Configuration for verbs that do not run the web host, read from the same sources as <c>bridge serve</c>.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Build(IReadOnlyList<string> args) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine([.. args])
            .Build();

    /// <summary>Warnings and errors only, on stderr, so that command output stays clean.</summary>
    public static ILoggerFactory QuietLoggers() =>
        LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
}
