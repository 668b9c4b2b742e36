using Dataspace.Plugins.Transport.Http;
using Dataspace.Plugins.Transport.Http.HttpData;
using Dataspace.Plugins.Transport.Http.Pull;
using Dataspace.Plugins.Transport.Http.Push;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

[assembly: ConnectorPlugin(typeof(HttpTransportPlugin))]

namespace Dataspace.Plugins.Transport.Http;

/// <summary>
/// Registers the HTTP data plane: the HttpData-PULL and HttpData-PUSH channels, the public pull endpoint, and the
/// HttpData source and sink. Settings under <c>Plugins:Http</c>: <c>PublicPath</c>, <c>TokenLifetime</c>, <c>ConnectTimeout</c>.
/// </summary>
public sealed class HttpTransportPlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = HttpTransportOptions.Read(context.Configuration, context.Manifest.ConfigurationSection);
        var key = AccessTokenKey.LoadOrCreate(context.DataDirectory);
        var services = context.Services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(key);
        services.AddSingleton(sp => AccessTokenRevocations.Open(context.DataDirectory, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<AccessTokenService>();
        services.AddSingleton<DataSources>();
        services.AddSingleton<HttpDataClient>();
        services.AddSingleton<HttpDataSink>();
        services.AddSingleton<PullEndpoint>();
        services.AddSingleton<PushWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<PushWorkers>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSource, HttpDataSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSink, HttpDataSink>(sp => sp.GetRequiredService<HttpDataSink>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransferChannel, HttpPullChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransferChannel, HttpPushChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, PullEndpointStartupFilter>());
    }
}
