using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Client.Tests;

/// <summary>The client's audit search, entry proof and checkpoint calls and its usage-records call, against a real connector with a did:key identity.</summary>
public sealed class ManagementClientAuditMeteringTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private TestConnector _connector = null!;

    public async Task InitializeAsync() =>
        _connector = await TestConnector.StartAsync(_temp.Sub("data"), settings: new Dictionary<string, string?>
        {
            ["Connector:Identity:Method"] = "key",
            ["Connector:Audit:CheckpointInterval"] = "00:00:00.100",
        });

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SearchAuditEntries_FiltersAndPagesWithNext_AndGetAuditEntry_ProvesAgainstTheLatestCheckpoint()
    {
        var log = _connector.App.Services.GetRequiredService<IAuditLog>();
        var last = 0L;
        for (var i = 0; i < 9; i++)
        {
            last = (await log.AppendAsync(new AuditRecord
            {
                Type = AuditRecordTypes.DataAccess, Actor = "did:web:peer", CounterParty = "did:web:peer", ProcessId = "process-" + (i % 3),
                Digest = "sha256:" + new string('b', 64), Details = new JsonObject { ["i"] = i },
            }, CancellationToken.None)).Index;
        }

        var first = await _connector.Client.SearchAuditEntriesAsync(new AuditLogSearch { ProcessId = "process-1", CounterParty = "did:web:peer" }, limit: 2);
        Assert.Equal(2, first.Items.Count);
        Assert.All(first.Items, e => Assert.Equal("process-1", e.ProcessId));
        Assert.NotNull(first.Next);
        var rest = await _connector.Client.SearchAuditEntriesAsync(new AuditLogSearch { ProcessId = "process-1" }, first.Next, 2);
        var third = Assert.Single(rest.Items);
        Assert.Null(rest.Next);
        Assert.Equal(7, third.Record!["details"]!["i"]!.GetValue<int>());

        var future = await _connector.Client.SearchAuditEntriesAsync(new AuditLogSearch { From = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Empty(future.Items);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        AuditLogCheckpoint? checkpoint = null;
        while (checkpoint is null || checkpoint.Size <= last)
        {
            await Task.Delay(50, wait.Token);
            try
            {
                checkpoint = await _connector.Client.GetLatestAuditCheckpointAsync(wait.Token);
            }
            catch (ManagementApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // No checkpoint yet.
            }
        }

        var proven = await _connector.Client.GetAuditEntryAsync(third.Index);
        Assert.Equal(third.LeafHash, proven.Entry.LeafHash);
        Assert.True(proven.Checkpoint.Size > third.Index);
        Assert.Equal("sha256", proven.Checkpoint.HashAlgorithm);
        Assert.NotEmpty(proven.InclusionProof);

        var missing = await Assert.ThrowsAsync<ManagementApiException>(() => _connector.Client.GetAuditEntryAsync(99999));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var tooMany = await Assert.ThrowsAsync<ManagementApiException>(() => _connector.Client.SearchAuditEntriesAsync(new AuditLogSearch(), limit: 5000));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task ListUsageRecords_FiltersByAgreementAndPeriod_AndPages()
    {
        var store = _connector.App.Services.GetRequiredService<IUsageRecordStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(new Sdk.Metering.UsageRecord
            {
                AgreementId = i < 4 ? "agreement-a" : "agreement-b", CounterPartyId = "did:web:peer", Role = ProcessRole.Provider, Kind = UsageKind.DataAccess,
                Bytes = 100 * (i + 1), Requests = 1, At = now.AddHours(-i),
            }, CancellationToken.None);
        }

        var page = await _connector.Client.ListUsageRecordsAsync(agreementId: "agreement-a", from: now.AddHours(-2.5), offset: 0, limit: 2);
        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Items.Count);
        Assert.All(page.Items, r => Assert.Equal("agreement-a", r.AgreementId));
        var next = await _connector.Client.ListUsageRecordsAsync(agreementId: "agreement-a", from: now.AddHours(-2.5), offset: 2, limit: 2);
        var all = page.Items.Concat(next.Items).Select(r => r.Bytes).Order().ToList();
        Assert.Equal([100L, 200L, 300L], all);
        Assert.Equal("dataAccess", next.Items[0].Kind);
    }
}
