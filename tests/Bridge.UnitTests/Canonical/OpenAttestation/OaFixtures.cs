using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bridge.UnitTests.Canonical.OpenAttestation;

/// <summary>
/// The published OpenAttestation documents the tests check against: the v2 pair in ../shared/conformance
/// (test/fixtures/v2 of Open-Attestation/open-attestation@f1339e9a) and the v3 pair kept in Fixtures/ (SOURCES.md).
/// </summary>
internal static class OaFixtures
{
    /// <summary>targetHash = merkleRoot of both v2 fixtures, as published in them.</summary>
    public const string V2TargetHash = "c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692";

    /// <summary>targetHash = merkleRoot of both v3 fixtures, as published in them.</summary>
    public const string V3TargetHash = "797faecb7662eca4e73a82c25a2387d57acd666354c228291fcd664e6aaeb1ba";

    /// <summary>The one entry hash in the obfuscated v2 fixture's privacy.obfuscatedData.</summary>
    public const string V2ObfuscatedHash = "45c49a0e6efbde83c602cf6bbe4aa356d495feaf78a9a309cc1bad101f5c52f4";

    public static JsonElement V2NotObfuscated => Element(Conformance.Read("openattestation", "v2", "not-obfuscated-wrapped.json"));

    public static JsonElement V2Obfuscated => Element(Conformance.Read("openattestation", "v2", "obfuscated-wrapped.json"));

    public static JsonElement V3NotObfuscated => Element(ReadLocal("v3-not-obfuscated-wrapped.json"));

    public static JsonElement V3Obfuscated => Element(ReadLocal("v3-obfuscated-wrapped.json"));

    public static JsonNode V2NotObfuscatedNode => JsonNode.Parse(Conformance.Read("openattestation", "v2", "not-obfuscated-wrapped.json"))!;

    public static JsonNode V3NotObfuscatedNode => JsonNode.Parse(ReadLocal("v3-not-obfuscated-wrapped.json"))!;

    public static JsonElement Element(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }

    public static JsonElement Element(JsonNode node) => Element(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static byte[] ReadLocal(string name) =>
        File.ReadAllBytes(Conformance.RepositoryPath("tests", "Bridge.UnitTests", "Canonical", "OpenAttestation", "Fixtures", name));
}
