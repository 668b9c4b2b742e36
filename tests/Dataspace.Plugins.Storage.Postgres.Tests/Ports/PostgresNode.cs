using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports;

/// <summary>One connector instance's storage on a shared database, registered as the host registers the provider.</summary>
internal sealed class PostgresNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PostgresNode(ServiceProvider services) => _services = services;

    public string Name { get; } = $"node-{Guid.NewGuid():N}";

    public IOutboxStore Outbox => _services.GetRequiredService<IOutboxStore>();

    public INegotiationStore Negotiations => _services.GetRequiredService<INegotiationStore>();

    public PostgresInstance Instance => _services.GetRequiredService<PostgresInstance>();

    public static async Task<PostgresNode> StartAsync(string connectionString, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxHold>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        PostgresStorage.Register(services, new StorageProviderContext(StorageProviders.Postgres, connectionString, new ConfigurationBuilder().Build(), Path.GetTempPath()));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStorageLifecycle>().MigrateAsync(CancellationToken.None);
        return new PostgresNode(provider);
    }

    /// <summary>Stores a new negotiation whose creation sends <paramref name="messages"/> messages (types m0, m1, ...).</summary>
    public async Task<string> CreateProcessAsync(int messages, DateTimeOffset at)
    {
        var id = $"neg-{Guid.NewGuid():N}";
        var record = new ContractNegotiationRecord
        {
            Id = id,
            Role = ProcessRole.Consumer,
            State = NegotiationState.Requested,
            CounterPartyId = "did:web:peer",
            CounterPartyAddress = "http://peer.example/dsp",
            OfferId = "offer-1",
            AssetId = "asset-1",
            Offer = new JsonObject { ["@id"] = "offer-1" },
            CreatedAt = at,
            UpdatedAt = at,
        };
        var sent = Enumerable.Range(0, messages)
            .Select(i => new OutboxMessage("negotiation", id, $"m{i}", "http://peer.example/dsp/negotiations", [(byte)i], "did:web:peer"))
            .ToList();
        var (_, created) = await Negotiations.CreateAsync(record, new ProcessEffects { Messages = sent }, CancellationToken.None);
        Assert.True(created);
        return id;
    }

    /// <summary>From here on in the calling flow, act as a DSP request whose answer is sent when <paramref name="answerSent"/> completes.</summary>
    public void BeginRequest(Task answerSent) => _services.GetRequiredService<OutboxSignal>().BeginRequest(answerSent);

    /// <summary>From here on in the calling flow, act as this instance's worker running a step whose run ends when <paramref name="stepEnded"/> completes.</summary>
    public void BeginStep(Task stepEnded) => _services.GetRequiredService<OutboxSignal>().BeginStep(stepEnded);

    /// <summary>A crash: the liveness session ends without anything given back.</summary>
    public Task CrashAsync() => Instance.AbandonAsync();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
