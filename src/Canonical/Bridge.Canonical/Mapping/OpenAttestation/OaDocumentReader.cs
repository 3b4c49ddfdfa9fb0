using System.Globalization;
using System.Text.Json;
using Bridge.Canonical.Identifiers;
using Bridge.Canonical.Model;
using Bridge.Canonical.OpenAttestation;
using Bridge.Canonical.Validation;

namespace Bridge.Canonical.Mapping.OpenAttestation;

/// <summary>
/// Reads one integrity-checked OpenAttestation document into the canonical model (one instance per payload). v2
/// values are read unsalted (<see cref="OaV2.Unsalt"/>); finding paths and extension keys are JSON pointers into the
/// wrapped document (<c>/data/...</c> for v2, <c>/credentialSubject/...</c> and other members for v3), extension
/// values are the unsalted values.
/// </summary>
internal sealed class OaDocumentReader
{
    /// <summary>OpenAttestation anchors on Ethereum-compatible chains only (DocumentStore, TokenRegistry, did:ethr).</summary>
    private const string Ledger = "ethereum";

    /// <summary>Issuer of the identifier made from an identity proof's DNS domain (a ZZZ identifier: DNS has no canonical scheme).</summary>
    private const string DnsIssuer = "DNS";

    private readonly ValidationCollector _issues;
    private readonly IReadOnlyDictionary<string, string> _templates;
    private readonly Dictionary<string, JsonElement> _extensions = new(StringComparer.Ordinal);
    private readonly List<SourceNode> _nodes = [];

    public OaDocumentReader(ValidationCollector issues, IReadOnlyDictionary<string, string> templates)
    {
        _issues = issues;
        _templates = templates;
    }

    public TradeDocument? Read(JsonElement payload, IntegrityVerdict.Valid valid, MappingContext context)
    {
        var envelope = valid.Version == OaVersion.V2 ? ReadV2(payload) : ReadV3(payload);
        if (envelope is null)
        {
            return null;
        }

        var docType = envelope.TemplateName is null ? null : OpenAttestationMapper.DocumentTypeOf(_templates, envelope.TemplateName);
        if (envelope.TemplateName is not null && docType is null)
        {
            _issues.Error(envelope.TemplatePath, ValidationCodes.UnknownValue,
                $"unknown template '{envelope.TemplateName}': the bridge maps BILL_OF_LADING (and BILL_OF_LADING_*), SIMPLE_COO and CERTIFICATE_OF_ORIGIN; configure other templates");
        }

        if (docType is null)
        {
            return null;
        }

        // A token registry makes a document transferable: a bill of lading says so with IsToOrder and a title state;
        // other documents keep the registry member in the extensions so the fact is not lost.
        if (envelope.StoreMember is { } store && !(envelope.Transferable && docType != DocumentTypes.BillOfLading))
        {
            store.Node.Consume(store.Name);
        }

        var issuer = envelope.Issuer;
        var fields = envelope.Fields;
        TradeDocument document = docType switch
        {
            DocumentTypes.BillOfLading => ReadBill(fields, envelope.Transferable),
            DocumentTypes.CertificateOfOrigin => ReadCertificateOfOrigin(fields),
            DocumentTypes.CommercialInvoice => new CommercialInvoice { DocumentNumber = string.Empty },
            DocumentTypes.PackingList => new PackingList { DocumentNumber = string.Empty },
            DocumentTypes.PhytosanitaryCertificate => new PhytosanitaryCertificate { DocumentNumber = string.Empty },
            _ => new InspectionCertificate { DocumentNumber = string.Empty },
        };

        var number = string.IsNullOrEmpty(document.DocumentNumber) ? null : document.DocumentNumber;
        if (number is null && envelope.IdNode is { } idNode)
        {
            number = Text(idNode, "id");
        }

        if (number is null)
        {
            // The target hash identifies an OpenAttestation document (it is what a DocumentStore issues and a
            // TokenRegistry mints as token id, via the Merkle root).
            var numberField = docType switch
            {
                DocumentTypes.BillOfLading => "blNumber",
                DocumentTypes.CertificateOfOrigin => "cooId",
                _ => null,
            };
            if (numberField is not null && fields is not null)
            {
                _issues.Warning(fields.PathOf(numberField), ValidationCodes.Required, "the template's document number is missing; the target hash is used as document number");
            }

            number = valid.TargetHash;
        }

        var parties = new List<Party>(document.Parties.Count + 1);
        if (issuer is not null)
        {
            parties.Add(issuer);
        }

        parties.AddRange(document.Parties);
        foreach (var node in _nodes)
        {
            node.CollectUnmapped(_extensions);
        }

        if (envelope.ObfuscatedCount > 0)
        {
            // Selective disclosure: the holder hid fields; only their number is known (trade-standards.md §A.5).
            using var count = JsonDocument.Parse(envelope.ObfuscatedCount.ToString(CultureInfo.InvariantCulture));
            _extensions["redactedFieldCount"] = count.RootElement.Clone();
        }

        return document with
        {
            DocumentNumber = number,
            Issuer = issuer,
            IssueDate = document.IssueDate ?? envelope.IssueDate,
            Parties = parties,
            Extensions = _extensions.Count == 0 ? null : _extensions,
            Provenance = new Provenance
            {
                SourceSystem = SourceSystems.OpenAttestation,
                SourceId = valid.TargetHash,
                SourceVersion = valid.Version == OaVersion.V2 ? "2.0" : "3.0",
                ReceivedAt = context.ReceivedAt,
                RawSha256 = context.RawSha256,
                Anchor = new LedgerAnchor
                {
                    Ledger = Ledger,
                    ChainId = envelope.ChainId,
                    Contract = envelope.Contract,
                    MerkleRoot = valid.MerkleRoot,
                    TargetHash = valid.TargetHash,
                },
            },
        };
    }

