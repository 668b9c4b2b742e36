using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Storage;
using Dataspace.Dsp;
using Dataspace.Policies;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>
/// A fresh PostgreSQL database per test, composed as the host composes storage: the plugin offers the provider through
/// its plugin context, the host picks it by <c>Connector:Storage:Provider</c> and wraps it with the stored-secrets stores.
/// </summary>
internal static class PostgresStorage
{
    public static async Task<StorageUnderTest> CreateAsync()
    {
        var db = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("pg-contract-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:Storage:Provider"] = StorageProviders.Postgres,
            ["Connector:Storage:ConnectionString"] = db.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxHold>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton(StoredSecrets.FromSecret("contract-tests-key-store-secret"));
        var engine = new PolicyEngine();
        services.AddSingleton<IOfferAccessIndex>(new OfferAccessAnalysis(
            new PolicyService(engine, new DspSerializer(), Options.Create(new PolicyEnforcementOptions())), engine));
        var manifest = new PluginManifest
        {
            Id = "dataspace.storage.postgres",
            Version = "1.0.0",
            Kinds = [PluginKinds.Storage],
            SdkVersion = "[1.0,2.0)",
            Assembly = "Dataspace.Plugins.Storage.Postgres.dll",
            ConfigurationSection = "Plugins:Postgres",
        };
        new PostgresStoragePlugin().ConfigureServices(new PluginContext(services, new ConfigurationBuilder().Build(), manifest, data));
        services.AddConnectorStorage(configuration, data);
        var provider = services.BuildServiceProvider();
        var signal = provider.GetRequiredService<OutboxSignal>();
        return new StorageUnderTest(provider, signal.BeginRequest, async () =>
        {
            await db.DisposeAsync();
            Directory.Delete(data, recursive: true);
        });
    }
}
