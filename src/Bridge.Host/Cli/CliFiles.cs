namespace Bridge.Host.Cli;

/// <summary>Reads the files that command-line verbs take, with one-line errors.</summary>
internal static class CliFiles
{
    /// <summary>The bytes of <paramref name="path"/>, or of standard input for <c>-</c>; a read failure is a <see cref="CliException"/>.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                await using var stdin = Console.OpenStandardInput();
                await stdin.CopyToAsync(buffer, cancellationToken);
                return buffer.ToArray();
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UserError, $"cannot read '{path}': {ex.Message}");
        }
    }
}
