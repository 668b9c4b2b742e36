using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Dataspace.Connector.Host;
using Dataspace.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Sdk.Templates.Tests;

/// <summary>What a vendor does: pack the SDK, create a plugin from the template, build it, drop it into a running connector.</summary>
public sealed class PluginTemplateTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("plugin-template-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Template_CreatesAPluginThatBuildsAndIsLoadedByARunningConnector()
    {
        var root = _temp.FullName;
        // A version of its own, so NuGet's cache never serves an older build of the SDK.
        var sdkVersion = $"1.0.0-templatetest.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

        await Dotnet(root, "pack", Path.Combine(RepositoryPaths.Root, "sdk", "Dataspace.Sdk", "Dataspace.Sdk.csproj"), "--no-build", "-c", Configuration, "-o", "feed", $"-p:PackageVersion={sdkVersion}");
        var package = Directory.GetFiles(Path.Combine(root, "feed"), "Dataspace.Sdk.*.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Dataspace.Sdk.dll");
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Dataspace.Sdk.xml");
        }

        await Dotnet(root, "new", "install", Path.Combine(RepositoryPaths.Root, "sdk", "templates", "plugin"), "--debug:custom-hive", "hive");
        await Dotnet(root, "new", "dataspace-plugin", "-n", "Acme.Weather", "-o", "src", "--sdkVersion", sdkVersion, "--debug:custom-hive", "hive");
        await File.WriteAllTextAsync(Path.Combine(root, "src", "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="dataspace-local" value="../feed" />
              </packageSources>
            </configuration>
            """);
        await Dotnet(root, "build", "src", "-c", "Release", "-o", Path.Combine("plugins", "Acme.Weather"));

        var data = Path.Combine(root, "data");
        var app = await ConnectorHost.BuildAsync(
            new ConnectorHostSettings
            {
                Output = TextWriter.Null,
                Overrides = new Dictionary<string, string?>
                {
                    ["Connector:DataDirectory"] = data,
                    ["Connector:PluginsDirectory"] = Path.Combine(root, "plugins"),
                    ["Connector:Port"] = "0",
                    ["Plugins:acme.weather:Text"] = "sunny",
                },
            },
            CancellationToken.None);
        await using (app)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            http.DefaultRequestHeaders.Add("X-Api-Key", await File.ReadAllTextAsync(Path.Combine(data, "management-api-key")));

            var plugins = JsonDocument.Parse(await http.GetStringAsync("/api/management/v1/plugins")).RootElement;
            var weather = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "acme.weather");
            Assert.Equal("loaded", weather.GetProperty("status").GetString());
            Assert.Equal("healthy", weather.GetProperty("health").GetProperty("status").GetString());

            var info = JsonDocument.Parse(await http.GetStringAsync("/api/management/v1/info")).RootElement;
            Assert.Contains("Acme.Weather.Text", info.GetProperty("dataSourceTypes").EnumerateArray().Select(t => t.GetString()));
            using var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            await app.StopAsync();
        }
    }

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static async Task Dotnet(string workingDirectory, params string[] arguments)
    {
        var (exit, output) = await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, Step);
        Assert.True(exit == 0, $"dotnet {string.Join(' ', arguments)} exited {exit}:\n{output}");
    }
}
