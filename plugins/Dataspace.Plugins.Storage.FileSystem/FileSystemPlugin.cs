using Dataspace.Plugins.Storage.FileSystem;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: ConnectorPlugin(typeof(FileSystemPlugin))]

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>Registers the filesystem data source and sink, rooted at <c>Plugins:FileSystem:RootPath</c>.</summary>
public sealed class FileSystemPlugin : IConnectorPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(PluginContext context)
    {
        var configured = context.Configuration["RootPath"];
        var root = new FileSystemRoot(string.IsNullOrWhiteSpace(configured) ? Path.Combine(context.DataDirectory, "files") : configured);
        context.Services.AddSingleton(root);
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSource, FileSystemDataSource>());
        context.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataSink, FileSystemDataSink>());
        context.AddHealthCheck<FileSystemHealthCheck>();
    }
}
