using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Adapters.Fabric.Gateway;
using Bridge.Adapters.Fabric.Grpc;
using Bridge.Adapters.Fabric.Protos.Peer;

namespace Bridge.IntegrationTests.Fabric.Gateway;

/// <summary>
/// The product's own Gateway client against the in-process simulator, through the official client's scenarios
/// (simulators/fabric/scenarios.mjs: submit, evaluate, submitAsync + commit status, chaincode events, chaincode error
/// with ErrorDetail) plus offline signing, a second organisation, endorsing organisations, transient data and deadlines.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FabricGatewayTests(FabricGatewayFixture fixture) : IClassFixture<FabricGatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FabricContract Carrier => fixture.CarrierGateway.Network("trade").Contract("bridge");

    [Fact]
    public async Task SubmitAsync_AnchorDocument_CommitsValidInABlockOfTheLedger()
    {
        var document = NewDocument();

        var result = await Carrier.SubmitAsync("AnchorDocument", document.Args, Ct);

        result.Code.ShouldBe(TxValidationCode.Valid);
        result.TransactionId.ShouldMatch("^[0-9a-f]{64}$");
        var committed = fixture.Network.Ledger("trade").Find(result.TransactionId).ShouldNotBeNull();
        committed.Code.ShouldBe(TxValidationCode.Valid);
        committed.BlockNumber.ShouldBe(result.BlockNumber);
        using var anchor = JsonDocument.Parse(result.Result);
        anchor.RootElement.GetProperty("documentId").GetString().ShouldBe(document.Id);
        anchor.RootElement.GetProperty("txId").GetString().ShouldBe(result.TransactionId);
    }

    [Fact]
    public async Task EvaluateAsync_AfterSubmit_ReturnsTheAnchorWithoutANewBlock()
    {
        var document = NewDocument();
        await Carrier.SubmitAsync("AnchorDocument", document.Args, Ct);
        var height = fixture.Network.Ledger("trade").Blocks.Height;

        var payload = await Carrier.EvaluateAsync("GetAnchor", [document.Id], Ct);

        using var anchor = JsonDocument.Parse(payload);
        anchor.RootElement.GetProperty("contentDigest").GetString().ShouldBe(document.Digest);
        fixture.Network.Ledger("trade").Blocks.Height.ShouldBe(height);
    }

    [Fact]
    public async Task SubmitNoWaitAsync_ThenGetStatus_ReportsValidAndTheBlock()
    {
        var document = NewDocument();

        var submitted = await Carrier.SubmitNoWaitAsync("AnchorDocument", document.Args, Ct);
        var status = await submitted.GetStatusAsync(Ct);

        status.IsSuccessful.ShouldBeTrue();
        status.TransactionId.ShouldBe(submitted.TransactionId);
        status.BlockNumber.ShouldBe(fixture.Network.Ledger("trade").Find(submitted.TransactionId)!.BlockNumber);
        Encoding.UTF8.GetString(submitted.Result.Span).ShouldContain(document.Id);
    }

    [Fact]
    public async Task ChaincodeEventsAsync_FromBlockZeroAndResumedAfterACheckpoint_DeliversEachEventOnceInOrder()
    {
        var first = NewDocument();
        var second = NewDocument();
        var firstResult = await Carrier.SubmitAsync("AnchorDocument", first.Args, Ct);
        var secondResult = await Carrier.SubmitAsync("AnchorDocument", second.Args, Ct);
        var network = fixture.CarrierGateway.Network("trade");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        var seen = new List<FabricChaincodeEvent>();
        await foreach (var e in network.ChaincodeEventsAsync("bridge", ChaincodeEventPosition.FromBlock(0), timeout.Token))
        {
            seen.Add(e);
            if (e.TransactionId == secondResult.TransactionId)
            {
                break;
            }
        }

        var firstEvent = seen.Single(e => e.TransactionId == firstResult.TransactionId);
        firstEvent.EventName.ShouldBe("DocumentAnchored");
        firstEvent.ChaincodeName.ShouldBe("bridge");
        firstEvent.BlockNumber.ShouldBe(firstResult.BlockNumber);
        firstEvent.PayloadText.ShouldContain(first.Id);
        seen[^1].BlockNumber.ShouldBe(secondResult.BlockNumber);
        seen.Select(e => e.BlockNumber).ShouldBeInOrder();

        FabricChaincodeEvent? resumed = null;
        await foreach (var e in network.ChaincodeEventsAsync("bridge", ChaincodeEventPosition.After(firstEvent.Checkpoint), timeout.Token))
        {
            resumed = e;
            break;
        }

        resumed.ShouldNotBeNull().TransactionId.ShouldBe(secondResult.TransactionId);
    }

    [Fact]
    public async Task ChaincodeEventsAsync_NextCommit_DeliversOnlyLaterCommits()
    {
        var earlier = await Carrier.SubmitAsync("AnchorDocument", NewDocument().Args, Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await using var events = fixture.CarrierGateway.Network("trade").ChaincodeEventsAsync("bridge", null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = events.MoveNextAsync().AsTask();

        // The stream is open once the server holds it; a commit after that must arrive. Submit until one does.
        FabricSubmitResult later;
        do
        {
            later = await Carrier.SubmitAsync("AnchorDocument", NewDocument().Args, timeout.Token);
        }
        while (!next.IsCompleted && await Task.WhenAny(next, Task.Delay(200, timeout.Token)) != next);

        (await next).ShouldBeTrue();
        events.Current.BlockNumber.ShouldBeGreaterThan(earlier.BlockNumber);
        events.Current.TransactionId.ShouldNotBe(earlier.TransactionId);
        later.BlockNumber.ShouldBeGreaterThanOrEqualTo(events.Current.BlockNumber);
    }

    [Fact]
    public async Task SubmitAsync_ChaincodeError_ThrowsEndorseFailureWithErrorDetails()
    {
        var document = NewDocument();
        await Carrier.SubmitAsync("AnchorDocument", document.Args, Ct);
        var height = fixture.Network.Ledger("trade").Blocks.Height;

        var error = await Should.ThrowAsync<FabricGatewayException>(() => Carrier.SubmitAsync("AnchorDocument", document.Args, Ct));

        error.Kind.ShouldBe(FabricGatewayOperation.Endorse);
        error.StatusCode.ShouldBe(GrpcStatusCode.Aborted); // fabric-wire.md §3.2
        error.TransactionId!.ShouldMatch("^[0-9a-f]{64}$");
        error.Details.ShouldNotBeEmpty();
        error.Details.ShouldContain(d => d.Message.Contains("already anchored") && d.MspId.EndsWith("MSP") && d.Address.Contains(':'));
        fixture.Network.Ledger("trade").Blocks.Height.ShouldBe(height);
    }

    [Fact]
    public async Task EvaluateAsync_ChaincodeError_ThrowsEvaluateFailureWithUnknownAndDetails()
    {
        var error = await Should.ThrowAsync<FabricGatewayException>(() => Carrier.EvaluateAsync("GetAnchor", [Guid.NewGuid().ToString()], Ct));

        error.Kind.ShouldBe(FabricGatewayOperation.Evaluate);
        error.StatusCode.ShouldBe(GrpcStatusCode.Unknown); // fabric-wire.md §3.2
        error.Details.ShouldContain(d => d.Message.Contains("has no anchor"));
    }

    [Fact]
    public async Task OfflineSigning_ProposalTransactionAndStatusSignedOutsideTheGateway_Commits()
    {
        // A gateway with the identity only: it cannot sign anything itself.
        var offline = new FabricGateway(fixture.Client, fixture.Carrier.Signer!.Identity);
        var contract = offline.Network("trade").Contract("bridge");
        var document = NewDocument();
        await Should.ThrowAsync<InvalidOperationException>(() => contract.SubmitAsync("AnchorDocument", document.Args, Ct));

        var unsigned = contract.NewProposal("AnchorDocument", FabricProposalOptions.FromStrings(document.Args));
        var proposal = offline.NewSignedProposal(unsigned.ToBytes(), ExternalSign(unsigned.Digest));
        var prepared = await proposal.EndorseAsync(Ct);
        prepared.IsSigned.ShouldBeFalse();
        var transaction = offline.NewSignedTransaction(prepared.ToBytes(), ExternalSign(prepared.Digest));
        var submitted = await transaction.SubmitAsync(Ct);
        var status = await submitted.WithStatusSignature(ExternalSign(submitted.StatusRequestDigest)).GetStatusAsync(Ct);

        status.IsSuccessful.ShouldBeTrue();
        status.TransactionId.ShouldBe(unsigned.TransactionId);
        var anchor = await Carrier.EvaluateAsync("GetAnchor", [document.Id], Ct);
        Encoding.UTF8.GetString(anchor).ShouldContain(unsigned.TransactionId);
    }

    [Fact]
    public async Task OfflineSigning_WrongKey_IsRefusedByThePeer()
    {
        var contract = fixture.CarrierGateway.Network("trade").Contract("bridge");
        var unsigned = contract.NewProposal("GetAnchor", FabricProposalOptions.FromStrings(["x"]));

        var error = await Should.ThrowAsync<FabricGatewayException>(() => unsigned.WithSignature(fixture.Bank.Signer!.SignDigest(unsigned.Digest.Span)).EvaluateAsync(Ct));

        error.StatusCode.ShouldBe(GrpcStatusCode.FailedPrecondition); // a bad proposal signature, fabric-wire.md §3.2
    }

    [Fact]
    public async Task EvaluateAsync_SecondOrganisationsClient_ReadsWhatTheFirstWrote()
    {
        var document = NewDocument();
        await Carrier.SubmitAsync("AnchorDocument", document.Args, Ct);

        var payload = await fixture.BankGateway.Network("trade").Contract("bridge").EvaluateAsync("GetAnchor", [document.Id], Ct);

        using var anchor = JsonDocument.Parse(payload);
        anchor.RootElement.GetProperty("issuerMsp").GetString().ShouldBe("CarrierMSP");
        fixture.BankGateway.Identity.MspId.ShouldBe("BankMSP");
    }

    [Fact]
    public async Task SubmitAsync_EndorsingOrganisations_AreTheEndorsersInTheBlock()
    {
        var options = FabricProposalOptions.FromStrings(NewDocument().Args) with { EndorsingOrganizations = ["BankMSP", "CustomsMSP"] };

        var result = await Carrier.SubmitAsync("AnchorDocument", options, Ct);

        fixture.EndorsersOf(result.TransactionId).Order().ShouldBe(["BankMSP", "CustomsMSP"]);
    }

    [Fact]
    public async Task SubmitAsync_WithTransientData_CommitsValid()
    {
        var options = FabricProposalOptions.FromStrings(NewDocument().Args) with
        {
            TransientData = new Dictionary<string, ReadOnlyMemory<byte>> { ["note"] = "private"u8.ToArray() },
        };

        var result = await Carrier.SubmitAsync("AnchorDocument", options, Ct);

        result.Code.ShouldBe(TxValidationCode.Valid);
    }

    [Fact]
    public async Task GetStatusAsync_TransactionNeverSubmitted_FailsWithDeadlineExceededAfterTheTimeout()
    {
        var impatient = new FabricGateway(fixture.Client, fixture.Carrier.Signer!, new FabricGatewayOptions { CommitStatusTimeout = TimeSpan.FromMilliseconds(300) });
        var unknown = new SubmittedTransaction(impatient, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "trade", ReadOnlyMemory<byte>.Empty);

        var error = await Should.ThrowAsync<FabricGatewayException>(() => unknown.GetStatusAsync(Ct));

        error.Kind.ShouldBe(FabricGatewayOperation.CommitStatus);
        error.StatusCode.ShouldBe(GrpcStatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task EvaluateAsync_NothingListening_FailsTransientUnavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var handler = GrpcHttpHandler.Create();
        using var client = new GrpcClient(handler, new Uri($"http://127.0.0.1:{port}"));
        var gateway = new FabricGateway(client, fixture.Carrier.Signer!);

        var error = await Should.ThrowAsync<FabricGatewayException>(() => gateway.Network("trade").Contract("bridge").EvaluateAsync("GetAnchor", ["x"], Ct));

        error.StatusCode.ShouldBe(GrpcStatusCode.Unavailable);
        error.IsTransient.ShouldBeTrue();
    }

    private byte[] ExternalSign(ReadOnlyMemory<byte> digest) => fixture.Carrier.Signer!.SignDigest(digest.Span);

    private static Document NewDocument() => new(
        Guid.NewGuid().ToString(),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    private sealed record Document(string Id, string Digest, string Root)
    {
        public string[] Args => [Id, Digest, Root, "BILL_OF_LADING"];
    }
}
