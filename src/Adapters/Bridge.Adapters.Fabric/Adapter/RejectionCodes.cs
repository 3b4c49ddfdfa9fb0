using System.Reflection;
using Bridge.Adapters.Fabric.Protos.Peer;
using Google.Protobuf.Reflection;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// Stable <see cref="Abstractions.SubmitResult.Rejected"/> codes for the bridge chaincode's refusals, named like the
/// Ethereum contracts' custom errors in kebab case (docs/ethereum.md) so that the relay sees one vocabulary, and
/// Fabric's validation codes by their proto names (<c>MVCC_READ_CONFLICT</c>).
/// </summary>
internal static class RejectionCodes
{
    /// <summary>A refusal whose message matches none of the known ones.</summary>
    public const string ChaincodeError = "chaincode-error";

    /// <summary>The endorsing peers refused the proposal before or outside the chaincode (access, policy, mismatch).</summary>
    public const string EndorsementFailure = "endorsement-failure";

    /// <summary>Chaincode message fragments (BridgeChaincode's wording) and their codes, first match wins.</summary>
    private static readonly (string Fragment, string Code)[] Messages =
    [
        ("is already anchored", "already-anchored"),
        ("was already consumed", "message-already-consumed"),
        ("is already settled", "message-already-settled"),
        ("was not sent from here", "unknown-message"),
        ("attestation expired", "attestation-expired"),
        ("only the holder", "not-holder"),
        ("only the issuer", "not-issuer"),
        ("has no anchor", "not-anchored"),
        ("is already revoked", "already-revoked"),
        ("already exists", "title-exists"),
        ("does not exist", "title-not-found"),
        ("do not burn it", "not-imported-title"),
        ("do not lock it", "not-home-title"),
        ("not active", "wrong-title-state"),
        ("is not away with message", "wrong-title-state"),
        ("is not a locked title issued here", "wrong-title-state"),
        ("is live on this network", "wrong-title-state"),
        ("no relay signers are set", "no-relay-signers"),
        ("relay signature is invalid", "invalid-signature"),
        ("relay signature is 65 bytes", "invalid-signature"),
        ("distinct relay signatures", "threshold-not-met"),
        ("only members of", "not-admin"),
        ("expected ", "invalid-command"),
        ("are required", "invalid-command"),
        ("is required", "invalid-command"),
        ("unknown function", "unknown-function"),
    ];

    /// <summary>The code of a chaincode refusal message (the endorser's <c>chaincode response 500, …</c> text).</summary>
    public static string OfChaincodeMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (fragment, code) in Messages)
        {
            if (message.Contains(fragment, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return ChaincodeError;
    }

    /// <summary>Fabric's name of a validation code, e.g. <c>MVCC_READ_CONFLICT</c> (the proto enum value's name).</summary>
    public static string OfValidationCode(TxValidationCode code) =>
        typeof(TxValidationCode).GetField(code.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name
            ?? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a transaction committed with <paramref name="code"/> lost a race that a new transaction may win: its writes
    /// did not apply because state it read changed (fabric-wire.md §2.4).
    /// </summary>
    public static bool IsReadConflict(TxValidationCode code) =>
        code is TxValidationCode.MvccReadConflict or TxValidationCode.PhantomReadConflict;
}
