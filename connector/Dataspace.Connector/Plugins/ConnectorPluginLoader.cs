using System.Reflection;
using Dataspace.Sdk.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Plugins;

/// <summary>
/// Loads each plugin folder in its own load context, sharing only the SDK and the Microsoft.Extensions
/// abstractions with the host, and lets it register its services.
/// </summary>
public sealed partial class ConnectorPluginLoader
{
    // The types whose assemblies a plugin must share with the host, or casts across the boundary fail.
    private static readonly Type[] SharedTypes =
    [
        typeof(IConnectorPlugin),
        typeof(IServiceCollection),
        typeof(ServiceProvider),
        typeof(IConfiguration),
        typeof(ILogger),
        typeof(IOptions<>),
    ];

    private readonly ILogger _logger;

    /// <summary>Creates a loader that logs to <paramref name="logger"/>.</summary>
    public ConnectorPluginLoader(ILogger logger) => _logger = logger;

    /// <summary>
    /// Loads every plugin below <see cref="PluginLoadOptions.PluginsDirectory"/> into <paramref name="services"/>.
    /// Throws <see cref="PluginLoadException"/> on a faulty plugin unless faulty plugins are skipped.
    /// </summary>
    public async Task<PluginRegistry> LoadAsync(PluginLoadOptions options, IServiceCollection services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var descriptors = new List<PluginDescriptor>();
        var loaders = new List<PluginLoader>();
        if (!Directory.Exists(options.PluginsDirectory))
        {
            LogNoPluginsDirectory(_logger, options.PluginsDirectory);
            return new PluginRegistry(descriptors, loaders);
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var directory in Directory.EnumerateDirectories(options.PluginsDirectory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptor = await LoadOneAsync(directory, options, services, configuration, seen, loaders, cancellationToken).ConfigureAwait(false);
            descriptors.Add(descriptor);
            if (descriptor.Status == PluginStatus.Loaded)
            {
                LogLoaded(_logger, descriptor.Id, descriptor.Manifest!.Version, descriptor.Manifest.Kinds, directory);
            }
            else
            {
                LogFaulty(_logger, descriptor.Id, directory, descriptor.Error!);
            }
        }

        var faulty = descriptors.Where(d => d.Status == PluginStatus.Failed).ToList();
        if (faulty.Count > 0 && !options.SkipFaultyPlugins)
        {
            throw new PluginLoadException(
                string.Join("; ", faulty.Select(d => $"plugin '{d.Id}' ({d.Directory}): {d.Error}")) +
                " (start with --skip-faulty-plugins to run without it)");
        }

        return new PluginRegistry(descriptors, loaders);
    }

    private static async Task<PluginDescriptor> LoadOneAsync(
        string directory,
        PluginLoadOptions options,
        IServiceCollection services,
        IConfiguration configuration,
        Dictionary<string, string> seen,
        List<PluginLoader> loaders,
        CancellationToken cancellationToken)
    {
        PluginManifest manifest;
        try
        {
            manifest = await PluginManifestReader.ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginLoadException e)
        {
            return Failed(directory, null, e.Message);
        }

        if (seen.TryGetValue(manifest.Id, out var other))
        {
            return Failed(directory, manifest, $"duplicate plugin id '{manifest.Id}': also declared by {other}");
        }

        seen[manifest.Id] = directory;

        if (!VersionRange.TryParse(manifest.SdkVersion, out var range) || !range.Contains(SdkInfo.Version))
        {
            return Failed(directory, manifest, $"incompatible SDK version: the plugin requires SDK {manifest.SdkVersion}, this connector provides {SdkInfo.Version.ToString(3)}");
        }

        var assemblyPath = Path.Combine(directory, manifest.Assembly);
        if (!File.Exists(assemblyPath))
        {
            return Failed(directory, manifest, $"assembly '{manifest.Assembly}' named by {PluginManifestReader.FileName} not found in the plugin folder");
        }

        PluginLoader loader;
        Assembly assembly;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config => config.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException)
        {
            return Failed(directory, manifest, $"assembly '{manifest.Assembly}' could not be loaded: {e.Message}");
        }

        var sdkName = typeof(IConnectorPlugin).Assembly.GetName();
        var referencedSdk = assembly.GetReferencedAssemblies().FirstOrDefault(a => string.Equals(a.Name, sdkName.Name, StringComparison.Ordinal));
        if (referencedSdk?.Version is { } built && sdkName.Version is { } provided && built > provided)
        {
            loader.Dispose();
            return Failed(directory, manifest, $"incompatible SDK version: the plugin was built against SDK {built.ToString(3)}, newer than this connector's SDK {provided.ToString(3)}");
        }

        var error = Register(assembly, manifest, directory, options, services, configuration);
        if (error is not null)
        {
            loader.Dispose();
            return Failed(directory, manifest, error);
        }

        loaders.Add(loader);
        return new PluginDescriptor { Directory = directory, Manifest = manifest, Status = PluginStatus.Loaded };
    }

    private static string? Register(Assembly assembly, PluginManifest manifest, string directory, PluginLoadOptions options, IServiceCollection services, IConfiguration configuration)
    {
        ConnectorPluginAttribute? entry;
        try
        {
            entry = assembly.GetCustomAttribute<ConnectorPluginAttribute>();
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException)
        {
            return $"the entry point of '{manifest.Assembly}' could not be read: {e.Message}";
        }

        if (entry is null)
        {
            return $"no entry point: '{manifest.Assembly}' has no [assembly: ConnectorPlugin(typeof(...))] attribute";
        }

        var type = entry.PluginType;
        if (!typeof(IConnectorPlugin).IsAssignableFrom(type))
        {
            return $"entry type '{type.FullName}' does not implement {typeof(IConnectorPlugin).FullName}";
        }

        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return $"entry type '{type.FullName}' must be a concrete class with a public parameterless constructor";
        }

        // Register into a scratch collection first, so a plugin that throws half-way leaves nothing behind.
        var scratch = new ServiceCollection();
        var pluginData = Path.Combine(options.DataDirectory, "plugins", manifest.Id);
        try
        {
            var plugin = (IConnectorPlugin)Activator.CreateInstance(type)!;
            PrivateFiles.CreateFolder(pluginData);
            plugin.ConfigureServices(new PluginContext(scratch, configuration.GetSection(manifest.ConfigurationSection), manifest, pluginData));
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
            return $"threw during registration: {inner.GetType().Name}: {inner.Message}";
        }

        foreach (var descriptor in scratch)
        {
            services.Add(descriptor);
        }

        return null;
    }

    private static PluginDescriptor Failed(string directory, PluginManifest? manifest, string error) =>
        new() { Directory = directory, Manifest = manifest, Status = PluginStatus.Failed, Error = error };

    [LoggerMessage(Level = LogLevel.Information, Message = "No plugins directory at {Directory}; starting without plugins")]
    private static partial void LogNoPluginsDirectory(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded plugin {PluginId} {Version} ({Kinds}) from {Directory}")]
    private static partial void LogLoaded(ILogger logger, string pluginId, string version, IReadOnlyList<string> kinds, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {PluginId} in {Directory} is faulty: {Reason}")]
    private static partial void LogFaulty(ILogger logger, string pluginId, string directory, string reason);
}
