using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Adapters.Ethereum.Abi;
using Bridge.Adapters.Ethereum.Adapter;
using Bridge.Adapters.Ethereum.Contracts;
using Bridge.Adapters.Ethereum.Crypto;
using Bridge.Adapters.Ethereum.Rpc;
using Bridge.Canonical.Hashing;
using static Bridge.IntegrationTests.Ethereum.EthereumTestSupport;

namespace Bridge.IntegrationTests.Ethereum;

/// <summary>
/// TitleRegistry (Contracts/TitleRegistry.sol) on the real dev chain, driven through the product's TransactionSender
/// (which simulates each call first and reports a revert by its custom error in kebab case) and read back with
/// eth_call through the ABI. Relay attestations are EIP-712 typed data (https://eips.ethereum.org/EIPS/eip-712) signed
/// with RelayAttestation; the lane's relay set is 2-of-3. Tests that pause the registry or rotate its signers start
/// their own chain; the others share one and act from fresh keys.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TitleRegistryContractTests(SharedEthereumLane shared)
{
    private const int Active = 1;
    private const int Locked = 2;

    /// <summary>The order n of secp256k1 (SEC 2 v2, section 2.4.1).</summary>
    private static readonly BigInteger CurveOrder = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    private static ContractArtifact Titles => BridgeContracts.TitleRegistry;

    private EthereumLane Lane => shared.Lane;

    [Fact]
    public async Task AttestationDigestAndDomainSeparator_OnChain_EqualRelayAttestation()
    {
        var contract = Lane.Contracts.TitleRegistry;

        (await CallAsync(Lane, "domainSeparator"))[0].AsBytes().ShouldBe(RelayAttestation.DomainSeparator(Lane.ChainId, contract));
        for (var i = 0; i < 8; i++)
        {
            var (lane, messageId, payloadHash) = (Word(), Word(), Word());
            var validUntil = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

            var onChain = (await CallAsync(Lane, "attestationDigest", lane, messageId, payloadHash, validUntil))[0].AsBytes();
            var acknowledgement = (await CallAsync(Lane, "acknowledgementDigest", messageId, payloadHash))[0].AsBytes();
            var refund = (await CallAsync(Lane, "refundDigest", messageId))[0].AsBytes();

            onChain.ShouldBe(RelayAttestation.Digest(Lane.ChainId, contract, lane, messageId, payloadHash, validUntil));
            acknowledgement.ShouldBe(RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, messageId, payloadHash));
            refund.ShouldBe(RelayAttestation.RefundDigest(Lane.ChainId, contract, messageId));
        }
    }

    [Fact]
    public async Task PayloadHashes_OnChain_EqualRelayAttestationInboundAndOutbound()
    {
        for (var i = 0; i < 8; i++)
        {
            var (titleId, recipient) = (Word(), Word());
            var (holder, beneficiary) = (TransactionAcceptanceTests.RandomAddress(), TransactionAcceptanceTests.RandomAddress());

            var inbound = (await CallAsync(Lane, "inboundPayloadHash", titleId, holder, beneficiary))[0].AsBytes();
            var outbound = (await CallAsync(Lane, "outboundPayloadHash", titleId, holder, beneficiary, recipient))[0].AsBytes();

            inbound.ShouldBe(RelayAttestation.InboundPayloadHash(titleId, holder, beneficiary));
            outbound.ShouldBe(RelayAttestation.OutboundPayloadHash(titleId, holder, beneficiary, recipient));
        }
    }

    [Fact]
    public async Task ImportTitle_ValidTwoOfThreeAttestation_ActivatesTheTitleAndEmitsImportedAndConsumed()
    {
        using var submitter = await Lane.FundedKeyAsync(Ct);
        var message = Inbound.Create();
        var signatures = RelayAttestation.Sign(message.Digest(Lane), [Lane.Relays[0], Lane.Relays[2]]);

        var receipt = await SendOkAsync(Lane, submitter, "importTitle", message.Arguments(signatures));

        await ShouldHaveTitleAsync(Lane, message.TitleId, Active, message.Holder, message.Beneficiary, home: false);
        (await CallAsync(Lane, "isConsumed", message.MessageId))[0].AsBool().ShouldBeTrue();
        var logs = Logs(receipt, Lane.Contracts.TitleRegistry);
        logs.Select(l => l.Event.Name).Order(StringComparer.Ordinal).ShouldBe(["MessageConsumed", "TitleImported"]);
        var imported = logs.Single(l => l.Event.Name == "TitleImported");
        imported["titleId"].AsBytes().ShouldBe(message.TitleId);
        imported["lane"].AsBytes().ShouldBe(message.Lane);
        imported["messageId"].AsBytes().ShouldBe(message.MessageId);
        imported["holder"].AsAddress().ShouldBe(message.Holder);
        imported["beneficiary"].AsAddress().ShouldBe(message.Beneficiary);
        logs.Single(l => l.Event.Name == "MessageConsumed")["messageId"].AsBytes().ShouldBe(message.MessageId);
    }

    [Fact]
    public async Task ImportTitle_ReplayedMessageIdWithAnotherTitle_RevertsMessageAlreadyConsumedAndLeavesStateUnchanged()
    {
        using var submitter = await Lane.FundedKeyAsync(Ct);
        var first = Inbound.Create();
        await SendOkAsync(Lane, submitter, "importTitle", first.Arguments(RelayAttestation.Sign(first.Digest(Lane), Lane.Relays[..2])));

        // The same message id, another title and holder, and a valid attestation of that payload: still a replay.
        var replay = Inbound.Create() with { Lane = first.Lane, MessageId = first.MessageId };
        var result = await TrySendAsync(Lane, submitter, "importTitle", replay.Arguments(RelayAttestation.Sign(replay.Digest(Lane), Lane.Relays[..2])));
        ShouldRevert(result, "message-already-consumed");
        ((SendResult.Reverted)result).Revert!.Values[0].AsBytes().ShouldBe(first.MessageId);

        // The replay of the identical call reverts the same way.
        ShouldRevert(
            await TrySendAsync(Lane, submitter, "importTitle", first.Arguments(RelayAttestation.Sign(first.Digest(Lane), Lane.Relays[..2]))),
            "message-already-consumed");

        await ShouldHaveTitleAsync(Lane, first.TitleId, Active, first.Holder, first.Beneficiary, home: false);
        await ShouldHaveNoTitleAsync(Lane, replay.TitleId);
    }

    [Theory]
    [InlineData("outsider-among-two", "unknown-signer")]
    [InlineData("one-signature", "threshold-not-met")]
    [InlineData("no-signature", "threshold-not-met")]
    [InlineData("same-signer-twice", "signers-not-ascending")]
    [InlineData("unsorted", "signers-not-ascending")]
    [InlineData("signed-for-chain-id-plus-one", "unknown-signer")]
    [InlineData("signed-for-another-contract", "unknown-signer")]
    [InlineData("signed-for-another-lane", "unknown-signer")]
    [InlineData("tampered-holder", "unknown-signer")]
    [InlineData("tampered-beneficiary", "unknown-signer")]
    [InlineData("tampered-valid-until", "unknown-signer")]
    [InlineData("high-s", "invalid-signature-s")]
    [InlineData("v-not-27-or-28", "invalid-signature-v")]
    [InlineData("64-byte-signature", "invalid-signature-length")]
    public async Task ImportTitle_BadAttestation_RevertsWithItsErrorAndConsumesNothing(string attack, string expectedCode)
    {
        using var submitter = await Lane.FundedKeyAsync(Ct);
        using var outsider = EthPrivateKey.Generate();
        var message = Inbound.Create();
        var digest = message.Digest(Lane);
        var contract = Lane.Contracts.TitleRegistry;
        var arguments = attack switch
        {
            "outsider-among-two" => message.Arguments(RelayAttestation.Sign(digest, [outsider, Lane.Relays[1]])),
            "one-signature" => message.Arguments(RelayAttestation.Sign(digest, [Lane.Relays[1]])),
            "no-signature" => message.Arguments([]),
            "same-signer-twice" => message.Arguments([.. RelayAttestation.Sign(digest, [Lane.Relays[0]]), .. RelayAttestation.Sign(digest, [Lane.Relays[0]])]),
            "unsorted" => message.Arguments([.. RelayAttestation.Sign(digest, Lane.Relays[..2]).Reverse()]),
            "signed-for-chain-id-plus-one" => message.Arguments(
                RelayAttestation.Sign(RelayAttestation.Digest(Lane.ChainId + 1, contract, message.Lane, message.MessageId, message.PayloadHash, message.ValidUntil), Lane.Relays[..2])),
            "signed-for-another-contract" => message.Arguments(
                RelayAttestation.Sign(RelayAttestation.Digest(Lane.ChainId, Lane.Contracts.DocumentRegistry, message.Lane, message.MessageId, message.PayloadHash, message.ValidUntil), Lane.Relays[..2])),
            "signed-for-another-lane" => message.Arguments(
                RelayAttestation.Sign(RelayAttestation.Digest(Lane.ChainId, contract, Word(), message.MessageId, message.PayloadHash, message.ValidUntil), Lane.Relays[..2])),
            "tampered-valid-until" => (message with { ValidUntil = message.ValidUntil + 1 }).Arguments(RelayAttestation.Sign(digest, Lane.Relays[..2])),
            "tampered-holder" => (message with { Holder = outsider.Address }).Arguments(RelayAttestation.Sign(digest, Lane.Relays[..2])),
            "tampered-beneficiary" => (message with { Beneficiary = outsider.Address }).Arguments(RelayAttestation.Sign(digest, Lane.Relays[..2])),
            "high-s" => message.Arguments([HighS(RelayAttestation.Sign(digest, [Lane.Relays[0]])[0]), .. RelayAttestation.Sign(digest, [Lane.Relays[1]])]),
            "v-not-27-or-28" => message.Arguments([.. RelayAttestation.Sign(digest, Lane.Relays[..2]).Select((s, i) => i == 0 ? [.. s[..64], (byte)29] : s)]),
            "64-byte-signature" => message.Arguments([.. RelayAttestation.Sign(digest, Lane.Relays[..2]).Select((s, i) => i == 0 ? s[..64] : s)]),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, "unknown case"),
        };

        if (attack == "high-s")
        {
            // The malleated signature is genuine: the ecrecover precompile still recovers the relay from it.
            (await EcrecoverAsync(Lane, digest, arguments[6].Items[0].AsBytes())).ShouldBe(Lane.Relays[0].Address);
        }

        var result = await TrySendAsync(Lane, submitter, "importTitle", arguments);

        ShouldRevert(result, expectedCode);
        (await CallAsync(Lane, "isConsumed", message.MessageId))[0].AsBool().ShouldBeFalse();
        await ShouldHaveNoTitleAsync(Lane, message.TitleId);

        // The same message with a valid attestation still goes through: nothing was consumed by the failed attempt.
        await SendOkAsync(Lane, submitter, "importTitle", message.Arguments(RelayAttestation.Sign(digest, Lane.Relays[1..])));
        await ShouldHaveTitleAsync(Lane, message.TitleId, Active, message.Holder, message.Beneficiary, home: false);
    }

    [Fact]
    public async Task TitleOperations_WhilePaused_RevertEnforcedPauseAndWorkAfterUnpause()
    {
        await using var lane = await EthereumLane.StartAsync(Ct);
        var holder = await lane.FundedKeyAsync(Ct);
        var newHolder = TransactionAcceptanceTests.RandomAddress();
        var (homeTitle, laterTitle) = (Word(), Word());
        var (exportLane, destination, recipient) = (Word(), Word(), Word());
        await SendOkAsync(lane, lane.Owner, "issue", homeTitle, holder.Address, holder.Address);
        var message = Inbound.Create();
        var attestation = RelayAttestation.Sign(message.Digest(lane), lane.Relays[..2]);

        ShouldRevert(await TrySendAsync(lane, holder, "pause"), "not-owner");
        await SendOkAsync(lane, lane.Owner, "pause");
        (await CallAsync(lane, "paused"))[0].AsBool().ShouldBeTrue();

        ShouldRevert(await TrySendAsync(lane, holder, "importTitle", message.Arguments(attestation)), "enforced-pause");
        ShouldRevert(await TrySendAsync(lane, lane.Owner, "issue", laterTitle, holder.Address, holder.Address), "enforced-pause");
        ShouldRevert(await TrySendAsync(lane, holder, "transferHolder", homeTitle, newHolder), "enforced-pause");
        ShouldRevert(await TrySendAsync(lane, holder, "lockForExport", homeTitle, exportLane, destination, recipient), "enforced-pause");
        ShouldRevert(await TrySendAsync(lane, lane.Owner, "pause"), "enforced-pause");
        await ShouldHaveNoTitleAsync(lane, message.TitleId);
        await ShouldHaveNoTitleAsync(lane, laterTitle);

        await SendOkAsync(lane, lane.Owner, "unpause");

        await SendOkAsync(lane, holder, "importTitle", message.Arguments(attestation));
        await ShouldHaveTitleAsync(lane, message.TitleId, Active, message.Holder, message.Beneficiary, home: false);
        await SendOkAsync(lane, lane.Owner, "issue", laterTitle, holder.Address, holder.Address);
        await ShouldHaveTitleAsync(lane, laterTitle, Active, holder.Address, holder.Address, home: true);
        await SendOkAsync(lane, holder, "lockForExport", laterTitle, exportLane, destination, recipient);
        await ShouldHaveTitleAsync(lane, laterTitle, Locked, holder.Address, holder.Address, home: true);
        await SendOkAsync(lane, holder, "transferHolder", homeTitle, newHolder);
        await ShouldHaveTitleAsync(lane, homeTitle, Active, newHolder, holder.Address, home: true);
        ShouldRevert(await TrySendAsync(lane, lane.Owner, "unpause"), "expected-pause");
    }

    [Fact]
    public async Task SetRelaySigners_Rotated_OldSignersAreUnknownAndNewSignersCount()
    {
        await using var lane = await EthereumLane.StartAsync(Ct);
        var submitter = await lane.FundedKeyAsync(Ct);
        using var new0 = EthPrivateKey.Generate();
        using var new1 = EthPrivateKey.Generate();
        var newSet = AbiValue.List(AbiValue.Address(new0.Address), AbiValue.Address(new1.Address), AbiValue.Address(lane.Relays[2].Address));
        var versionBefore = (await CallAsync(lane, "signerSetVersion"))[0].AsInteger();

        ShouldRevert(await TrySendAsync(lane, submitter, "setRelaySigners", newSet, 2), "not-owner");
        var receipt = await SendOkAsync(lane, lane.Owner, "setRelaySigners", newSet, 2);

        var changed = Logs(receipt, lane.Contracts.TitleRegistry).ShouldHaveSingleItem();
        changed.Event.Name.ShouldBe("RelaySignersChanged");
        changed["version"].AsInteger().ShouldBe(versionBefore + 1);
        (await CallAsync(lane, "relaySigners"))[0].Items.Select(a => a.AsAddress()).ShouldBe([new0.Address, new1.Address, lane.Relays[2].Address]);
        (await CallAsync(lane, "isRelaySigner", lane.Relays[0].Address))[0].AsBool().ShouldBeFalse();

        var message = Inbound.Create();
        var digest = message.Digest(lane);
        ShouldRevert(await TrySendAsync(lane, submitter, "importTitle", message.Arguments(RelayAttestation.Sign(digest, lane.Relays[..2]))), "unknown-signer");
        ShouldRevert(await TrySendAsync(lane, submitter, "importTitle", message.Arguments(RelayAttestation.Sign(digest, [lane.Relays[0], new0]))), "unknown-signer");
        await ShouldHaveNoTitleAsync(lane, message.TitleId);

        await SendOkAsync(lane, submitter, "importTitle", message.Arguments(RelayAttestation.Sign(digest, [new1, lane.Relays[2]])));
        await ShouldHaveTitleAsync(lane, message.TitleId, Active, message.Holder, message.Beneficiary, home: false);
    }

    [Fact]
    public async Task HomeTitleLifecycle_IssueTransferLockRelease_EnforcesHolderStateAndEmitsTheOutboundMessage()
    {
        using var issuer = await Lane.FundedKeyAsync(Ct);
        using var holder = await Lane.FundedKeyAsync(Ct);
        using var stranger = await Lane.FundedKeyAsync(Ct);
        var contract = Lane.Contracts.TitleRegistry;
        var beneficiary = TransactionAcceptanceTests.RandomAddress();
        var (title, secondTitle, otherLaneTitle) = (Word(), Word(), Word());
        var (exportLane, otherLane, destination, recipient) = (Word(), Word(), Word(), Word());

        ShouldRevert(await TrySendAsync(Lane, issuer, "issue", title, holder.Address, beneficiary), "not-issuer");
        await SendOkAsync(Lane, Lane.Owner, "setIssuer", issuer.Address, true);
        foreach (var id in new[] { title, secondTitle, otherLaneTitle })
        {
            await SendOkAsync(Lane, issuer, "issue", id, holder.Address, beneficiary);
        }

        await ShouldHaveTitleAsync(Lane, title, Active, holder.Address, beneficiary, home: true);
        ShouldRevert(await TrySendAsync(Lane, issuer, "issue", title, holder.Address, beneficiary), "title-exists");
        ShouldRevert(await TrySendAsync(Lane, stranger, "transferHolder", title, stranger.Address), "not-holder");
        ShouldRevert(await TrySendAsync(Lane, stranger, "lockForExport", title, exportLane, destination, recipient), "not-holder");
        ShouldRevert(await TrySendAsync(Lane, holder, "burnForExport", title, exportLane, destination, recipient), "not-imported-title");

        // lockForExport emits TitleLocked then CrossChainMessage with nonce 1 on a fresh lane.
        var receipt = await SendOkAsync(Lane, holder, "lockForExport", title, exportLane, destination, recipient);

        await ShouldHaveTitleAsync(Lane, title, Locked, holder.Address, beneficiary, home: true);
        var logs = Logs(receipt, contract);
        logs.Select(l => l.Event.Name).ShouldBe(["TitleLocked", "CrossChainMessage"]);
        var (locked, crossChain) = (logs[0], logs[1]);
        var expectedId = OutboundMessageId(Lane.ChainId, contract, exportLane, 1);
        locked["titleId"].AsBytes().ShouldBe(title);
        locked["lane"].AsBytes().ShouldBe(exportLane);
        locked["messageId"].AsBytes().ShouldBe(expectedId);
        locked["holder"].AsAddress().ShouldBe(holder.Address);
        locked["beneficiary"].AsAddress().ShouldBe(beneficiary);
        crossChain["lane"].AsBytes().ShouldBe(exportLane);
        crossChain["messageId"].AsBytes().ShouldBe(expectedId);
        crossChain["nonce"].AsInteger().ShouldBe(1);
        crossChain["destinationNetwork"].AsBytes().ShouldBe(destination);
        crossChain["recipient"].AsBytes().ShouldBe(recipient);
        crossChain["payloadHash"].AsBytes().ShouldBe(RelayAttestation.OutboundPayloadHash(title, holder.Address, beneficiary, recipient));

        // The nonce counts per lane.
        var second = Logs(await SendOkAsync(Lane, holder, "lockForExport", secondTitle, exportLane, destination, recipient), contract)[1];
        second["nonce"].AsInteger().ShouldBe(2);
        second["messageId"].AsBytes().ShouldBe(OutboundMessageId(Lane.ChainId, contract, exportLane, 2));
        var other = Logs(await SendOkAsync(Lane, holder, "lockForExport", otherLaneTitle, otherLane, destination, recipient), contract)[1];
        other["nonce"].AsInteger().ShouldBe(1);
        other["messageId"].AsBytes().ShouldBe(OutboundMessageId(Lane.ChainId, contract, otherLane, 1));
        (await CallAsync(Lane, "outboundNonce", exportLane))[0].AsInteger().ShouldBe(2);
        (await CallAsync(Lane, "outboundNonce", otherLane))[0].AsInteger().ShouldBe(1);

        ShouldRevert(await TrySendAsync(Lane, holder, "lockForExport", title, exportLane, destination, recipient), "wrong-title-state");
        ShouldRevert(await TrySendAsync(Lane, holder, "transferHolder", title, stranger.Address), "wrong-title-state");

        // The title comes back: releaseTitle with a valid attestation, to a new holder.
        var release = new Inbound(Word(), Word(), title, stranger.Address, beneficiary);
        var releaseAttestation = RelayAttestation.Sign(release.Digest(Lane), Lane.Relays[1..]);
        ShouldRevert(await TrySendAsync(Lane, stranger, "importTitle", release.Arguments(releaseAttestation)), "wrong-title-state");
        var released = Logs(await SendOkAsync(Lane, stranger, "releaseTitle", release.Arguments(releaseAttestation)), contract);

        await ShouldHaveTitleAsync(Lane, title, Active, stranger.Address, beneficiary, home: true);
        released.Select(l => l.Event.Name).Order(StringComparer.Ordinal).ShouldBe(["MessageConsumed", "TitleReleased"]);
        ShouldRevert(await TrySendAsync(Lane, stranger, "releaseTitle", release.Arguments(releaseAttestation)), "message-already-consumed");

        // Only the new holder acts on it now.
        ShouldRevert(await TrySendAsync(Lane, holder, "transferHolder", title, holder.Address), "not-holder");
        await SendOkAsync(Lane, stranger, "transferHolder", title, holder.Address);
        await ShouldHaveTitleAsync(Lane, title, Active, holder.Address, beneficiary, home: true);
    }

    [Fact]
    public async Task BurnForExport_ImportedTitle_EmitsTitleBurnedThenCrossChainMessageAndAllowsReimport()
    {
        using var holder = await Lane.FundedKeyAsync(Ct);
        var contract = Lane.Contracts.TitleRegistry;
        var message = Inbound.Create() with { Holder = holder.Address };
        await SendOkAsync(Lane, holder, "importTitle", message.Arguments(RelayAttestation.Sign(message.Digest(Lane), Lane.Relays[..2])));
        var (exportLane, destination, recipient) = (Word(), Word(), Word());

        ShouldRevert(await TrySendAsync(Lane, holder, "lockForExport", message.TitleId, exportLane, destination, recipient), "not-home-title");
        var logs = Logs(await SendOkAsync(Lane, holder, "burnForExport", message.TitleId, exportLane, destination, recipient), contract);

        logs.Select(l => l.Event.Name).ShouldBe(["TitleBurned", "CrossChainMessage"]);
        logs[1]["messageId"].AsBytes().ShouldBe(OutboundMessageId(Lane.ChainId, contract, exportLane, 1));
        logs[1]["payloadHash"].AsBytes().ShouldBe(RelayAttestation.OutboundPayloadHash(message.TitleId, holder.Address, message.Beneficiary, recipient));
        (await CallAsync(Lane, "getTitle", message.TitleId))[0].AsInteger().ShouldBe(3); // Burned

        var back = message with { Lane = Word(), MessageId = Word(), Holder = TransactionAcceptanceTests.RandomAddress() };
        await SendOkAsync(Lane, holder, "importTitle", back.Arguments(RelayAttestation.Sign(back.Digest(Lane), Lane.Relays[..2])));
        await ShouldHaveTitleAsync(Lane, message.TitleId, Active, back.Holder, message.Beneficiary, home: false);
    }

    [Fact]
    public async Task ImportAndRelease_AfterValidUntil_RevertAttestationExpiredAndConsumeNothing()
    {
        using var submitter = await Lane.FundedKeyAsync(Ct);
        var blockTime = await LatestBlockTimeAsync(Lane);
        var expired = Inbound.Create() with { ValidUntil = blockTime - 1 };

        var result = await TrySendAsync(Lane, submitter, "importTitle", expired.Arguments(RelayAttestation.Sign(expired.Digest(Lane), Lane.Relays[..2])));

        ShouldRevert(result, "attestation-expired");
        var revert = ((SendResult.Reverted)result).Revert!;
        revert.Values[0].AsInteger().ShouldBe(expired.ValidUntil);
        revert.Values[1].AsInteger().ShouldBeGreaterThan(expired.ValidUntil);
        (await CallAsync(Lane, "isConsumed", expired.MessageId))[0].AsBool().ShouldBeFalse();
        await ShouldHaveNoTitleAsync(Lane, expired.TitleId);

        // A release of a locked home title is held to the same rule.
        using var holder = await Lane.FundedKeyAsync(Ct);
        var titleId = Word();
        await SendOkAsync(Lane, Lane.Owner, "issue", titleId, holder.Address, holder.Address);
        await SendOkAsync(Lane, holder, "lockForExport", titleId, Word(), Word(), Word());
        var release = new Inbound(Word(), Word(), titleId, holder.Address, holder.Address) { ValidUntil = blockTime - 1 };
        ShouldRevert(await TrySendAsync(Lane, submitter, "releaseTitle", release.Arguments(RelayAttestation.Sign(release.Digest(Lane), Lane.Relays[..2]))), "attestation-expired");
        await ShouldHaveTitleAsync(Lane, titleId, Locked, holder.Address, holder.Address, home: true);

        // Still valid a day ahead.
        var valid = expired with { ValidUntil = blockTime + 86_400 };
        await SendOkAsync(Lane, submitter, "importTitle", valid.Arguments(RelayAttestation.Sign(valid.Digest(Lane), Lane.Relays[..2])));
        ShouldRevert(await TrySendAsync(Lane, submitter, "importTitle", expired.Arguments(RelayAttestation.Sign(expired.Digest(Lane), Lane.Relays[..2]))), "message-already-consumed");
    }

    [Fact]
    public async Task AcknowledgeMessage_OfAnOutboundMessage_IsRecordedOnceAndBlocksARefund()
    {
        var (holder, titleId, messageId) = await LockedTitleAsync();
        var contract = Lane.Contracts.TitleRegistry;
        var destinationTx = Word();
        var signatures = RelayAttestation.Sign(RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, messageId, destinationTx), [Lane.Relays[0], Lane.Relays[2]]);
        (await OutboundAsync(Lane, messageId)).ShouldBe((Convert.ToHexStringLower(titleId), Pending));

        var logs = Logs(await SendOkAsync(Lane, holder, "acknowledgeMessage", messageId, destinationTx, Signatures(signatures)), contract);

        var acknowledged = logs.ShouldHaveSingleItem();
        acknowledged.Event.Name.ShouldBe("MessageAcknowledged");
        acknowledged["messageId"].AsBytes().ShouldBe(messageId);
        acknowledged["destinationTx"].AsBytes().ShouldBe(destinationTx);
        (await OutboundAsync(Lane, messageId)).ShouldBe((Convert.ToHexStringLower(titleId), Acknowledged));
        ShouldRevert(await TrySendAsync(Lane, holder, "acknowledgeMessage", messageId, destinationTx, Signatures(signatures)), "message-already-settled");
        var refund = RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId, contract, messageId), Lane.Relays[..2]);
        ShouldRevert(await TrySendAsync(Lane, holder, "refundTitle", messageId, Signatures(refund)), "message-already-settled");
        await ShouldHaveTitleAsync(Lane, titleId, Locked, holder.Address, holder.Address, home: true);
    }

    [Theory]
    [InlineData("acknowledge", "one-signature", "threshold-not-met")]
    [InlineData("acknowledge", "outsider", "unknown-signer")]
    [InlineData("acknowledge", "another-destination-tx", "unknown-signer")]
    [InlineData("acknowledge", "signed-as-refund", "unknown-signer")]
    [InlineData("acknowledge", "unknown-message", "unknown-message")]
    [InlineData("refund", "one-signature", "threshold-not-met")]
    [InlineData("refund", "same-signer-twice", "signers-not-ascending")]
    [InlineData("refund", "outsider", "unknown-signer")]
    [InlineData("refund", "signed-as-acknowledgement", "unknown-signer")]
    [InlineData("refund", "signed-for-another-chain", "unknown-signer")]
    [InlineData("refund", "unknown-message", "unknown-message")]
    [InlineData("refund", "inbound-message", "unknown-message")]
    public async Task Settlement_BadAttestationOrMessage_RevertsAndSettlesNothing(string settlement, string attack, string expectedCode)
    {
        var (holder, titleId, messageId) = await LockedTitleAsync();
        using var outsider = EthPrivateKey.Generate();
        var contract = Lane.Contracts.TitleRegistry;
        var destinationTx = Word();
        var refund = settlement == "refund";
        byte[] Digest(byte[] message) => refund
            ? RelayAttestation.RefundDigest(Lane.ChainId, contract, message)
            : RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, message, destinationTx);
        var target = messageId;
        if (attack == "inbound-message")
        {
            var inbound = Inbound.Create();
            await SendOkAsync(Lane, holder, "importTitle", inbound.Arguments(RelayAttestation.Sign(inbound.Digest(Lane), Lane.Relays[..2])));
            target = inbound.MessageId;
        }
        else if (attack == "unknown-message")
        {
            target = Word();
        }

        var signatures = attack switch
        {
            "one-signature" => RelayAttestation.Sign(Digest(target), [Lane.Relays[1]]),
            "same-signer-twice" => [.. RelayAttestation.Sign(Digest(target), [Lane.Relays[0]]), .. RelayAttestation.Sign(Digest(target), [Lane.Relays[0]])],
            "outsider" => RelayAttestation.Sign(Digest(target), [outsider, Lane.Relays[1]]),
            "another-destination-tx" => RelayAttestation.Sign(RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, target, Word()), Lane.Relays[..2]),
            "signed-as-refund" => RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId, contract, target), Lane.Relays[..2]),
            "signed-as-acknowledgement" => RelayAttestation.Sign(RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, target, destinationTx), Lane.Relays[..2]),
            "signed-for-another-chain" => RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId + 1, contract, target), Lane.Relays[..2]),
            "unknown-message" or "inbound-message" => RelayAttestation.Sign(Digest(target), Lane.Relays[..2]),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, "unknown case"),
        };

        var result = refund
            ? await TrySendAsync(Lane, holder, "refundTitle", target, Signatures(signatures))
            : await TrySendAsync(Lane, holder, "acknowledgeMessage", target, destinationTx, Signatures(signatures));

        ShouldRevert(result, expectedCode);
        (await OutboundAsync(Lane, messageId)).ShouldBe((Convert.ToHexStringLower(titleId), Pending));
        await ShouldHaveTitleAsync(Lane, titleId, Locked, holder.Address, holder.Address, home: true);
    }

    [Fact]
    public async Task RefundTitle_OfALockedHomeTitle_RestoresItsPartiesOnceAndBlocksAnAcknowledgement()
    {
        var (holder, titleId, messageId) = await LockedTitleAsync();
        var contract = Lane.Contracts.TitleRegistry;
        using var submitter = await Lane.FundedKeyAsync(Ct);
        var signatures = RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId, contract, messageId), Lane.Relays[1..]);

        var logs = Logs(await SendOkAsync(Lane, submitter, "refundTitle", messageId, Signatures(signatures)), contract);

        var refunded = logs.ShouldHaveSingleItem();
        refunded.Event.Name.ShouldBe("TitleRefunded");
        refunded["titleId"].AsBytes().ShouldBe(titleId);
        refunded["messageId"].AsBytes().ShouldBe(messageId);
        refunded["holder"].AsAddress().ShouldBe(holder.Address);
        await ShouldHaveTitleAsync(Lane, titleId, Active, holder.Address, holder.Address, home: true);
        (await OutboundAsync(Lane, messageId)).ShouldBe((Convert.ToHexStringLower(titleId), Refunded));
        ShouldRevert(await TrySendAsync(Lane, submitter, "refundTitle", messageId, Signatures(signatures)), "message-already-settled");
        var destinationTx = Word();
        var acknowledgement = RelayAttestation.Sign(RelayAttestation.AcknowledgementDigest(Lane.ChainId, contract, messageId, destinationTx), Lane.Relays[..2]);
        ShouldRevert(await TrySendAsync(Lane, submitter, "acknowledgeMessage", messageId, destinationTx, Signatures(acknowledgement)), "message-already-settled");

        // The holder acts on it again.
        await SendOkAsync(Lane, holder, "transferHolder", titleId, submitter.Address);
        await ShouldHaveTitleAsync(Lane, titleId, Active, submitter.Address, holder.Address, home: true);
    }

    [Fact]
    public async Task RefundTitle_OfABurnedImportedTitle_MakesItActiveAndImportedAgainWithItsParties()
    {
        using var holder = await Lane.FundedKeyAsync(Ct);
        var contract = Lane.Contracts.TitleRegistry;
        var message = Inbound.Create() with { Holder = holder.Address };
        await SendOkAsync(Lane, holder, "importTitle", message.Arguments(RelayAttestation.Sign(message.Digest(Lane), Lane.Relays[..2])));
        var burned = Logs(await SendOkAsync(Lane, holder, "burnForExport", message.TitleId, Word(), Word(), Word()), contract);
        var messageId = burned[1]["messageId"].AsBytes();

        await SendOkAsync(Lane, holder, "refundTitle", messageId, Signatures(RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId, contract, messageId), Lane.Relays[..2])));

        await ShouldHaveTitleAsync(Lane, message.TitleId, Active, holder.Address, message.Beneficiary, home: false);
        (await OutboundAsync(Lane, messageId)).ShouldBe((Convert.ToHexStringLower(message.TitleId), Refunded));
    }

    [Fact]
    public async Task RefundTitle_AfterTheTitleCameBackOrLeftAgain_RevertsWrongTitleState()
    {
        var (holder, titleId, firstExit) = await LockedTitleAsync();
        var contract = Lane.Contracts.TitleRegistry;

        // The message was delivered after all and the title came back by a release, then left again.
        var release = new Inbound(Word(), Word(), titleId, holder.Address, holder.Address);
        await SendOkAsync(Lane, holder, "releaseTitle", release.Arguments(RelayAttestation.Sign(release.Digest(Lane), Lane.Relays[..2])));
        var refundFirst = Signatures(RelayAttestation.Sign(RelayAttestation.RefundDigest(Lane.ChainId, contract, firstExit), Lane.Relays[..2]));
        ShouldRevert(await TrySendAsync(Lane, holder, "refundTitle", firstExit, refundFirst), "wrong-title-state");
        await SendOkAsync(Lane, holder, "lockForExport", titleId, Word(), Word(), Word());

        ShouldRevert(await TrySendAsync(Lane, holder, "refundTitle", firstExit, refundFirst), "wrong-title-state");
        await ShouldHaveTitleAsync(Lane, titleId, Locked, holder.Address, holder.Address, home: true);
        (await OutboundAsync(Lane, firstExit)).ShouldBe((Convert.ToHexStringLower(titleId), Pending));
    }

    private const int Pending = 1;
    private const int Acknowledged = 2;
    private const int Refunded = 3;

    /// <summary>A home title issued to a fresh funded holder and locked for export; with the outbound message id.</summary>
    private async Task<(EthPrivateKey Holder, byte[] TitleId, byte[] MessageId)> LockedTitleAsync()
    {
        var holder = await Lane.FundedKeyAsync(Ct);
        var titleId = Word();
        await SendOkAsync(Lane, Lane.Owner, "issue", titleId, holder.Address, holder.Address);
        var logs = Logs(await SendOkAsync(Lane, holder, "lockForExport", titleId, Word(), Word(), Word()), Lane.Contracts.TitleRegistry);
        return (holder, titleId, logs[1]["messageId"].AsBytes());
    }

    /// <summary>The outbound record: the title id as lower-case hex, and the status.</summary>
    private static async Task<(string TitleId, int Status)> OutboundAsync(EthereumLane lane, byte[] messageId)
    {
        var values = await CallAsync(lane, "outboundMessage", messageId);
        return (Convert.ToHexStringLower(values[0].AsBytes()), (int)values[1].AsInteger());
    }

    private static async Task<ulong> LatestBlockTimeAsync(EthereumLane lane)
    {
        var block = await lane.Rpc.GetBlockByNumberAsync(BlockSelector.Latest, fullTransactions: false, Ct);
        return HexQuantity.Read(block!.Value, "timestamp");
    }

    private static AbiValue Signatures(IEnumerable<byte[]> signatures) => AbiValue.List(signatures.Select(s => AbiValue.Bytes(s)));

    /// <summary>keccak256(abi.encode(uint256 chainId, address contract, bytes32 lane, uint256 nonce)), as TitleRegistry.sol states.</summary>
    private static byte[] OutboundMessageId(ulong chainId, EthAddress contract, byte[] lane, ulong nonce)
    {
        var encoded = new byte[128];
        BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(24, 8), chainId);
        contract.AsSpan().CopyTo(encoded.AsSpan(44, 20));
        lane.CopyTo(encoded.AsSpan(64, 32));
        BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(120, 8), nonce);
        return Keccak256.Hash(encoded);
    }

    /// <summary>The other signature of the same key for the same digest (s → n − s, v flipped): valid for ecrecover, high s.</summary>
    private static byte[] HighS(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (CurveOrder - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        result.AsSpan(32, 32).Clear();
        high.CopyTo(result.AsSpan(64 - high.Length));
        result[64] = (byte)(signature[64] == 27 ? 28 : 27);
        return result;
    }

    private static byte[] Word() => RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The address the ecrecover precompile (Yellow Paper, appendix E, address 0x01; input hash ‖ v ‖ r ‖ s as 32-byte
    /// words, output the address right-aligned in a word) recovers from a 65-byte r ‖ s ‖ v signature.
    /// </summary>
    private static async Task<EthAddress> EcrecoverAsync(EthereumLane lane, byte[] digest, byte[] signature)
    {
        var input = new byte[128];
        digest.CopyTo(input, 0);
        input[63] = signature[64];
        signature.AsSpan(0, 64).CopyTo(input.AsSpan(64));
        var output = await lane.Rpc.CallAsync(
            new EthCallRequest { To = "0x0000000000000000000000000000000000000001", Data = input }, BlockSelector.Latest, Ct);
        output.Length.ShouldBe(32);
        return EthAddress.FromBytes(output.AsSpan(12));
    }

    private static async Task<IReadOnlyList<AbiValue>> CallAsync(EthereumLane lane, string function, params AbiValue[] arguments)
    {
        var abi = Titles.Function(function);
        var output = await lane.Rpc.CallAsync(
            new EthCallRequest { To = lane.Contracts.TitleRegistry.ToLowerHex(), Data = abi.EncodeCall(arguments).Value },
            BlockSelector.Latest,
            Ct);
        var decoded = abi.DecodeOutput(output);
        decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
        return decoded.Value;
    }

    private static Task<SendResult> TrySendAsync(EthereumLane lane, EthPrivateKey key, string function, params AbiValue[] arguments) =>
        lane.Sender.SendAsync(key, lane.Contracts.TitleRegistry, Titles.Function(function).EncodeCall(arguments).Value, Titles.Abi, Ct);

    /// <summary>Sends the call, which must be accepted and mined with status 1; returns the receipt.</summary>
    private static async Task<JsonElement> SendOkAsync(EthereumLane lane, EthPrivateKey key, string function, params AbiValue[] arguments)
    {
        var result = await TrySendAsync(lane, key, function, arguments);
        var sent = result.ShouldBeOfType<SendResult.Sent>($"{function}: {result}");
        var receipt = await lane.Sender.WaitForReceiptAsync(sent.TransactionHash, TimeSpan.FromSeconds(30), Ct);
        receipt.GetProperty("status").GetString().ShouldBe("0x1", $"{function} mined with a failure");
        return receipt;
    }

    private static void ShouldRevert(SendResult result, string code)
    {
        var reverted = result.ShouldBeOfType<SendResult.Reverted>($"expected {code}, got {result}");
        reverted.Code.ShouldBe(code, reverted.Reason);
    }

    private static async Task ShouldHaveTitleAsync(EthereumLane lane, byte[] titleId, int state, EthAddress holder, EthAddress beneficiary, bool home)
    {
        var title = await CallAsync(lane, "getTitle", titleId);
        title[0].AsInteger().ShouldBe(state);
        title[1].AsAddress().ShouldBe(holder);
        title[2].AsAddress().ShouldBe(beneficiary);
        title[3].AsBool().ShouldBe(home);
    }

    private static async Task ShouldHaveNoTitleAsync(EthereumLane lane, byte[] titleId)
    {
        var title = await CallAsync(lane, "getTitle", titleId);
        title[0].AsInteger().ShouldBe(0);
        title[1].AsAddress().ShouldBe(EthAddress.Zero);
    }

    /// <summary>The receipt's logs emitted by <paramref name="contract"/>, decoded with TitleRegistry's ABI, in log order.</summary>
    private static List<AbiEventLog> Logs(JsonElement receipt, EthAddress contract)
    {
        var logs = new List<AbiEventLog>();
        foreach (var log in receipt.GetProperty("logs").EnumerateArray())
        {
            if (EthAddress.Parse(log.GetProperty("address").GetString()!) != contract)
            {
                continue;
            }

            var topics = log.GetProperty("topics").EnumerateArray().Select(t => Convert.FromHexString(t.GetString().AsSpan(2))).ToList();
            var decoded = Titles.Abi.DecodeLog(topics, Convert.FromHexString(log.GetProperty("data").GetString().AsSpan(2)));
            decoded.IsSuccess.ShouldBeTrue(decoded.ToString());
            logs.Add(decoded.Value);
        }

        return logs;
    }

    /// <summary>An inbound title message: the arguments of importTitle/releaseTitle without the signatures.</summary>
    private sealed record Inbound(byte[] Lane, byte[] MessageId, byte[] TitleId, EthAddress Holder, EthAddress Beneficiary)
    {
        /// <summary>The attestation's last valid unix second; a day ahead of the wall clock, which the dev chain's blocks follow.</summary>
        public ulong ValidUntil { get; init; } = (ulong)TimeProvider.System.GetUtcNow().AddDays(1).ToUnixTimeSeconds();

        public byte[] PayloadHash => RelayAttestation.InboundPayloadHash(TitleId, Holder, Beneficiary);

        public static Inbound Create() =>
            new(Word(), Word(), Word(), TransactionAcceptanceTests.RandomAddress(), TransactionAcceptanceTests.RandomAddress());

        /// <summary>The digest the relay signs for this message on <paramref name="lane"/>'s TitleRegistry.</summary>
        public byte[] Digest(EthereumLane lane) => RelayAttestation.Digest(lane.ChainId, lane.Contracts.TitleRegistry, Lane, MessageId, PayloadHash, ValidUntil);

        public AbiValue[] Arguments(IEnumerable<byte[]> signatures) =>
            [Lane, MessageId, TitleId, Holder, Beneficiary, ValidUntil, AbiValue.List(signatures.Select(s => AbiValue.Bytes(s)))];
    }
}
