namespace Dataspace.Plugins.Storage.FileSystem.Tests;

public sealed class FileSystemHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_WritableRoot_IsHealthy()
    {
        using var folder = new TempFolder();

        var health = await new FileSystemHealthCheck(new FileSystemRoot(folder.Path)).CheckHealthAsync(CancellationToken.None);

        Assert.True(health.IsHealthy, health.Description);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task CheckHealthAsync_RootRemoved_IsUnhealthyAndSaysWhy()
    {
        using var folder = new TempFolder();
        var root = new FileSystemRoot(Path.Combine(folder.Path, "root"));
        Directory.Delete(root.FullPath);

        var health = await new FileSystemHealthCheck(root).CheckHealthAsync(CancellationToken.None);

        Assert.False(health.IsHealthy);
        Assert.Contains("does not exist", health.Description, StringComparison.Ordinal);
    }
}
