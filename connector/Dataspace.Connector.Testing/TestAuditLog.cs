using Dataspace.Connector.Audit;
using Dataspace.Connector.Storage;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Connector.Testing;

/// <summary>The connector's real audit log over the embedded database in a folder, for tests of components that append to it.</summary>
public sealed class TestAuditLog : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestAuditLog(ServiceProvider services)
    {
        _services = services;
        Log = services.GetRequiredService<IAuditLog>();
        Store = services.GetRequiredService<IAuditLogStore>();
    }

    /// <summary>The log.</summary>
    public IAuditLog Log { get; }

    /// <summary>Its store, to read back what was appended.</summary>
    public IAuditLogStore Store { get; }

    /// <summary>Creates (or opens) the log in <paramref name="dataDirectory"/> and starts it.</summary>
    public static async Task<TestAuditLog> StartAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // The SQLite store's folder, given directly: this host has no connector options.
            ["Connector:Storage:ConnectionString"] = dataDirectory,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddSingleton(TimeProvider.System);
        services.AddConnectorStorage(configuration, dataDirectory);
        services.AddAuditLog(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStorageLifecycle>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await ((IHostedService)provider.GetRequiredService<IAuditLog>()).StartAsync(cancellationToken).ConfigureAwait(false);
        return new TestAuditLog(provider);
    }

    /// <summary>Stops the log (committing what is queued) and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await ((IHostedService)Log).StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
