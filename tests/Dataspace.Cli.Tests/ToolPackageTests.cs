using System.Net;
using Dataspace.Cli.Tests.Run;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests;

/// <summary>
/// The README installs <c>dataspace</c> as a .NET tool: the package must carry the bundled plugins, so the installed
/// command starts a connector that loads them. Packs the build the tests already made, from a local folder only.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-tool-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task PackedAndInstalledAsATool_DataspaceRun_LoadsTheBundledPlugins()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;
        var packages = Path.Combine(_temp.FullName, "packages");
        // Publish and nuspec go to the temporary folder, so packing does not write beside the build other tests use.
        var (packed, packOutput) = await ProcessRunner.RunAsync("dotnet",
            ["pack", Path.Combine(RepositoryPaths.Root, "connector", "Dataspace.Cli"), "-c", configuration, "--no-build", "-o", packages,
             $"-p:PublishDir={Path.Combine(_temp.FullName, "publish")}/", $"-p:NuspecOutputPath={Path.Combine(_temp.FullName, "nuspec")}/"],
            _temp.FullName, Limit);
        Assert.True(packed == 0, packOutput);

        // Only the local folder as package source: nothing is fetched from the network.
        var config = Path.Combine(_temp.FullName, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_temp.FullName, "tools");
        var (installed, installOutput) = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "Dataspace.Cli", "--tool-path", tools, "--configfile", config], _temp.FullName, Limit);
        Assert.True(installed == 0, installOutput);

        await using var connector = await ConnectorProcess.StartAsync(
            Path.Combine(tools, "dataspace"), ["run", "--port", "0", "--data-dir", Path.Combine(_temp.FullName, "data")], _temp.FullName, Limit);
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("dataspace.storage.filesystem 1.0.0", connector.Output, StringComparison.Ordinal);
        Assert.Contains("dataspace.transport.http 1.0.0", connector.Output, StringComparison.Ordinal);
        Assert.Contains($"(from {Path.Combine(tools, ".store")}", connector.Output, StringComparison.Ordinal);
        Assert.Equal(0, await connector.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
