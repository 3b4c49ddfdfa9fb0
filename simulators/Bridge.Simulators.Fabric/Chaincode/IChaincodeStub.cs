namespace Bridge.Simulators.Fabric.Chaincode;

/// <summary>
/// What a chaincode sees of the transaction it runs in, like fabric-chaincode's ChaincodeStub: the transaction and
/// channel, the creator, and the world state through a simulator that records reads and writes (the read-write set).
/// </summary>
public interface IChaincodeStub
{
    /// <summary>The transaction id.</summary>
    string TxId { get; }

    /// <summary>The channel.</summary>
    string ChannelId { get; }

    /// <summary>The chaincode's name.</summary>
    string ChaincodeName { get; }

    /// <summary>The creator's MSP id.</summary>
    string CreatorMspId { get; }

    /// <summary>The creator as a party string: <c>{mspId}::{certificate subject CN}</c>.</summary>
    string Creator { get; }

    /// <summary>The proposal's timestamp.</summary>
    DateTimeOffset Timestamp { get; }

    /// <summary>The committed value of <paramref name="key"/> (recorded as a read), or null when absent.</summary>
    byte[]? GetState(string key);

    /// <summary>Writes <paramref name="key"/> (recorded as a write; visible to later reads of this transaction).</summary>
    void PutState(string key, byte[] value);

    /// <summary>Sets the transaction's chaincode event (one per transaction, as in Fabric; a second call replaces it).</summary>
    void SetEvent(string name, byte[] payload);
}

/// <summary>A chaincode's answer: <see cref="Success"/> (status 200) or <see cref="Error"/> (status 500 and a message).</summary>
public abstract record ChaincodeResponse
{
    private ChaincodeResponse()
    {
    }

    /// <summary>The transaction succeeded with <paramref name="Payload"/>.</summary>
    public sealed record Success(byte[] Payload) : ChaincodeResponse;

    /// <summary>The transaction failed; nothing it wrote counts.</summary>
    public sealed record Error(string Message, int Status = 500) : ChaincodeResponse;
}
