using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Adapters.Abstractions;
using Bridge.Adapters.Abstractions.Proofs;
using Bridge.Adapters.Abstractions.Trust;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Proofs;
using Bridge.Adapters.Ethereum.Rpc;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// Receipt and storage proofs built from the dev chain by the adapter and checked by the pure verifiers: they hold,
/// and flipping any single byte of the evidence, or changing what the anchors trust, makes them fail.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EthereumProofTests(SharedEthereumLane shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EthereumLane Lane => shared.Lane;

    [Fact]
    public async Task ReceiptProof_OfAnAnchorEvent_VerifiesAndNamesTheContract()
    {
        var (proof, anchors, tx) = await AnchoredEventProofAsync(confirmations: 2);

        var verdict = new EthereumReceiptVerifier().Verify(proof, anchors);

        var valid = verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());
        valid.Signers.ShouldBe([Lane.Contracts.DocumentRegistry.ToString()]);
        valid.BlockNumber.ShouldBe(tx.BlockNumber);
        valid.Details!["transactionHash"].ShouldBe(tx.Id);
        valid.Details["confirmations"].ShouldBe("2");
        proof.Data.GetProperty("headers").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task ReceiptProof_AnyByteFlippedInReceiptPathOrHeaders_IsRejected()
    {
        var (proof, anchors, _) = await AnchoredEventProofAsync(confirmations: 1);
        var verifier = new EthereumReceiptVerifier();
        var checkedBytes = 0;

        foreach (var (member, index) in HexMembers(proof.Data, "receipt", "receiptProof", "headers"))
        {
            var original = HexAt(proof.Data, member, index);
            for (var i = 0; i < original.Length; i++)
            {
                var tampered = (byte[])original.Clone();
                tampered[i] ^= 0x01;
                var verdict = verifier.Verify(WithHex(proof, member, index, tampered), anchors);
                verdict.IsValid.ShouldBeFalse($"flipping byte {i} of {member}[{index}] was not detected");
                checkedBytes++;
            }
        }

        checkedBytes.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task ReceiptProof_WrongAnchors_AreRejectedWithTheReason()
    {
        var (proof, anchors, _) = await AnchoredEventProofAsync(confirmations: 1);
        var verifier = new EthereumReceiptVerifier();

        Code(verifier.Verify(proof, anchors with { ChainId = anchors.ChainId + 1 })).ShouldBe(EthereumProofCodes.WrongChain);
        Code(verifier.Verify(proof, anchors with { Finality = new EthereumFinality(5) })).ShouldBe(EthereumProofCodes.NotFinal);
        Code(verifier.Verify(proof, anchors with { TrustedBlocks = null })).ShouldBe(EthereumProofCodes.UntrustedChain);
        Code(verifier.Verify(proof, anchors with { TrustedBlocks = [new EthereumTrustedBlock(anchors.TrustedBlocks![0].Number, "0x" + new string('1', 64))] }))
            .ShouldBe(EthereumProofCodes.UntrustedChain);
        Code(verifier.Verify(proof, anchors with { Contracts = new Dictionary<string, string> { ["titleEscrow"] = Lane.Contracts.TitleRegistry.ToString() } }))
            .ShouldBe(EthereumProofCodes.UntrustedContract);
        Code(verifier.Verify(proof with { Subject = proof.Subject with { Digest = new string('a', 64) } }, anchors)).ShouldBe(ProofVerdictCodes.DigestMismatch);
    }

    [Fact]
    public async Task ReceiptProof_SavedToJsonAndReadBack_StillVerifies()
    {
        var (proof, anchors, _) = await AnchoredEventProofAsync(confirmations: 0);

        var reread = ProofEnvelopeJson.Parse(ProofEnvelopeJson.Serialize(proof)).ShouldBeOfType<ProofEnvelopeParseResult.Success>().Envelope;
        var anchorsReread = TrustAnchorsJson.Parse(NetworkKind.Ethereum, TrustAnchorsJson.ToJson(anchors), string.Empty)
            .ShouldBeOfType<TrustAnchorsParseResult.Success>().Anchors;

        new ProofVerifierRegistry([new EthereumReceiptVerifier(), new EthereumStateVerifier()]).Verify(reread, anchorsReread).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task StateProof_OfTheOwnerSlot_ProvesTheOwnerAndAnyFlippedByteFails()
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations: 1);
        await Lane.Rpc.MineAsync(Ct);
        var slot = new byte[32];

        var proof = await adapter.GetProofAsync(
            new ProofRequest(ProofKind.EthereumState, new ProofSubject(ProofSubjectType.State, EthereumStateVerifier.SubjectId(Lane.Contracts.TitleRegistry, slot), EthereumProofBuilder.UnknownDigest)),
            Ct);
        var anchors = await AnchorsAtAsync(proof, confirmations: 1);

        // Slot 0 of TitleRegistry holds `owner` (the first state variable): the deployer's address as a 32-byte word.
        var ownerWord = new byte[32];
        Lane.Owner.Address.AsSpan().CopyTo(ownerWord.AsSpan(12));
        proof.Subject.Digest.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(ownerWord)));
        var verifier = new EthereumStateVerifier();
        var verdict = verifier.Verify(proof, anchors);
        verdict.ShouldBeOfType<ProofVerdict.Valid>(verdict.ToString());

        var accountProof = proof.Data.GetProperty("proof").GetProperty("accountProof");
        for (var node = 0; node < accountProof.GetArrayLength(); node++)
        {
            var original = Convert.FromHexString(accountProof[node].GetString()!.AsSpan(2));
            for (var i = 0; i < original.Length; i += 7)
            {
                var tampered = (byte[])original.Clone();
                tampered[i] ^= 0x80;
                var data = JsonNode.Parse(proof.Data.GetRawText())!;
                data["proof"]!["accountProof"]![node] = HexData.Encode(tampered);
                verifier.Verify(proof with { Data = JsonSerializer.SerializeToElement(data) }, anchors).IsValid
                    .ShouldBeFalse($"flipping byte {i} of account proof node {node} was not detected");
            }
        }

        var otherOwner = JsonNode.Parse(proof.Data.GetRawText())!;
        otherOwner["proof"]!["storageProof"]![0]!["value"] = "0x1234";
        verifier.Verify(proof with { Data = JsonSerializer.SerializeToElement(otherOwner) }, anchors).IsValid.ShouldBeFalse();
    }

    private static string Code(ProofVerdict verdict) => verdict.ShouldBeOfType<ProofVerdict.Invalid>().Code;

    private async Task<(ProofEnvelope Proof, EthereumTrustAnchors Anchors, TxRef Tx)> AnchoredEventProofAsync(int confirmations)
    {
        var key = await Lane.FundedKeyAsync(Ct);
        var adapter = Lane.Adapter(key, confirmations);
        var documentId = Guid.NewGuid().ToString();
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var accepted = (await adapter.SubmitAsync(new LedgerCommand.Anchor(documentId, digest, digest, "BILL_OF_LADING"), documentId, Ct))
            .ShouldBeOfType<SubmitResult.Accepted>();
        for (var i = 0; i < confirmations; i++)
        {
            await Lane.Rpc.MineAsync(Ct);
        }

        var receipt = await Lane.Rpc.GetTransactionReceiptAsync(accepted.Tx.Id, Ct);
        var logIndex = Convert.ToUInt64(receipt!.Value.GetProperty("logs")[0].GetProperty("logIndex").GetString(), 16);
        var proof = await adapter.GetProofAsync(
            new ProofRequest(ProofKind.EthereumReceipt, EthereumProofBuilder.EventSubject(accepted.Tx.Id, logIndex), accepted.Tx),
            Ct);
        return (proof, await AnchorsAtAsync(proof, confirmations), accepted.Tx);
    }

    /// <summary>Anchors that trust the proof's last header, as the relay does with its own node's view of the chain.</summary>
    private async Task<EthereumTrustAnchors> AnchorsAtAsync(ProofEnvelope proof, int confirmations)
    {
        var anchors = await Lane.AnchorsAsync(confirmations, Ct);
        var headers = proof.Data.GetProperty("headers");
        var last = Convert.FromHexString(headers[headers.GetArrayLength() - 1].GetString()!.AsSpan(2));
        var number = (long)proof.Data.GetProperty("blockNumber").GetUInt64() + headers.GetArrayLength() - 1;
        return anchors with { TrustedBlocks = [new EthereumTrustedBlock(number, HexData.Encode(Canonical.Hashing.Keccak256.Hash(last)))] };
    }

    private static IEnumerable<(string Member, int Index)> HexMembers(JsonElement data, params string[] members)
    {
        foreach (var member in members)
        {
            var value = data.GetProperty(member);
            if (value.ValueKind == JsonValueKind.Array)
            {
                for (var i = 0; i < value.GetArrayLength(); i++)
                {
                    yield return (member, i);
                }
            }
            else
            {
                yield return (member, -1);
            }
        }
    }

    private static byte[] HexAt(JsonElement data, string member, int index)
    {
        var value = index < 0 ? data.GetProperty(member) : data.GetProperty(member)[index];
        return Convert.FromHexString(value.GetString()!.AsSpan(2));
    }

    private static ProofEnvelope WithHex(ProofEnvelope proof, string member, int index, byte[] bytes)
    {
        var data = JsonNode.Parse(proof.Data.GetRawText())!;
        if (index < 0)
        {
            data[member] = HexData.Encode(bytes);
        }
        else
        {
            data[member]![index] = HexData.Encode(bytes);
        }

        return proof with { Data = JsonSerializer.SerializeToElement(data) };
    }
}
