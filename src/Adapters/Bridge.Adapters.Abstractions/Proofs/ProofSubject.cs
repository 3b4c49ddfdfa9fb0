using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Bridge.Adapters.Abstractions.Serialization;

namespace Bridge.Adapters.Abstractions.Proofs;

/// <summary>What a proof is about. Written in JSON as its wire name (see <see cref="ProofSubjectTypes"/>).</summary>
[JsonConverter(typeof(ProofSubjectTypeJsonConverter))]
public enum ProofSubjectType
{
    /// <summary><c>transaction</c>: a ledger transaction as a whole.</summary>
    Transaction,

    /// <summary><c>event</c>: one event (Fabric chaincode event, Ethereum log, platform event) inside a transaction.</summary>
    Event,

    /// <summary><c>state</c>: a value in ledger state (world state key, contract storage slot, platform resource).</summary>
    State,

    /// <summary><c>message</c>: a bridge message crossing a lane.</summary>
    Message,
}

/// <summary>Wire names of <see cref="ProofSubjectType"/>.</summary>
public static class ProofSubjectTypes
{
    /// <summary>The wire name, e.g. <c>transaction</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined type (a bug in the caller).</exception>
    public static string ToWireName(this ProofSubjectType type) => type switch
    {
        ProofSubjectType.Transaction => "transaction",
        ProofSubjectType.Event => "event",
        ProofSubjectType.State => "state",
        ProofSubjectType.Message => "message",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined proof subject type."),
    };

    /// <summary>Parses a wire name; matching is exact (ordinal).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ProofSubjectType type)
    {
        (var ok, type) = value switch
        {
            "transaction" => (true, ProofSubjectType.Transaction),
            "event" => (true, ProofSubjectType.Event),
            "state" => (true, ProofSubjectType.State),
            "message" => (true, ProofSubjectType.Message),
            _ => (false, default(ProofSubjectType)),
        };
        return ok;
    }
}

/// <summary>
/// Identifies what a proof proves.
/// </summary>
/// <param name="Type">Transaction, event, state or message.</param>
/// <param name="Id">
/// The subject's id on its network, e.g. a Fabric transaction id, <c>0x…txhash</c>, <c>0x…txhash:logIndex</c>,
/// or a bridge message id.
/// </param>
/// <param name="Digest">Lower-case hex SHA-256 (64 characters) of the subject's canonical payload.</param>
public sealed record ProofSubject(ProofSubjectType Type, string Id, string Digest)
{
    /// <summary>Whether <paramref name="value"/> is 64 lower-case hex characters, the form of <see cref="Digest"/>.</summary>
    public static bool IsDigest([NotNullWhen(true)] string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
