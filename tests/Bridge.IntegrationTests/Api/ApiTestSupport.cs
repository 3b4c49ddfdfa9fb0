using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.IntegrationTests.Api;

/// <summary>HTTP and JSON helpers shared by the API tests.</summary>
internal static class Http
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A registry name unique to one test: <paramref name="prefix"/> and 12 hex digits.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body) =>
        client.PostAsync(url, Json(body), Ct);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, Json(json), Ct);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, JsonNode body) =>
        client.PutAsync(url, Json(body), Ct);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts <paramref name="status"/> and a JSON body, and returns the body.</summary>
    public static async Task<JsonElement> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string Str(this JsonElement element, string member) => element.GetProperty(member).GetString()!;

    public static bool Has(this JsonElement element, string member) => element.TryGetProperty(member, out _);

    public static bool JsonEquals(JsonNode expected, JsonNode actual) => JsonNode.DeepEquals(expected, actual);

    public static bool JsonEquals(JsonNode expected, JsonElement actual)
    {
        using var document = JsonDocument.Parse(expected.ToJsonString());
        return JsonElement.DeepEquals(document.RootElement, actual);
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: status, content type, our <c>type</c> for <paramref name="code"/>, title,
    /// detail, instance (the request path) and requestId (equal to the response's X-Request-Id). When
    /// <paramref name="field"/> is given, the problem's <c>field</c> must equal it.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        problem.Str("type").ShouldBe($"/problems/{code}", text);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.Str("title").ShouldNotBeNullOrWhiteSpace();
        problem.Str("detail").ShouldNotBeNullOrWhiteSpace();
        problem.Str("instance").ShouldBe(response.RequestMessage!.RequestUri!.AbsolutePath);
        problem.Str("requestId").ShouldNotBeNullOrWhiteSpace();

        // Header presence on every response is asserted by ProblemsAndDocsTests; here only agreement.
        if (response.Headers.TryGetValues("X-Request-Id", out var requestIds))
        {
            problem.Str("requestId").ShouldBe(requestIds.Single());
        }
        problem.Has("traceId").ShouldBeFalse();
        if (field is not null)
        {
            problem.TryGetProperty("field", out var actual).ShouldBeTrue($"no 'field' in {text}");
            actual.GetString().ShouldBe(field, text);
        }

        return problem;
    }

    /// <summary>Asserts a validation problem whose first field is <paramref name="field"/> and whose errors hold (field, code).</summary>
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field, string code)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", field);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (Field: e.Str("field"), Code: e.Str("code"), Detail: e.Str("detail"))).ToList();
        errors.ShouldContain(e => e.Field == field && e.Code == code, problem.GetRawText());
        errors.ShouldAllBe(e => e.Detail.Length > 0);
        return problem;
    }
}

/// <summary>Request bodies for the registry resources, as mutable JSON nodes.</summary>
internal static class Bodies
{
    public const string AnchorRegistry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public const string ValidLei = "5493001KJTIIGC8Y1R12";
    public const string OtherValidLei = "529900T8BM49AURSDO55";
    public const string ValidGln = "0614141073467";

    private static readonly Lazy<string> CaCertificate = new(CreateCaCertificatePem);
    private static readonly Lazy<(string X, string Y)> EcPoint = new(CreateEcPoint);

    public static JsonObject EthereumAnchors(long chainId = 31337, int confirmations = 2) => new()
    {
        ["chainId"] = chainId,
        ["contracts"] = new JsonObject { ["anchorRegistry"] = AnchorRegistry },
        ["finality"] = new JsonObject { ["confirmations"] = confirmations },
    };

    public static JsonObject PlatformAnchors() => new()
    {
        ["issuer"] = "https://platform.example.com/",
        ["jwks"] = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC",
                ["kid"] = "k1",
                ["crv"] = "P-256",
                ["x"] = EcPoint.Value.X,
                ["y"] = EcPoint.Value.Y,
            }),
        },
    };

    public static JsonObject FabricAnchors() => new()
    {
        ["channel"] = "trade-channel",
        ["chaincode"] = "bridge_anchor",
        ["msps"] = new JsonArray(new JsonObject
        {
            ["mspId"] = "CarrierMSP",
            ["rootCertificates"] = new JsonArray(CaCertificate.Value),
        }),
        ["endorsementPolicy"] = new JsonObject
        {
            ["type"] = "n-of",
            ["n"] = 1,
            ["mspIds"] = new JsonArray("CarrierMSP"),
        },
    };

    public static JsonObject Network(string name, string kind = "ethereum", string? url = null, JsonNode? anchors = null)
    {
        url ??= kind switch
        {
            "fabric" => "grpcs://peer0.carrier.example.com:7051",
            "ethereum" => "http://127.0.0.1:8545",
            _ => "https://platform.example.com/api",
        };
        anchors ??= kind switch
        {
            "fabric" => FabricAnchors(),
            "ethereum" => EthereumAnchors(),
            _ => PlatformAnchors(),
        };
        return new JsonObject
        {
            ["name"] = name,
            ["displayName"] = $"Network {name}",
            ["kind"] = kind,
            ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "main", ["url"] = url }),
            ["trustAnchors"] = anchors,
        };
    }

    public static JsonObject Participant(string name, JsonArray? roles = null, JsonArray? identifiers = null) => new()
    {
        ["name"] = name,
        ["displayName"] = $"Participant {name}",
        ["roles"] = roles ?? new JsonArray("carrier"),
        ["identifiers"] = identifiers ?? new JsonArray(),
    };

    public static JsonObject Identifier(string scheme, string value) => new() { ["scheme"] = scheme, ["value"] = value };

    /// <summary>A random, valid LEI: 18 random characters and ISO 7064 MOD 97-10 check digits.</summary>
    public static string RandomLei()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var body = RandomNumberGenerator.GetString(alphabet, 18);
        var digits = string.Concat((body + "00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var remainder = System.Numerics.BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97;
        return body + (98 - (int)remainder).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string CreateCaCertificatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ca.carrier.example.com, O=Carrier", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return certificate.ExportCertificatePem();
    }

    private static (string X, string Y) CreateEcPoint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        return (Base64Url.EncodeToString(point.X), Base64Url.EncodeToString(point.Y));
    }
}

/// <summary>Requests signed by a bound identity key, and identity binding bodies (docs/bindings.md).</summary>
internal static class SignedRequest
{
    /// <summary>A request signed as docs/bindings.md says, with the signing input built here independently.</summary>
    public static HttpRequestMessage Create(HttpMethod method, string pathAndQuery, byte[] body, string identityKey, Func<byte[], string> sign, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var input = Encoding.UTF8.GetBytes($"bridge-request-v1\n{method.Method}\n{pathAndQuery}\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(body))}");
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        request.Headers.Add("Bridge-Identity", identityKey);
        request.Headers.Add("Bridge-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Bridge-Signature", sign(input));
        return request;
    }

    /// <summary>The body of <c>POST /api/v1/participants/{name}/bindings</c>.</summary>
    public static JsonObject BindingBody(Bridge.Adapters.Abstractions.Bindings.IdentityBindingStatement statement, params (string Network, string Signature)[] signatures) => new()
    {
        ["statement"] = JsonNode.Parse(Bridge.Adapters.Abstractions.Bindings.IdentityBindingStatementJson.ToJson(statement).GetRawText()),
        ["signatures"] = new JsonArray([.. signatures.Select(s => (JsonNode)new JsonObject { ["network"] = s.Network, ["signature"] = s.Signature })]),
    };
}

/// <summary>Sends a body without a Content-Length (chunked).</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_bytes, 0, _bytes.Length);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