    // ------------------------------------------------------------------ envelopes

    /// <summary>What v2 and v3 documents both state, read from their different places.</summary>
    private sealed record Envelope(
        SourceNode? Fields,
        SourceNode? IdNode,
        string? TemplateName,
        string TemplatePath,
        Party? Issuer,
        string? Contract,
        bool Transferable,
        (SourceNode Node, string Name)? StoreMember,
        string? ChainId,
        DateOnly? IssueDate,
        int ObfuscatedCount);

    /// <summary>
    /// v2: <c>data.$template.name</c>, <c>data.issuers[0]</c> (name, documentStore | certificateStore |
    /// tokenRegistry, identityProof), <c>data.network.chainId</c>; template fields are the other members of data.
    /// </summary>
    private Envelope? ReadV2(JsonElement payload)
    {
        var result = OaV2.Unsalt(payload);
        if (result is OaResult<OaUnsalted>.Failed failed)
        {
            _issues.Error(ToPointer(failed.Path), ValidationCodes.InvalidFormat, failed.Message);
            return null;
        }

        var unsalted = (OaResult<OaUnsalted>.Ok)result;

        // A stand-in root holding only the unsalted data, so that pointers read /data/... and the other members of
        // the wrapped document (version, signature, privacy) are not taken for unmapped content.
        JsonElement root;
        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("data");
                unsalted.Value.Data.WriteTo(writer);
                writer.WriteEndObject();
            }

