using System.Globalization;
using Bridge.Adapters.Abstractions;

namespace Bridge.Adapters.Fabric.Adapter;

/// <summary>
/// Protocol ids of the bridge chaincode's events: <see cref="LedgerEvent.FormatProtocolId"/>(block, ordinal, 0), where
/// <c>ordinal</c> counts, from 0, the events of the chaincode in the block in transaction order. The Gateway's
/// ChaincodeEvents stream does not carry a transaction's index in its block, but Fabric allows one event per transaction
/// and a committed block never changes, so the ordinal is stable and ordinal string order is ledger order.
/// </summary>
internal static class FabricEventIds
{
    public static string Format(ulong blockNumber, uint ordinal) => LedgerEvent.FormatProtocolId(blockNumber, ordinal, 0);

    /// <summary>Reads a protocol id written by <see cref="Format"/>; false for anything else.</summary>
    public static bool TryParse(string? protocolId, out ulong blockNumber, out uint ordinal)
    {
        blockNumber = 0;
        ordinal = 0;
        if (protocolId is not { Length: 42 } || protocolId[20] != '/' || protocolId[31] != '/' || protocolId[32..] != "0000000000")
        {
            return false;
        }

        return IsDigits(protocolId.AsSpan(0, 20)) && IsDigits(protocolId.AsSpan(21, 10))
            && ulong.TryParse(protocolId.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out blockNumber)
            && uint.TryParse(protocolId.AsSpan(21, 10), NumberStyles.None, CultureInfo.InvariantCulture, out ordinal);
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
