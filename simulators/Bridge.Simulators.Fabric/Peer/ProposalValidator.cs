using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Bridge.Adapters.Fabric.Identity;
using Bridge.Adapters.Fabric.Protos.Common;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf;

namespace Bridge.Simulators.Fabric.Peer;

/// <summary>The outcome of <see cref="ProposalValidator.Validate"/>: a proposal or the error the gateway reports.</summary>
internal sealed class ProposalValidationResult
{
    private ProposalValidationResult(ValidatedProposal? proposal, PeerError? error)
    {
        Proposal = proposal;
        Error = error;
    }

    /// <summary>The validated proposal, when valid.</summary>
    public ValidatedProposal? Proposal { get; }

    /// <summary>Why the proposal was refused, when invalid.</summary>
    public PeerError? Error { get; }

    /// <summary>True when <see cref="Proposal"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Proposal))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Proposal is not null;

    internal static ProposalValidationResult Valid(ValidatedProposal proposal) => new(proposal, null);

    internal static ProposalValidationResult Invalid(PeerErrorKind kind, string reason) => new(null, new PeerError(kind, reason));

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid {Proposal.TxId}" : $"Invalid {Error}";
}

/// <summary>
/// Unpacks and checks a <c>protos.SignedProposal</c> the way the gateway and then the endorsing peer do:
/// <list type="number">
/// <item>the gateway unpacks Proposal → Header → ChannelHeader, ChaincodeProposalPayload → ChaincodeInvocationSpec and
/// needs a channel and a chaincode name (<c>fabric:internal/pkg/gateway/evaluate.go
/// getChannelAndChaincodeFromSignedProposal</c>), then finds peers for the channel and chaincode;</item>
/// <item>the endorser unpacks again, reading the chaincode from <c>ChaincodeHeaderExtension</c>
/// (<c>fabric:core/endorser/msgvalidation.go UnpackProposal</c>), and validates: header type ENDORSER_TRANSACTION,
/// epoch 0, non-empty nonce and creator, tx_id = hex(SHA-256(nonce ‖ creator)), the creator deserialized by a channel
/// MSP and chaining to its roots, and its low-S signature over proposal_bytes (<c>msgvalidation.go Validate</c>;
/// fabric-wire.md §2.3 "Proposal validation").</item>
/// </list>
/// Messages are Fabric's own, so that the gateway errors read as a real peer's (fabric-wire.md §3.2). The transient
/// map is ignored. Pure: no I/O, no clock (the certificate-validity time is a parameter). Thread-safe.
/// </summary>
internal sealed class ProposalValidator
{
    private readonly Dictionary<string, ChannelDefinition> _channels;

