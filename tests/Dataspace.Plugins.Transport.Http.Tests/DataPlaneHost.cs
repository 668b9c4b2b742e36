using Dataspace.Plugins.Storage.FileSystem;
using Dataspace.Sdk.Egress;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>
/// A provider's data plane on a real Kestrel server: the plugin registered through its <c>ConfigureServices</c> (as the
/// connector's loader calls it), the filesystem plugin as data source, and test stand-ins for the connector's guard
/// and transfer events.
/// </summary>
internal sealed class DataPlaneHost : IAsyncDisposable
{
    private readonly TempDirectory _folder;

    private DataPlaneHost(TempDirectory folder, LoopbackServer server, FakeTimeProvider time, TestAccessGuard guard, RecordingTransferEvents events, BlockingDataSource blocking,
        RecordingUsageReporter usage)
    {
        Usage = usage;
        _folder = folder;
        Server = server;
        Time = time;
        Guard = guard;
        Events = events;
        Blocking = blocking;
    }

    public LoopbackServer Server { get; }

    public FakeTimeProvider Time { get; }

    public TestAccessGuard Guard { get; }

    public RecordingTransferEvents Events { get; }

    public RecordingUsageReporter Usage { get; }

    public BlockingDataSource Blocking { get; }

    public string FilesRoot => Path.Combine(_folder.Path, "files");

    public string PluginDataDirectory => Path.Combine(_folder.Path, "data", "plugins", "dataspace.transport.http");

    public ITransferChannel Pull => Channel(TransferTypes.HttpPull);

    public ITransferChannel Push => Channel(TransferTypes.HttpPush);

    public static async Task<DataPlaneHost> StartAsync(IDictionary<string, string?>? settings = null, EgressOptions? egress = null)
    {
        var folder = new TempDirectory("http-plugin-");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var guard = new TestAccessGuard();
        var events = new RecordingTransferEvents();
        var blocking = new BlockingDataSource();
        var usage = new RecordingUsageReporter();
        var files = Path.Combine(folder.Path, "files");
        var data = Path.Combine(folder.Path, "data", "plugins", "dataspace.transport.http");
        var server = await LoopbackServer.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);

            // The connector provides the egress policy; these tests run on loopback, so its development mode by default.
            services.AddEgressPolicy(_ => egress ?? TestEgress.DevelopmentOptions);
            new FileSystemPlugin().ConfigureServices(Context(services, "dataspace.storage.filesystem", "Plugins:FileSystem", new Dictionary<string, string?> { ["RootPath"] = files }, Path.Combine(folder.Path, "fs")));
            new HttpTransportPlugin().ConfigureServices(Context(services, "dataspace.transport.http", "Plugins:Http", settings ?? new Dictionary<string, string?>(), data));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSource>(blocking));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSource, BreakingDataSource>());
            services.AddSingleton<IDataAccessGuard>(guard);
            services.AddSingleton<ITransferEvents>(events);
            services.AddSingleton<Sdk.Metering.IDataUsageReporter>(usage);
        }, _ => { });
        return new DataPlaneHost(folder, server, time, guard, events, blocking, usage);
    }

    /// <summary>Places a file the filesystem source serves and returns its address.</summary>
    public DataAddress File(string name, byte[] content)
    {
        System.IO.File.WriteAllBytes(Path.Combine(FilesRoot, name), content);
        return DataAddress.Create(DataAddressTypes.FileSystem, ("path", name));
    }

    /// <summary>Starts a pull transfer of <paramref name="source"/> as the connector would: state first, then the channel.</summary>
    public async Task<DataAddress> StartPullAsync(string transferId, DataAddress source, string consumerId = "did:web:consumer")
    {
        Guard.Start(transferId, source);
        var result = await Pull.StartAsync(StartContext(transferId, source, null, consumerId), CancellationToken.None);
        Assert.True(result.Succeeded, result.FailureReason);
        return result.ConsumerAddress!;
    }

    public TransferStartContext StartContext(string transferId, DataAddress source, DataAddress? destination, string consumerId = "did:web:consumer") => new()
    {
        TransferId = transferId,
        AgreementId = "agreement-" + transferId,
        ConsumerId = consumerId,
        AssetId = "asset-1",
        Source = source,
        Destination = destination,
        PublicBaseUrl = Server.BaseUrl,
    };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }

    private ITransferChannel Channel(string type) =>
        Server.App.Services.GetServices<ITransferChannel>().Single(c => c.TransferType == type);

    private static PluginContext Context(IServiceCollection services, string id, string section, IDictionary<string, string?> settings, string dataDirectory) =>
        new(
            services,
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new PluginManifest { Id = id, Version = "1.0.0", Kinds = [PluginKinds.Transport], SdkVersion = "[1.0,2.0)", Assembly = id + ".dll", ConfigurationSection = section },
            dataDirectory);
}
