using Bridge.Adapters.Fabric.Adapter;
using Bridge.Adapters.Fabric.Protos.Peer;

namespace Bridge.UnitTests.Adapters.Fabric.Adapter;

/// <summary>Stable rejection codes for the bridge chaincode's refusals and Fabric's validation codes.</summary>
[Trait("Category", "Unit")]
public sealed class RejectionCodesTests
{
    // Messages as BridgeChaincode words them, wrapped by the endorser as "chaincode response 500, …".
    [Theory]
    [InlineData("chaincode response 500, document d-1 is already anchored", "already-anchored")]
    [InlineData("chaincode response 500, message 0xab was already consumed", "message-already-consumed")]
    [InlineData("chaincode response 500, only the holder of title EBL-1 may transfer or endorse it", "not-holder")]
    [InlineData("chaincode response 500, only the holder of title EBL-1 may export it", "not-holder")]
    [InlineData("chaincode response 500, title EBL-1 does not exist", "title-not-found")]
    [InlineData("chaincode response 500, title EBL-1 already exists", "title-exists")]
    [InlineData("chaincode response 500, title EBL-1 is locked, not active", "wrong-title-state")]
    [InlineData("chaincode response 500, title EBL-1 is live on this network", "wrong-title-state")]
    [InlineData("chaincode response 500, title EBL-1 was issued here: lock it, do not burn it", "not-imported-title")]
    [InlineData("chaincode response 500, title EBL-1 was imported: burn it, do not lock it", "not-home-title")]
    [InlineData("chaincode response 500, the attestation has 1 distinct relay signatures; 2 are required", "threshold-not-met")]
    [InlineData("chaincode response 500, a relay signature is invalid or not from a current relay signer", "invalid-signature")]
    [InlineData("chaincode response 500, no relay signers are set: call SetRelaySigners first", "no-relay-signers")]
    [InlineData("chaincode response 500, expected 4 arguments, got 3", "invalid-command")]
    [InlineData("chaincode response 500, something new", "chaincode-error")]
    public void OfChaincodeMessage_KnownRefusal_IsItsStableCode(string message, string code)
    {
        RejectionCodes.OfChaincodeMessage(message).ShouldBe(code);
    }

    [Theory]
    [InlineData(TxValidationCode.Valid, "VALID")]
    [InlineData(TxValidationCode.MvccReadConflict, "MVCC_READ_CONFLICT")]
    [InlineData(TxValidationCode.DuplicateTxid, "DUPLICATE_TXID")]
    [InlineData(TxValidationCode.EndorsementPolicyFailure, "ENDORSEMENT_POLICY_FAILURE")]
    public void OfValidationCode_Code_IsFabricsName(TxValidationCode code, string name)
    {
        RejectionCodes.OfValidationCode(code).ShouldBe(name);
    }

    [Theory]
    [InlineData(TxValidationCode.MvccReadConflict, true)]
    [InlineData(TxValidationCode.PhantomReadConflict, true)]
    [InlineData(TxValidationCode.DuplicateTxid, false)]
    [InlineData(TxValidationCode.Valid, false)]
    [InlineData(TxValidationCode.EndorsementPolicyFailure, false)]
    public void IsReadConflict_Code_OnlyForLostRaces(TxValidationCode code, bool expected)
    {
        RejectionCodes.IsReadConflict(code).ShouldBe(expected);
    }
}
