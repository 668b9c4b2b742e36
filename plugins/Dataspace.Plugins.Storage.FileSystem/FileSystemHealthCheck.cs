using Dataspace.Sdk.Plugins;

namespace Dataspace.Plugins.Storage.FileSystem;

/// <summary>Healthy while the root folder exists and is writable.</summary>
internal sealed class FileSystemHealthCheck : IPluginHealthCheck
{
    private readonly FileSystemRoot _root;

    public FileSystemHealthCheck(FileSystemRoot root) => _root = root;

    public async Task<PluginHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root.FullPath))
        {
            return PluginHealth.Unhealthy($"root folder {_root.FullPath} does not exist");
        }

        var probe = Path.Combine(_root.FullPath, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [], cancellationToken).ConfigureAwait(false);
            File.Delete(probe);
            return PluginHealth.Healthy($"root folder {_root.FullPath} is writable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PluginHealth.Unhealthy($"root folder {_root.FullPath} is not writable: {e.Message}");
        }
    }
}
