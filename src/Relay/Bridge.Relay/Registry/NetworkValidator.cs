using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Canonical.Validation;

namespace Bridge.Relay.Registry;

/// <summary>Turns a <see cref="NetworkInput"/> into a <see cref="NetworkDraft"/> or the findings that prevent it. Pure.</summary>
public static class NetworkValidator
{
    public const int MaxEndpoints = 16;

    /// <summary>URL schemes an endpoint of each network kind may use.</summary>
    public static IReadOnlySet<string> AllowedSchemes(NetworkKind kind) => kind switch
    {
        NetworkKind.Fabric => new HashSet<string>(["grpc", "grpcs", "http", "https"], StringComparer.Ordinal),
        NetworkKind.Ethereum => new HashSet<string>(["http", "https", "ws", "wss"], StringComparer.Ordinal),
        _ => new HashSet<string>(["http", "https"], StringComparer.Ordinal),
    };

    public static (NetworkDraft? Draft, ValidationResult Result) Validate(NetworkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issues = new ValidationCollector();
        Names.ValidateName("/name", input.Name, issues);
        Names.ValidateDisplayName("/displayName", input.DisplayName, issues);

        NetworkKind? kind = null;
        if (issues.Required("/kind", input.Kind))
        {
            if (NetworkKinds.TryParse(input.Kind, out var parsed))
            {
                kind = parsed;
            }
            else
            {
                issues.Error("/kind", ValidationCodes.UnknownValue, "must be one of fabric, ethereum, platform");
            }
        }

        var endpoints = ValidateEndpoints(input.Endpoints, kind, issues);

        TrustAnchors? anchors = null;
        if (input.TrustAnchors is not { } json || json.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined)
        {
            issues.Error("/trustAnchors", ValidationCodes.Required, "is required");
        }
        else if (kind is { } k)
        {
            var parsed = TrustAnchorsJson.Parse(k, json, "/trustAnchors");
            issues.AddRange(parsed.Validation.Issues);
            anchors = parsed is TrustAnchorsParseResult.Success ok ? ok.Anchors : null;
        }

        var result = issues.ToResult();
        if (!result.IsValid || kind is null || anchors is null)
        {
            return (null, result);
        }

        return (new NetworkDraft(input.Name!, input.DisplayName ?? input.Name!, kind.Value, endpoints, anchors), result);
    }

    private static List<NetworkEndpoint> ValidateEndpoints(IReadOnlyList<NetworkEndpointInput>? endpoints, NetworkKind? kind, ValidationCollector issues)
    {
        var valid = new List<NetworkEndpoint>();
        if (endpoints is null || endpoints.Count == 0)
        {
            issues.Error("/endpoints", ValidationCodes.Required, "at least one endpoint is required");
            return valid;
        }

        if (endpoints.Count > MaxEndpoints)
        {
            issues.Error("/endpoints", ValidationCodes.TooMany, $"at most {MaxEndpoints} endpoints");
            return valid;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = JsonPointer.Append("/endpoints", i);
            var endpoint = endpoints[i];
            if (endpoint is null)
            {
                issues.Error(path, ValidationCodes.Required, "must be an object with name and url");
                continue;
            }

            var namePath = JsonPointer.Append(path, "name");
            Names.ValidateName(namePath, endpoint.Name, issues);
            if (endpoint.Name is not null && !seen.Add(endpoint.Name))
            {
                issues.Error(namePath, ValidationCodes.Duplicate, "endpoint names must be unique within a network");
            }

            var urlPath = JsonPointer.Append(path, "url");
            if (!issues.Required(urlPath, endpoint.Url))
            {
                continue;
            }

            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            {
                issues.Error(urlPath, ValidationCodes.InvalidFormat, "must be an absolute URL with a host");
                continue;
            }

            if (url.UserInfo.Length > 0)
            {
                // Credentials would be stored and echoed in plain text; secrets go elsewhere.
                issues.Error(urlPath, "credentials-in-url", "must not contain a user name or password");
                continue;
            }

            if (kind is { } k && !AllowedSchemes(k).Contains(url.Scheme))
            {
                issues.Error(urlPath, ValidationCodes.UnknownValue, $"a {k.ToWireName()} endpoint must use one of: {string.Join(", ", AllowedSchemes(k).Order(StringComparer.Ordinal))}");
                continue;
            }

            if (endpoint.Name is not null)
            {
                valid.Add(new NetworkEndpoint(endpoint.Name, url));
            }
        }

        return valid;
    }
}
