using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Canonical.Mapping;
using Bridge.Canonical.Mapping.Epcis;
using Bridge.Canonical.Model;
using Bridge.Canonical.Validation;

namespace Bridge.UnitTests.Canonical.Mapping.Epcis;

/// <summary>
/// The EPCIS 2.0 test documents (written for this project from the EPCIS 2.0 / CBV 2.0 field definitions; GS1's own
/// examples carry no open licence) and helpers to map them.
/// </summary>
internal static class EpcisTestData
{
    public static readonly DateTimeOffset ReceivedAt = new(2024, 3, 22, 10, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> DocumentNames { get; } =
    [
        "container-journey-bare-vocabulary.jsonld",
        "uri-vocabulary-digital-link.jsonld",
        "transaction-event.jsonld",
        "transformation-event.jsonld",
        "association-event.jsonld",
        "sensor-reefer.jsonld",
        "error-declaration.jsonld",
        "query-document.jsonld",
        "bare-object-event.jsonld",
    ];

    /// <summary>The bytes of a test document: copied next to the tests, or read from the source tree.</summary>
    public static byte[] Read(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Canonical", "Mapping", "Epcis", "Documents", name);
        return File.Exists(copied)
            ? File.ReadAllBytes(copied)
            : File.ReadAllBytes(Conformance.RepositoryPath("tests", "Bridge.UnitTests", "Canonical", "Mapping", "Epcis", "Documents", name));
    }

    public static MappingResult MapDocument(string name, EpcisMappingOptions? options = null) => MapBytes(Read(name), options);

    public static MappingResult MapJson(string json, EpcisMappingOptions? options = null) => MapBytes(Encoding.UTF8.GetBytes(json), options);

    public static MappingResult MapBytes(byte[] bytes, EpcisMappingOptions? options = null)
    {
        using var document = JsonDocument.Parse(bytes);
        var mapper = options is null ? new EpcisMapper() : new EpcisMapper(options);
        return mapper.Map(document.RootElement, new MappingContext(ReceivedAt, Sha256Hex(bytes)));
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Same instant AND same UTC offset (DateTimeOffset equality alone ignores the offset).</summary>
    public static void ShouldBeAt(this DateTimeOffset actual, DateTimeOffset expected)
    {
        actual.ShouldBe(expected);
        actual.Offset.ShouldBe(expected.Offset);
    }

    public static void ShouldBeAt(this DateTimeOffset? actual, DateTimeOffset expected)
    {
        actual.ShouldNotBeNull();
        actual.Value.ShouldBeAt(expected);
    }

    public static string Extension(this LogisticsEvent e, string pointer)
    {
        e.Extensions.ShouldNotBeNull();
        e.Extensions.TryGetValue(pointer, out var value).ShouldBeTrue($"no extension {pointer}; have: {string.Join(", ", e.Extensions.Keys)}");
        return value.GetRawText();
    }

    public static void ShouldNotHaveExtension(this LogisticsEvent e, string pointer) =>
        (e.Extensions?.ContainsKey(pointer) ?? false).ShouldBeFalse($"unexpected extension {pointer}");

    public static void ShouldHaveNoErrors(this MappingResult result) =>
        result.Validation.Errors.ShouldBeEmpty(string.Join("; ", result.Validation.Issues.Select(static i => $"{i.Path} {i.Code} {i.Message}")));

    public static ValidationIssue ShouldHaveError(this MappingResult result, string path, string code)
    {
        var issue = result.Validation.Errors.FirstOrDefault(i => i.Path == path && i.Code == code);
        issue.ShouldNotBeNull($"no error {code} at {path}; found: " + string.Join("; ", result.Validation.Issues.Select(static i => $"{i.Severity} {i.Path} {i.Code}")));
        return issue;
    }
}
