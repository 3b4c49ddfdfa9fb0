using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bridge.Host.Api;

namespace Bridge.Host.Cli;

/// <summary>Talks to a running host over REST for the command line; problems become <see cref="CliException"/>s.</summary>
internal sealed class BridgeApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public BridgeApiClient(Uri baseUrl, string? apiKey, HttpMessageHandler? handler = null)
    {
        _baseUrl = baseUrl;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = baseUrl;
        _http.Timeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), type, cancellationToken);

    public Task<T> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, bodyType) }, type, cancellationToken);

    public Task<T> PostRawAsync<T>(string path, string json, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }, type, cancellationToken);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new CliException(ExitCodes.Unavailable, $"cannot reach the bridge at {_baseUrl}: {ex.Message} (is 'bridge serve' running? set --url or BRIDGE_URL)");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Unavailable, $"the bridge at {_baseUrl} did not answer within {_http.Timeout.TotalSeconds:0} s");
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                           ?? throw new CliException(ExitCodes.Unavailable, "the bridge returned an empty response");
                }

                throw await ToExceptionAsync(response, cancellationToken);
            }
        }
    }

    private static async Task<CliException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
            ? ExitCodes.Unavailable
            : ExitCodes.UserError;
        string message;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            message = DescribeProblem(doc.RootElement);
        }
        catch (JsonException)
        {
            message = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }

        return new CliException(code, message);
    }

    /// <summary>One readable line (plus one per further error) from a problem document.</summary>
    internal static string DescribeProblem(JsonElement problem)
    {
        string? Get(string name) => problem.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var text = $"{Get("title") ?? "error"}: {Get("detail")}";
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 1)
        {
            text += string.Concat(errors.EnumerateArray().Select(e =>
                $"{Environment.NewLine}  {(e.TryGetProperty("field", out var f) ? f.GetString() : "")}: {(e.TryGetProperty("detail", out var d) ? d.GetString() : "")}"));
        }
        else if (Get("field") is { Length: > 0 } field && !text.Contains(field, StringComparison.Ordinal))
        {
            text += $" (field {field})";
        }

        var type = Get("type");
        return type is null ? text : $"{text} [{type}]";
    }

    public void Dispose() => _http.Dispose();
}