    /// <summary>A validator for the channels this peer serves.</summary>
    public ProposalValidator(IEnumerable<ChannelDefinition> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Validates <paramref name="signedProposal"/>, checking certificate validity at <paramref name="at"/>.</summary>
    public ProposalValidationResult Validate(SignedProposal signedProposal, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signedProposal);

        // 1. The gateway's unpacking (evaluate.go getChannelAndChaincodeFromSignedProposal): INVALID_ARGUMENT.
        if (signedProposal.ProposalBytes.IsEmpty)
        {
            return Malformed("a signed proposal is required");
        }

        if (!TryParse(Proposal.Parser, signedProposal.ProposalBytes, "Proposal", out var proposal, out var error)
            || !TryParse(Header.Parser, proposal.Header, "Header", out var header, out error)
            || !TryParse(ChannelHeader.Parser, header.ChannelHeader, "ChannelHeader", out var channelHeader, out error)
            || !TryParse(ChaincodeProposalPayload.Parser, proposal.Payload, "ChaincodeProposalPayload", out var payload, out error)
            || !TryParse(ChaincodeInvocationSpec.Parser, payload.Input, "ChaincodeInvocationSpec", out var invocation, out error))
        {
            return Malformed(error);
        }

        var channelId = channelHeader.ChannelId;
        if (channelId.Length == 0)
        {
            return Malformed("no channel id provided");
        }

        if (invocation.ChaincodeSpec is null)
        {
            return Malformed($"no chaincode spec is provided, channel id [{channelId}]");
        }

        if (invocation.ChaincodeSpec.ChaincodeId is null)
        {
            return Malformed($"no chaincode id is provided, channel id [{channelId}]");
        }

        var requestedChaincode = invocation.ChaincodeSpec.ChaincodeId.Name;
        if (requestedChaincode.Length == 0)
        {
            return Malformed($"no chaincode name is provided, channel id [{channelId}]");
        }

        // 2. The gateway's peer lookup. An unknown channel fails in registry.connectChannelPeers ("failed to get config
        // for channel [%s]: %w", UNAVAILABLE); the wrapped discovery error text is ours. An unknown chaincode fails in
        // registry.evaluator (FAILED_PRECONDITION) with Fabric's text (internal/pkg/gateway/registry.go).
        if (!_channels.TryGetValue(channelId, out var channel))
        {
            return ProposalValidationResult.Invalid(PeerErrorKind.ChannelNotFound, $"failed to get config for channel [{channelId}]: channel [{channelId}] not found");
        }

        if (!channel.Chaincodes.Contains(requestedChaincode))
        {
            return ProposalValidationResult.Invalid(PeerErrorKind.ChaincodeNotFound, $"no peers available to evaluate chaincode {requestedChaincode} in channel {channelId}");
        }

        // 3. The endorser's UnpackProposal (msgvalidation.go): errors returned as they are (no prefix).
        if (!TryParse(SignatureHeader.Parser, header.SignatureHeader, "SignatureHeader", out var signatureHeader, out error)
            || !TryParse(ChaincodeHeaderExtension.Parser, channelHeader.Extension, "ChaincodeHeaderExtension", out var extension, out error))
        {
            return Rejected(error);
        }

        if (extension.ChaincodeId is null)
        {
            return Rejected("ChaincodeHeaderExtension.ChaincodeId is nil");
        }

        if (extension.ChaincodeId.Name.Length == 0)
        {
            return Rejected("ChaincodeHeaderExtension.ChaincodeId.Name is empty");
        }

        if (invocation.ChaincodeSpec.Input is null)
        {
            return Rejected("chaincode input did not contain any input");
        }

        // 4. The endorser's Validate, wrapped by preProcess as "error validating proposal: ..." (core/endorser/endorser.go).
        if (channelHeader.Type != (int)HeaderType.EndorserTransaction)
        {
            // Fabric also lets CONFIG through here; this simulator only endorses chaincode transactions.
            return NotValid($"invalid header type {HeaderTypeName(channelHeader.Type)}");
        }

        if (channelHeader.Epoch != 0)
        {
            return NotValid("epoch is non-zero");
        }

        if (signatureHeader.Nonce.IsEmpty)
        {
            return NotValid("nonce is empty");
        }

        if (signatureHeader.Creator.IsEmpty)
        {
            return NotValid("creator is empty");
        }

        var expectedTxId = TransactionIds.Compute(signatureHeader.Nonce.Span, signatureHeader.Creator.Span);
        if (!string.Equals(channelHeader.TxId, expectedTxId, StringComparison.Ordinal))
        {
            return NotValid($"incorrectly computed txid '{channelHeader.TxId}' -- expected '{expectedTxId}'");
        }

        if (signedProposal.Signature.IsEmpty)
        {
            return NotValid("empty signature bytes");
        }

        // Deserialization by the channel's MSP manager fails for an unknown MSP id or a bad certificate.
        var parsed = FabricIdentity.Deserialize(signatureHeader.Creator.Span);
        if (!parsed.IsSuccess || !channel.Msps.TryGetValue(parsed.Identity.MspId, out var msp))
        {
            parsed.Identity?.Dispose();
            return NotValid($"access denied: channel [{channelId}] creator org unknown, creator is malformed");
        }

        var creator = parsed.Identity;
        var accessDenied = $"access denied: channel [{channelId}] creator org [{creator.MspId}]";
        if (!msp.Validate(creator, at).IsValid
            || !creator.Verify(signedProposal.ProposalBytes.Span, signedProposal.Signature.Span))
        {
            // Fabric logs the precise cause (bad chain, high S: "Invalid S. Must be smaller than half the order") and
            // answers only the generic message (fabric-wire.md §2.1).
            creator.Dispose();
            return NotValid(accessDenied);
        }

        // The function: args[0], with "Contract:function" split on the last ':' (fabric-wire.md §2.1).
        var input = invocation.ChaincodeSpec.Input.Args;
        string? contract = null;
        var function = string.Empty;
        if (input.Count > 0)
        {
            function = input[0].ToStringUtf8();
            var colon = function.LastIndexOf(':');
            if (colon >= 0)
            {
                contract = function[..colon];
                function = function[(colon + 1)..];
            }
        }

        var args = input.Skip(1).Select(a => a.ToByteArray()).ToArray();
        var withoutTransient = new ChaincodeProposalPayload { Input = payload.Input }.ToByteString();
        var proposalHash = ComputeProposalHash(header.ChannelHeader.Span, header.SignatureHeader.Span, withoutTransient.Span);

        return ProposalValidationResult.Valid(new ValidatedProposal(
            signedProposal,
            header,
            channelHeader,
            creator,
            extension.ChaincodeId.Name,
            contract,
            function,
            args,
            withoutTransient,
            proposalHash));
    }

