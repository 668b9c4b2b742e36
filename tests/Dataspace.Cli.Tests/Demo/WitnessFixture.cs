using System.Text.Json.Nodes;
using Dataspace.Cli.Demo;
using Dataspace.Cli.Tests.Management;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Client;
using Dataspace.Sdk.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Tests.Demo;

/// <summary>
/// An authority and two real DCP connectors on loopback that negotiated the demo's offer (and pulled the data when the
/// HTTP transport plugin is bundled), waited until each has the other's cosignature of its checkpoint covering the agreement.
/// </summary>
public sealed class WitnessFixture : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private LocalDataspace? _space;

    internal LocalDataspace Space => _space ?? throw new InvalidOperationException("not started");

    public Agreement Agreement { get; private set; } = null!;

    /// <summary>Our process ids for the agreement, per side: the negotiation and (with a transfer) the transfer.</summary>
    public IReadOnlyList<string> ProviderProcesses { get; private set; } = [];

    public IReadOnlyList<string> ConsumerProcesses { get; private set; } = [];

    public bool Transferred { get; private set; }

    public IAuditLogStore ProviderLog => Space.Provider.App.Services.GetRequiredService<IAuditLogStore>();

    public IAuditLogStore ConsumerLog => Space.Consumer.App.Services.GetRequiredService<IAuditLogStore>();

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        _space = await LocalDataspace.StartAuthorityAsync(ct);
        await Space.StartConnectorsAsync(null, null, ct);
        var (provider, consumer) = (Space.Provider.Client, Space.Consumer.Client);
        foreach (var (did, client) in new[] { (Space.ProviderDid, provider), (Space.ConsumerDid, consumer) })
        {
            var (jwt, _) = await Space.Authority.IssueAsync(did, LocalDataspace.CredentialType, new JsonObject { ["dataspace"] = DemoCommand.DataspaceName }, ct);
            Assert.Equal("Valid", (await client.ImportCredentialAsync(jwt, ct)).State);
        }

        var publication = DemoCommand.Publication;
        Directory.CreateDirectory(Space.Provider.Files);
        await File.WriteAllTextAsync(Path.Combine(Space.Provider.Files, publication.FileName), publication.Content, ct);
        await provider.CreateAssetAsync(new AssetInput(publication.AssetId, new JsonObject { ["title"] = publication.Title }, new DataAddress("FileSystem", new Dictionary<string, string> { ["path"] = publication.FileName })), ct);
        await provider.CreatePolicyAsync(new PolicyInput(publication.PolicyId, (JsonObject)JsonNode.Parse(publication.PolicyJson)!), ct);
        await provider.CreateOfferAsync(new OfferInput(publication.OfferId, publication.AssetId, publication.PolicyId, publication.PolicyId), ct);

        var started = await consumer.StartNegotiationAsync(Space.Provider.Dsp, publication.OfferId, Space.ProviderDid, ct);
        var negotiation = await consumer.WaitForNegotiationAsync(started.Id, TimeSpan.FromMilliseconds(50), ct);
        Assert.True(negotiation.State == NegotiationStates.Finalized, $"negotiation {negotiation.Id} is {negotiation.State}: {negotiation.Error}");
        Agreement = await provider.GetAgreementAsync(negotiation.AgreementId!, ct);
        var providerProcesses = new List<string> { Agreement.NegotiationId };
        var consumerProcesses = new List<string> { negotiation.Id };

        if (ConnectorPairFixture.HttpTransportBundled)
        {
            var requested = await consumer.StartTransferAsync(new TransferRequest(Agreement.Id, TransferTypes.HttpPull), ct);
            var running = await consumer.WaitForTransferAsync(requested.Id, [TransferStates.Started], TimeSpan.FromMilliseconds(50), ct);
            Assert.True(running.State == TransferStates.Started, $"transfer {running.Id} is {running.State}: {running.Error}");
            using var buffer = new MemoryStream();
            await consumer.DownloadTransferDataAsync(running.Id, buffer, ct);
            await consumer.CompleteTransferAsync(running.Id, ct);
            consumerProcesses.Add(running.Id);
            providerProcesses.AddRange((await provider.ListTransfersAsync(cancellationToken: ct)).Items.Select(t => t.Id));
            Transferred = true;
        }

        (ProviderProcesses, ConsumerProcesses) = (providerProcesses, consumerProcesses);

        // Witnessing runs in the background: each side's sender waits for a checkpoint covering its agreement entry.
        await Eventually(async () => (await Entries(ProviderLog, WitnessRecordTypes.Received, ct)).Count > 0, "the provider never received the consumer's cosignature", ct);
        await Eventually(async () => (await Entries(ConsumerLog, WitnessRecordTypes.Received, ct)).Count > 0, "the consumer never received the provider's cosignature", ct);
    }

    public async Task DisposeAsync()
    {
        if (_space is not null)
        {
            await _space.DisposeAsync();
        }
    }

    /// <summary>The entries of <paramref name="type"/> about the agreement in <paramref name="log"/>.</summary>
    public Task<IReadOnlyList<AuditEntry>> Entries(IAuditLogStore log, string type, CancellationToken ct) =>
        log.SearchAsync(new AuditEntryQuery { Type = type, AgreementId = Agreement.Id, Limit = AuditEntryQuery.MaxLimit }, ct);

    /// <summary>Every entry in <paramref name="log"/>, in index order.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AllAsync(IAuditLogStore log, CancellationToken ct)
    {
        var all = new List<AuditEntry>();
        while (true)
        {
            var page = await log.ReadEntriesAsync(all.Count, 1000, ct);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition, string failure, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(100, ct);
        }
    }
}
