using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Tests.Storage;

public sealed class StorageProviderSelectionTests
{
    [Fact]
    public void AddConnectorStorage_UnknownProvider_FailsNamingTheSettingAndTheKnownOnes()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<StorageConfigurationException>(() => services.AddConnectorStorage(Configuration("nosuch"), "/tmp/unused"));

        Assert.Contains("Connector:Storage:Provider 'nosuch' is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AddConnectorStorage_ProviderOfferedByAPlugin_IsTheOneRegistered()
    {
        var services = new ServiceCollection();
        StorageProviderContext? seen = null;
        services.AddSingleton(new StorageProviderRegistration("custom", (s, context) =>
        {
            seen = context;
            // The custom provider reuses the SQLite stores: what matters here is which registration runs.
            SqliteStorageProvider.Registration.Register(s, context);
        }));

        services.AddConnectorStorage(Configuration("Custom", "/data/elsewhere"), "/data/default");

        Assert.NotNull(seen);
        Assert.Equal("custom", seen.Name);
        Assert.Equal("/data/elsewhere", seen.ConnectionString);
        Assert.Equal("/data/default", seen.DataDirectory);
        // The host's wrappers sit around the provider's stores, whatever the provider.
        Assert.Contains(services, d => d.ServiceType == typeof(IAssetStore) && d.ImplementationFactory is not null);
        Assert.Contains(services, d => d.ServiceType == typeof(ITransferStore) && d.ImplementationFactory is not null);
    }

    [Fact]
    public void AddConnectorStorage_ProviderRegisteringNoAssetStore_FailsAtRegistration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new StorageProviderRegistration("empty", (_, _) => { }));

        var error = Assert.Throws<StorageConfigurationException>(() => services.AddConnectorStorage(Configuration("empty"), "/tmp/unused"));

        Assert.Contains("IAssetStore", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string provider, string? connectionString = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:Storage:Provider"] = provider,
            ["Connector:Storage:ConnectionString"] = connectionString,
        }).Build();
}
