using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Storage;
using Dataspace.Dsp;
using Dataspace.Policies;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>A fresh SQLite database in its own folder, composed as the host composes storage (with the stored-secrets wrappers).</summary>
internal static class SqliteStorage
{
    public static Task<StorageUnderTest> CreateAsync()
    {
        var temp = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:Storage:Provider"] = "sqlite",
            ["Connector:Storage:ConnectionString"] = temp.Path,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(StoredSecrets.FromSecret("contract-tests-key-store-secret"));
        var engine = new PolicyEngine();
        services.AddSingleton<IOfferAccessIndex>(new OfferAccessAnalysis(
            new PolicyService(engine, new DspSerializer(), Options.Create(new PolicyEnforcementOptions())), engine));
        services.AddConnectorStorage(configuration, temp.Path);
        var provider = services.BuildServiceProvider();
        var signal = provider.GetRequiredService<OutboxSignal>();
        return Task.FromResult(new StorageUnderTest(provider, signal.BeginRequest, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            temp.Dispose();
            return ValueTask.CompletedTask;
        }));
    }
}
