namespace Bridge.Simulators.Ethereum;

/// <summary>The dev chain could not be started, or a JSON-RPC call to it failed.</summary>
public class DevChainException : Exception
{
    public DevChainException()
    {
    }

    public DevChainException(string message)
        : base(message)
    {
    }

    public DevChainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Node 22 or Hardhat is missing: <c>./eng/prerequisites.sh</c> installs them.</summary>
public sealed class DevChainNotInstalledException : DevChainException
{
    public DevChainNotInstalledException()
    {
    }

    public DevChainNotInstalledException(string message)
        : base(message)
    {
    }

    public DevChainNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The node answered a JSON-RPC request with an error object (JSON-RPC 2.0, section 5.1).</summary>
public sealed class DevChainRpcException : DevChainException
{
    public DevChainRpcException()
    {
    }

    public DevChainRpcException(string message)
        : base(message)
    {
    }

    public DevChainRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DevChainRpcException(string method, long code, string message, string? data)
        : base($"{method} failed: {message} (code {code})")
    {
        Method = method;
        Code = code;
        ErrorData = data;
    }

    /// <summary>The JSON-RPC method that failed.</summary>
    public string? Method { get; }

    /// <summary>The error code.</summary>
    public long Code { get; }

    /// <summary>The error's <c>data</c> member as raw JSON (revert data, for example), when present.</summary>
    public string? ErrorData { get; }
}
