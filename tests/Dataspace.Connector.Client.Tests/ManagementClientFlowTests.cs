using System.Net;
using System.Text;

namespace Dataspace.Connector.Client.Tests;

/// <summary>Two real connectors driven only through the client: catalog, negotiation, agreement, pull transfer and download.</summary>
public sealed class ManagementClientFlowTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task CatalogAndNegotiation_OpenOffer_AgreementOnBothSides()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offer = await pair.PublishAsync("air-quality", Encoding.UTF8.GetBytes("station,pm25\nA,12\n"), ConnectorPair.OpenPolicy());
        var consumer = pair.Consumer.Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var catalog = await consumer.RequestCatalogAsync(pair.Provider.Dsp, cancellationToken: timeout.Token);
        var dataset = Assert.Single(catalog.Datasets);
        Assert.Equal("did:web:provider.example", catalog.ParticipantId);
        Assert.Equal("air-quality", dataset.Id);
        Assert.Equal("Test data air-quality", dataset.Properties["dct:title"]!.GetValue<string>());
        Assert.Equal(offer.Id, Assert.Single(dataset.Offers).Id);

        var started = await consumer.StartNegotiationAsync(pair.Provider.Dsp, offer.Id, cancellationToken: timeout.Token);
        var negotiation = await consumer.WaitForNegotiationAsync(started.Id, Poll, timeout.Token);
        Assert.Equal(NegotiationStates.Finalized, negotiation.State);
        var agreement = await consumer.GetAgreementAsync(negotiation.AgreementId!, timeout.Token);
        Assert.Equal("air-quality", agreement.AssetId);
        Assert.Equal("did:web:consumer.example", agreement.ConsumerId);
        Assert.Equal(agreement.Id, Assert.Single((await pair.Provider.Client.ListAgreementsAsync(cancellationToken: timeout.Token)).Items).Id);
        Assert.Equal(started.Id, Assert.Single((await consumer.ListNegotiationsAsync(role: "consumer", state: NegotiationStates.Finalized, cancellationToken: timeout.Token)).Items).Id);
        Assert.Empty((await consumer.ListNegotiationsAsync(role: "provider", cancellationToken: timeout.Token)).Items);
    }

    [HttpTransportFact]
    public async Task PullTransfer_Agreement_DownloadsTheProvidersFile()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = Encoding.UTF8.GetBytes("station,pm25\nA,12\nB,7\n");
        var offer = await pair.PublishAsync("air-quality", content, ConnectorPair.OpenPolicy());
        var consumer = pair.Consumer.Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var started = await consumer.StartNegotiationAsync(pair.Provider.Dsp, offer.Id, cancellationToken: timeout.Token);
        var agreementId = (await consumer.WaitForNegotiationAsync(started.Id, Poll, timeout.Token)).AgreementId!;

        var transfer = await consumer.StartTransferAsync(new TransferRequest(agreementId, TransferTypes.HttpPull), timeout.Token);
        var running = await consumer.WaitForTransferAsync(transfer.Id, [TransferStates.Started], Poll, timeout.Token);
        Assert.True(running.State == TransferStates.Started, $"{running.State}: {running.Error}");
        var edr = await consumer.GetEndpointDataReferenceAsync(transfer.Id, timeout.Token);
        Assert.StartsWith("http://127.0.0.1", edr.Endpoint, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(edr.Authorization));

        using var downloaded = new MemoryStream();
        var bytes = await consumer.DownloadTransferDataAsync(transfer.Id, downloaded, timeout.Token);
        Assert.Equal(content.Length, bytes);
        Assert.Equal(content, downloaded.ToArray());

        var completed = await consumer.CompleteTransferAsync(transfer.Id, timeout.Token);
        Assert.Equal(TransferStates.Completed, completed.State);
        var providerSide = await pair.Provider.Client.WaitForTransferAsync(running.ProviderPid!, [TransferStates.Completed], Poll, timeout.Token);
        Assert.Equal(TransferStates.Completed, providerSide.State);
    }

    [Fact]
    public async Task EdrAndTransfer_UnknownIds_AreRefusedNamingThem()
    {
        await using var pair = await ConnectorPair.StartAsync();

        var e = await Assert.ThrowsAsync<ManagementApiException>(() => pair.Consumer.Client.GetEndpointDataReferenceAsync("no-such-transfer"));
        var start = await Assert.ThrowsAsync<ManagementApiException>(() => pair.Consumer.Client.StartTransferAsync(new TransferRequest("no-such-agreement", TransferTypes.HttpPull)));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("no transfer 'no-such-transfer'", e.Detail);
        Assert.Contains("no-such-agreement", start.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiation_ContractPolicyNotMet_EndsTerminatedWithTheReason()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offer = await pair.PublishAsync("credit", [1, 2, 3], ConnectorPair.ClaimPolicy("FinanceSubspaceCredential", "licence", "bank"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var started = await pair.Consumer.Client.StartNegotiationAsync(pair.Provider.Dsp, offer.Id, cancellationToken: timeout.Token);
        var ended = await pair.Consumer.Client.WaitForNegotiationAsync(started.Id, Poll, timeout.Token);

        Assert.Equal(NegotiationStates.Terminated, ended.State);
        Assert.Null(ended.AgreementId);
        Assert.Contains("policy-denied", ended.Error, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<ManagementApiException>(() => pair.Consumer.Client.TerminateNegotiationAsync(started.Id, "changed my mind", timeout.Token));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Negotiation_UnknownOffer_ThrowsBadRequestNamingTheOffer()
    {
        await using var pair = await ConnectorPair.StartAsync();
        await pair.PublishAsync("open-data", [1], ConnectorPair.OpenPolicy());

        var e = await Assert.ThrowsAsync<ManagementApiException>(() => pair.Consumer.Client.StartNegotiationAsync(pair.Provider.Dsp, "no-such-offer"));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("the provider's catalog shows this connector no offer 'no-such-offer'", e.Detail);
    }
}
