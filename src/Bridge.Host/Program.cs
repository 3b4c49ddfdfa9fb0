using Bridge.Host.Cli;

return await BridgeCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

/// <summary>The entry point; public so that tests can reference the host assembly.</summary>
public partial class Program;