    /// <summary>
    /// The proposal hash: SHA-256(channel_header ‖ signature_header ‖ ChaincodeProposalPayload-without-transient)
    /// (fabric-wire.md §2.3; <c>protoutil/txutils.go GetProposalHash2</c>).
    /// </summary>
    public static byte[] ComputeProposalHash(ReadOnlySpan<byte> channelHeader, ReadOnlySpan<byte> signatureHeader, ReadOnlySpan<byte> payloadWithoutTransient)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(channelHeader);
        hash.AppendData(signatureHeader);
        hash.AppendData(payloadWithoutTransient);
        return hash.GetHashAndReset();
    }

    private static ProposalValidationResult Malformed(string reason) => ProposalValidationResult.Invalid(PeerErrorKind.Malformed, reason);

    private static ProposalValidationResult Rejected(string reason) => ProposalValidationResult.Invalid(PeerErrorKind.ProposalRejected, reason);

    private static ProposalValidationResult NotValid(string reason) =>
        ProposalValidationResult.Invalid(PeerErrorKind.ProposalRejected, $"error validating proposal: {reason}");

    // The proto enum names as Go's String() prints them (fabric-wire.md §1.2 "HeaderType"); unknown values print as numbers.
    private static string HeaderTypeName(int type) => type switch
    {
        0 => "MESSAGE",
        1 => "CONFIG",
        2 => "CONFIG_UPDATE",
        3 => "ENDORSER_TRANSACTION",
        4 => "ORDERER_TRANSACTION",
        5 => "DELIVER_SEEK_INFO",
        6 => "CHAINCODE_PACKAGE",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool TryParse<T>(MessageParser<T> parser, ByteString bytes, string name, [NotNullWhen(true)] out T? message, out string error)
        where T : class, IMessage<T>
    {
        try
        {
            message = parser.ParseFrom(bytes);
            error = string.Empty;
            return true;
        }
        catch (InvalidProtocolBufferException ex)
        {
            // Go's proto.Unmarshal error text differs; the kind of failure is what matters to the client.
            message = null;
            error = $"error unmarshalling {name}: {ex.Message}";
            return false;
        }
    }
}