            using var parsed = JsonDocument.Parse(stream.ToArray());
            root = parsed.RootElement.Clone();
        }

        var data = Track(SourceNode.Record(root, string.Empty, _issues).Object("data"))!;
        var template = Track(data.Object("$template", required: true));
        var templateName = template?.String("name", required: true);

        var issuers = data.Array("issuers", required: true);
        SourceNode? issuerNode = null;
        for (var i = 0; i < issuers.Count; i++)
        {
            if (i == 0 && issuers[0].IsObject)
            {
                issuerNode = Track(issuers[0]);
            }
            else if (i == 0)
            {
                _issues.Error(issuers[0].Pointer, ValidationCodes.InvalidFormat, "must be an object");
            }
            else
            {
                // The canonical document has one issuer; further issuers are kept whole.
                _extensions[issuers[i].Pointer] = issuers[i].Element.Clone();
            }
        }

        Party? issuer = null;
        string? contract = null;
        var transferable = false;
        (SourceNode, string)? storeMember = null;
        if (issuerNode is not null)
        {
            var identifiers = new List<Identifier>();
            var proof = Track(issuerNode.Object("identityProof"));
            if (proof is not null)
            {
                var type = proof.String("type");
                ReadIdentity(type, proof, "location", proof.Has("key") ? "key" : null, identifiers);
            }

            foreach (var name in (ReadOnlySpan<string>)["documentStore", "certificateStore", "tokenRegistry"])
            {
                if (issuerNode.Element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    contract = value.GetString();
                    transferable = name == "tokenRegistry";
                    storeMember = (issuerNode, name);
                    TradeIdentifiers.ValidateEthereumAddress(contract, issuerNode.PathOf(name), _issues);
                    identifiers.Add(new Identifier { Scheme = IdentifierSchemes.EthAddress, Value = contract! });
                    break;
                }
            }

            issuer = new Party { Name = issuerNode.String("name"), Roles = [PartyRoles.Issuer], Identifiers = identifiers };
        }

        var network = Track(data.Object("network"));
        var chainId = network is null ? null : Text(network, "chainId");
        var obfuscated = payload.TryGetProperty("privacy", out var privacy) && privacy.ValueKind == JsonValueKind.Object
            && privacy.TryGetProperty("obfuscatedData", out var hidden) && hidden.ValueKind == JsonValueKind.Array
            ? hidden.GetArrayLength() : 0;
        return new Envelope(data, data, templateName, template?.PathOf("name") ?? "/data/$template", issuer, contract, transferable, storeMember, chainId, null, obfuscated);
    }

    /// <summary>
    /// v3 (W3C VC form): <c>openAttestationMetadata.template.name</c>, <c>openAttestationMetadata.proof</c>
    /// (method DOCUMENT_STORE | TOKEN_REGISTRY | DID, value), <c>openAttestationMetadata.identityProof</c>,
    /// <c>issuer.name</c>, <c>issuanceDate</c>, <c>network.chainId</c>; template fields are in
    /// <c>credentialSubject</c>.
    /// </summary>
    private Envelope ReadV3(JsonElement payload)
    {
        var root = Track(SourceNode.Record(payload, string.Empty, _issues))!;
        root.Consume("version", "proof");
        var metadata = Track(root.Object("openAttestationMetadata", required: true));
        var template = Track(metadata?.Object("template", required: true));
        var templateName = template?.String("name", required: true);
        var identifiers = new List<Identifier>();
        var identity = Track(metadata?.Object("identityProof"));
        if (identity is not null)
        {
            var type = identity.String("type");
            ReadIdentity(type, identity, type == "DID" ? null : "identifier", type == "DID" ? "identifier" : null, identifiers);
        }

        string? contract = null;
        var transferable = false;
        (SourceNode, string)? storeMember = null;
        var method = Track(metadata?.Object("proof", required: true));
        if (method is not null)
        {
            method.Consume("type");
            var kind = method.Element.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var value = method.String("value", required: true);
            if (kind is not "TOKEN_REGISTRY")
            {
                // A token registry's method is consumed later, unless the document is not a bill of lading.
                kind = method.String("method", required: true);
            }

            switch (kind)
            {
                case "DOCUMENT_STORE" or "TOKEN_REGISTRY" when value is not null:
                    contract = value;
                    transferable = kind == "TOKEN_REGISTRY";
                    storeMember = transferable ? (method, "method") : null;
                    TradeIdentifiers.ValidateEthereumAddress(value, method.PathOf("value"), _issues);
                    identifiers.Add(new Identifier { Scheme = IdentifierSchemes.EthAddress, Value = value });
                    break;
                case "DID" when value is not null:
                    AddDid(value, method.PathOf("value"), identifiers);
                    break;
                case null or "DOCUMENT_STORE" or "TOKEN_REGISTRY" or "DID":
                    break;
                default:
                    _issues.Error(method.PathOf("method"), ValidationCodes.UnknownValue, "must be DOCUMENT_STORE, TOKEN_REGISTRY or DID");
                    break;
            }
        }

        var issuerNode = Track(root.Object("issuer"));
        var issuer = new Party { Name = issuerNode?.String("name"), Roles = [PartyRoles.Issuer], Identifiers = identifiers };
        var issued = root.DateTime("issuanceDate");
        var network = Track(root.Object("network"));
        var chainId = network is null ? null : Text(network, "chainId");
        var fields = Track(root.Object("credentialSubject"));
        var obfuscated = payload.TryGetProperty("proof", out var proof) && proof.TryGetProperty("privacy", out var privacy)
            && privacy.ValueKind == JsonValueKind.Object && privacy.TryGetProperty("obfuscated", out var hidden) && hidden.ValueKind == JsonValueKind.Array
            ? hidden.GetArrayLength() : 0;
        return new Envelope(fields, root, templateName, template?.PathOf("name") ?? "/openAttestationMetadata/template", issuer, contract, transferable, storeMember, chainId,
            issued is { } at ? DateOnly.FromDateTime(at.DateTime) : null, obfuscated);
    }

    /// <summary>
    /// OpenAttestation identity proofs: DNS-TXT and DNS-DID name a DNS domain (-> ZZZ identifier, issuer "DNS"),
    /// DNS-DID and DID a DID key (-> DID identifier, the DID URL's fragment dropped).
    /// </summary>
    private void ReadIdentity(string? type, SourceNode proof, string? domainMember, string? didMember, List<Identifier> identifiers)
    {
        if (type is not (null or "DNS-TXT" or "DNS-DID" or "DID"))
        {
            _issues.Error(proof.PathOf("type"), ValidationCodes.UnknownValue, "must be DNS-TXT, DNS-DID or DID");
            return;
        }

        if (domainMember is not null && type is "DNS-TXT" or "DNS-DID" && proof.String(domainMember, required: true) is { } domain)
        {
            if (!IsDnsName(domain))
            {
                _issues.Error(proof.PathOf(domainMember), ValidationCodes.InvalidFormat, "must be a DNS domain name");
            }

            identifiers.Add(new Identifier { Scheme = IdentifierSchemes.Zzz, Value = domain, Issuer = DnsIssuer });
        }

        if (didMember is not null && proof.String(didMember) is { } key)
        {
            AddDid(key, proof.PathOf(didMember), identifiers);
        }
    }

    private void AddDid(string didUrl, string path, List<Identifier> identifiers)
    {
        var hash = didUrl.IndexOf('#', StringComparison.Ordinal);
        var did = hash < 0 ? didUrl : didUrl[..hash];
        IdentifierSchemes.Validate(IdentifierSchemes.Did, did, path, _issues);
        identifiers.Add(new Identifier { Scheme = IdentifierSchemes.Did, Value = did });
    }

    // ------------------------------------------------------------------ templates

    /// <summary>
    /// TradeTrust bill of lading template (TradeTrust/generic-templates src/templates/BillOfLading/types.ts): blNumber,
    /// scac, carrierName, shipper{name, address{street, country}}, consignee{name}, notifyParty{name}, vessel,
    /// voyageNo, portOfLoading, portOfDischarge, placeOfReceipt, placeOfDelivery, packages[]{description, weight,
    /// measurement}.
    /// </summary>
    private BillOfLading ReadBill(SourceNode? f, bool transferable)
    {
        var bill = new BillOfLading
        {
            DocumentNumber = string.Empty,
            IsElectronic = true,
            IsToOrder = transferable,

            // Holder, beneficiary and nominee live in the TitleEscrow contract on chain; the adapter reads them.
            Title = transferable ? new TitleState() : null,
        };
        if (f is null)
        {
            return bill;
        }

        var parties = new List<Party>();
        Identifier? carrier = null;
        if (Text(f, "scac") is { } scac)
        {
            TradeIdentifiers.ValidateScac(scac, f.PathOf("scac"), _issues);
            carrier = new Identifier { Scheme = IdentifierSchemes.Scac, Value = scac };
        }

        if (Text(f, "carrierName") is { } carrierName)
        {
            parties.Add(new Party { Name = carrierName, Roles = [PartyRoles.Carrier] });
        }

        AddNamedParty(f, "shipper", PartyRoles.Shipper, parties);
        AddNamedParty(f, "consignee", PartyRoles.Consignee, parties);
        AddNamedParty(f, "notifyParty", PartyRoles.Notify, parties);

        var vessel = Text(f, "vessel");
        var transport = new Transport
        {
            Vessel = vessel is null ? null : new Vessel { Name = vessel },
            Voyage = Text(f, "voyageNo"),
            PortOfLoading = Place(f, "portOfLoading"),
            PortOfDischarge = Place(f, "portOfDischarge"),
            PlaceOfReceipt = Place(f, "placeOfReceipt"),
            PlaceOfDelivery = Place(f, "placeOfDelivery"),
        };

        var goods = new List<GoodsItem>();
        if (f.Element.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Array)
        {
            foreach (var package in f.Array("packages"))
            {
                if (package.IsObject)
                {
                    // weight and measurement are free text without a unit: kept in the extensions.
                    goods.Add(new GoodsItem { Description = Text(Track(package)!, "description") });
                }
                else
                {
                    _extensions[package.Pointer] = package.Element.Clone();
                }
            }
        }

        return bill with
        {
            DocumentNumber = Text(f, "blNumber") ?? string.Empty,
            Carrier = carrier,
            Parties = parties,
            Transport = transport == new Transport() ? null : transport,
            GoodsItems = goods,
        };
    }

    /// <summary>
    /// TradeTrust simple certificate of origin template (TradeTrust/generic-templates src/templates/SimpleCoo/types.ts):
    /// cooId, issueIn, issueDateAndTime, exporterDetails, importerDetails, descriptionOfGoods{hsCode,
    /// numberAndKindOfPackage, importerNameMarksAndNumber, invoiceNumber, loadingBaseportLocationName,
    /// mainCarriageTransportMovementId}; also countryOfOrigin when given.
    /// </summary>
    private CertificateOfOrigin ReadCertificateOfOrigin(SourceNode? f)
    {
        var certificate = new CertificateOfOrigin { DocumentNumber = string.Empty };
        if (f is null)
        {
            return certificate;
        }

        var parties = new List<Party>();
        if (Text(f, "issueIn") is { } authority)
        {
            parties.Add(new Party { Name = authority, Roles = [PartyRoles.Certifier] });
        }

        AddTrader(f, "exporterDetails", "exporterName", "exporterAddress", "exportCountry", PartyRoles.Exporter, parties);
        AddTrader(f, "importerDetails", "importerName", "importerAddress", "importCountry", PartyRoles.Importer, parties);
        DateOnly? issueDate = null;
        if (f.Element.TryGetProperty("issueDateAndTime", out var when) && when.ValueKind == JsonValueKind.String)
        {
            // The template's example is free text ("21 September 2021, 3:05pm"): only ISO dates are typed.
            var text = when.GetString()!;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                issueDate = date;
                f.Consume("issueDateAndTime");
            }
            else if (SourceNode.TryParseDateTime(text, out var at))
            {
                issueDate = DateOnly.FromDateTime(at.DateTime);
                f.Consume("issueDateAndTime");
            }
        }

        var country = Text(f, "countryOfOrigin");
        TradeIdentifiers.ValidateCountryCode(country, f.PathOf("countryOfOrigin"), _issues);
        string? invoiceNumber = null;
        Transport? transport = null;
        var goods = new List<GoodsItem>();
        var description = Track(f.Object("descriptionOfGoods"));
        if (description is not null)
        {
            invoiceNumber = Text(description, "invoiceNumber");
            var hsCodes = new List<string>();
            if (Text(description, "hsCode") is { } hs)
            {
                var normalized = TradeIdentifiers.NormalizeHsCode(hs)!;
                TradeIdentifiers.ValidateHsCode(normalized, description.PathOf("hsCode"), _issues);
                hsCodes.Add(normalized);
            }

            var marks = Text(description, "importerNameMarksAndNumber");
            goods.Add(new GoodsItem
            {
                Description = Text(description, "numberAndKindOfPackage"),
                HsCodes = hsCodes,
                Marks = marks is null ? [] : [marks],
            });

            var loading = Place(description, "loadingBaseportLocationName");
            Vessel? vessel = null;
            if (description.Element.TryGetProperty("mainCarriageTransportMovementId", out var movement) && movement.ValueKind == JsonValueKind.String
                && TradeIdentifiers.NormalizeImo(movement.GetString()) is { Length: 7 } imo && imo.All(char.IsAsciiDigit))
            {
                // "IMO 9367815": the vessel's IMO number; any other transport movement id stays in the extensions.
                description.Consume("mainCarriageTransportMovementId");
                TradeIdentifiers.ValidateImo(imo, description.PathOf("mainCarriageTransportMovementId"), _issues);
                vessel = new Vessel { Imo = imo };
            }

            transport = loading is null && vessel is null ? null : new Transport { PortOfLoading = loading, Vessel = vessel };
        }

        return certificate with
        {
            DocumentNumber = Text(f, "cooId") ?? string.Empty,
            IssueDate = issueDate,
            CountryOfOrigin = country,
            InvoiceNumber = invoiceNumber,
            Transport = transport,
            Parties = parties,
            GoodsItems = goods,
        };
    }

    private void AddNamedParty(SourceNode f, string member, string role, List<Party> parties)
    {
        var node = Track(f.Object(member));
        if (node is null)
        {
            return;
        }

        Address? address = null;
        var addressNode = Track(node.Object("address"));
        if (addressNode is not null)
        {
            address = new Address { Street = Text(addressNode, "street"), CountryCode = CountryIfCode(addressNode, "country") };
        }

        var name = Text(node, "name");
        if (name is not null || address is not null)
        {
            // A party whose fields were all obfuscated is left out rather than added empty.
            parties.Add(new Party { Name = name, Roles = [role], Address = address });
        }
    }

    private void AddTrader(SourceNode f, string member, string nameMember, string addressMember, string countryMember, string role, List<Party> parties)
    {
        var node = Track(f.Object(member));
        if (node is null)
        {
            return;
        }

        var country = CountryIfCode(node, countryMember);
        var addressNode = Track(node.Object(addressMember));
        var lines = new List<string>(2);
        string? postCode = null;
        if (addressNode is not null)
        {
            foreach (var line in (ReadOnlySpan<string>)["line1", "line2"])
            {
                if (Text(addressNode, line) is { } text)
                {
                    lines.Add(text);
                }
            }

            postCode = Text(addressNode, "postalCode");
        }

        var address = addressNode is null && country is null ? null : new Address { AddressLines = lines, PostCode = postCode, CountryCode = country };
        parties.Add(new Party { Name = Text(node, nameMember), Roles = [role], Address = address });
    }

    /// <summary>A free-text place: a valid UN/LOCODE becomes <see cref="Location.UnLocode"/>, anything else the name.</summary>
    private static Location? Place(SourceNode node, string member)
    {
        var text = Text(node, member);
        if (text is null)
        {
            return null;
        }

        return TradeIdentifiers.IsValidUnLocode(text) ? new Location { UnLocode = text } : new Location { Name = text };
    }

    /// <summary>A country given as free text: typed only when it is an ISO 3166-1 code, else kept in the extensions.</summary>
    private static string? CountryIfCode(SourceNode node, string member)
    {
        if (node.Element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String && TradeIdentifiers.IsValidCountryCode(value.GetString()))
        {
            node.Consume(member);
            return value.GetString();
        }

        return null;
    }

    /// <summary>
    /// A template text field: read when it is a string; any other JSON value (template fields are free-form) is left
    /// for the extensions rather than refused.
    /// </summary>
    private static string? Text(SourceNode node, string member)
    {
        if (!node.Element.TryGetProperty(member, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            node.Consume(member);
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? node.String(member) : null;
    }

    private SourceNode? Track(SourceNode? node)
    {
        if (node is not null)
        {
            _nodes.Add(node);
        }

        return node;
    }

    // RFC 1035 §2.3.1 preferred name syntax (with digits first allowed, RFC 1123 §2.1): labels of letters, digits and
    // hyphens, 1-63 characters, not starting or ending with a hyphen; at most 253 characters.
    private static bool IsDnsName(string value)
    {
        if (value.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(static c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>OaV2 reports dotted OpenAttestation paths for data values, pointers for document members.</summary>
    private static string ToPointer(string path)
    {
        if (path.Length == 0 || path[0] == '/')
        {
            return path;
        }

        var pointer = "/data";
        foreach (var token in path.Split('.'))
        {
            pointer = JsonPointer.Append(pointer, token);
        }

        return pointer;
    }
}
