using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dataspace.Connector.Compute;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Testing;
using Dataspace.Connector.Tests.Storage.Sqlite;
using Dataspace.Connector.Transfer;
using Dataspace.Dsp;
using Dataspace.Policies;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Tests.Compute;

/// <summary>One connector's compute engine on its own SQLite database, audit log and data folder, reachable in-process by its endpoint.</summary>
internal sealed class EngineParty : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly TestAuditLog _audit;

    private EngineParty(string id, TempDirectory data, StorageUnderTest storage, TestAuditLog audit, EmbeddedComputeEngine engine)
    {
        Id = id;
        _data = data;
        Storage = storage;
        _audit = audit;
        Engine = engine;
    }

    public string Id { get; }

    public Uri Endpoint => new($"https://{Id.Split(':')[^1]}/dsp");

    public StorageUnderTest Storage { get; }

    public EmbeddedComputeEngine Engine { get; }

    public Sdk.Audit.IAuditLogStore AuditStore => _audit.Store;

    public string DataDirectory => _data.Path;

    public static async Task<EngineParty> StartAsync(string id, ConcurrentDictionary<Uri, EmbeddedComputeEngine> network, IComputeChannelFactory channels,
        IEnumerable<IComputeComponent> components, bool autoApprove = true)
    {
        var data = new TempDirectory();
        var storage = await SqliteStorage.CreateAsync();
        await storage.Lifecycle.MigrateAsync(CancellationToken.None);
        var audit = await TestAuditLog.StartAsync(Path.Combine(data.Path, "audit"));
        var policies = new PolicyService(new PolicyEngine(), new DspSerializer(), Options.Create(new PolicyEnforcementOptions()));
        var endpoint = new Uri($"https://{id.Split(':')[^1]}/dsp");
        var engine = new EmbeddedComputeEngine(
            new ComputeSelf(id, endpoint, data.Path),
            storage.ComputeJobs,
            storage.Agreements,
            storage.Assets,
            new DataAddressRegistry([new DirectoryDataSource(Path.Combine(data.Path, "files"))], []),
            components,
            channels,
            new InProcessComputePeers(id, network),
            new ComputeAgreementCheck(policies, storage.ComputeJobs, TimeProvider.System),
            audit.Log,
            storage.UsageRecords,
            Options.Create(new ComputeOptions { AutoApprove = autoApprove }),
            TimeProvider.System,
            NullLogger<EmbeddedComputeEngine>.Instance);
        network[endpoint] = engine;
        return new EngineParty(id, data, storage, audit, engine);
    }

    /// <summary>Stores an agreement as a finished negotiation does.</summary>
    public async Task AddAgreementAsync(ContractAgreementRecord agreement)
    {
        var negotiation = StoreTestData.Negotiation();
        await Storage.Negotiations.CreateAsync(negotiation, ProcessEffects.None, CancellationToken.None);
        Assert.True(await Storage.Negotiations.TransitionAsync(negotiation with { State = NegotiationState.Agreed, AgreementId = agreement.Id },
            NegotiationState.Requested, new ProcessEffects { Agreement = agreement }, CancellationToken.None));
    }

    /// <summary>Writes a CSV file: under <c>compute/inputs</c> (a consumer's input) or <c>files</c> (a provider's asset, added to its store).</summary>
    public async Task<string> WriteInputAsync(string name, string csv)
    {
        var path = Path.Combine(_data.Path, "compute", "inputs", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, csv);
        return path;
    }

    public async Task AddAssetAsync(string assetId, string csv)
    {
        Directory.CreateDirectory(Path.Combine(_data.Path, "files"));
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "files", assetId + ".csv"), csv);
        Assert.True(await Storage.Assets.CreateAsync(new Asset(assetId, new JsonObject { ["title"] = assetId },
            new Sdk.Transfer.DataAddress(DataAddressTypes.FileSystem, new Dictionary<string, string> { ["path"] = assetId + ".csv" }), DateTimeOffset.UtcNow), CancellationToken.None));
    }

    /// <summary>Waits until the job is final here, and returns it.</summary>
    public async Task<ComputeJob> FinalAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ComputeJob? last = null;
        await foreach (var job in Engine.WatchAsync(jobId, timeout.Token))
        {
            last = job;
        }

        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _audit.DisposeAsync();
        await Storage.DisposeAsync();
        _data.Dispose();
    }
}
