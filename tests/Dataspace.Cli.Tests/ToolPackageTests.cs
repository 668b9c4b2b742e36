using System.Net;
using System.Text.RegularExpressions;
using Dataspace.Cli.Tests.Run;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests;

/// <summary>
/// The README installs <c>dataspace</c> as a .NET tool: the package must carry the bundled plugins, so the installed
/// command starts a connector that loads them. Packs the build the tests already made, from a local folder only.
/// </summary>
public sealed partial class ToolPackageTests : IDisposable
{
    private const string PackCommand = "dotnet pack connector/Dataspace.Cli -o ./artifacts";
    private const string InstallCommand = "dotnet tool install --global --add-source ./artifacts Dataspace.Cli";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-tool-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Readme_SaysHowToInstallTheCommandAsATool()
    {
        var section = ToolSection().Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));
        Assert.True(section.Success, "README.md has no '## The `dataspace` command' section");

        Assert.Equal($"{PackCommand}\n{InstallCommand}", CodeBlock().Match(section.Value).Groups[1].Value.Trim());
    }

    /// <summary>The README's two commands, with the tests' build, a temporary output and tool folder, and no network.</summary>
    [Fact]
    public async Task PackedAndInstalledAsATool_DataspaceRun_LoadsTheBundledPlugins()
    {
        // The test runs from bin/<Configuration>/<TargetFramework>/: pack the CLI build of the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var packages = Path.Combine(_temp.FullName, "packages");
        // Publish and nuspec go to the temporary folder, so packing does not write beside the build other tests use.
        var pack = PackCommand.Split(' ').Skip(1).Select(a => a == "./artifacts" ? packages : a).ToList();
        var (packed, packOutput) = await ProcessRunner.RunAsync("dotnet",
            [.. pack, "-c", configuration, "--no-build", $"-p:PublishDir={Path.Combine(_temp.FullName, "publish")}/", $"-p:NuspecOutputPath={Path.Combine(_temp.FullName, "nuspec")}/"],
            RepositoryPaths.Root, Limit);
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
        // --global becomes a temporary tool path; --add-source becomes the configuration above, which names the same folder.
        var install = InstallCommand.Replace("--global", "--tool-path " + tools, StringComparison.Ordinal)
            .Replace("--add-source ./artifacts", "--configfile " + config, StringComparison.Ordinal).Split(' ').Skip(1);
        var (installed, installOutput) = await ProcessRunner.RunAsync("dotnet", install, _temp.FullName, Limit);
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

    [GeneratedRegex(@"## The `dataspace` command.*?(?=\n## )", RegexOptions.Singleline)]
    private static partial Regex ToolSection();

    [GeneratedRegex(@"```bash\n([^`]+?)\n```")]
    private static partial Regex CodeBlock();
}
