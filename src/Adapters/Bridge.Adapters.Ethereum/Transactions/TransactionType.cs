namespace Bridge.Adapters.Ethereum.Transactions;

/// <summary>
/// The EIP-2718 transaction type. Typed transactions go on the wire as the type byte followed by an RLP payload; a
/// legacy transaction is a bare RLP list (its first byte is 0xc0 or more, so it cannot be mistaken for a type).
/// </summary>
public enum TransactionType : byte
{
    /// <summary>The original transaction (Yellow Paper, Appendix F), optionally replay-protected by EIP-155.</summary>
    Legacy = 0x00,

    /// <summary>EIP-2930: optional access list, gas price.</summary>
    AccessList = 0x01,

    /// <summary>EIP-1559: priority fee and fee cap instead of a gas price, plus an access list.</summary>
    DynamicFee = 0x02,
}
