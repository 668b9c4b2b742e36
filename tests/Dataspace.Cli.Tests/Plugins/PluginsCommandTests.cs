using System.Text.Json;

namespace Dataspace.Cli.Tests.Plugins;

public sealed class PluginsCommandTests
{
    [Fact]
    public async Task List_DefaultFolder_ShowsTheBundledFilesystemPlugin()
    {
        var (exit, output, error) = await Cli.RunAsync("plugins", "list");

        Assert.True(exit == 0, error);
        Assert.Matches(@"dataspace\.storage\.filesystem\s+1\.0\.0\s+storage,transport\s+loaded", output);
    }

    [Fact]
    public async Task List_Json_GivesVersionKindsAndStatus()
    {
        var (exit, output, _) = await Cli.RunAsync("plugins", "list", "--json");

        Assert.Equal(0, exit);
        var fs = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "dataspace.storage.filesystem");
        Assert.Equal("1.0.0", fs.GetProperty("version").GetString());
        Assert.Equal("[1.0,2.0)", fs.GetProperty("sdkVersion").GetString());
        Assert.Equal("loaded", fs.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_FaultyPlugin_ShowsItsErrorAndExitsOne()
    {
        var temp = Directory.CreateTempSubdirectory("cli-plugins-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(temp.FullName, "Future"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "plugin.json"), """{"id":"future","version":"2.0.0","kinds":["privacy"],"sdkVersion":"[3.0,4.0)"}""");

            var (exit, output, error) = await Cli.RunAsync("plugins", "list", "--plugins-dir", temp.FullName);

            Assert.Equal(1, exit);
            Assert.Contains("future", output, StringComparison.Ordinal);
            Assert.Contains("FAILED: incompatible SDK version: the plugin requires SDK [3.0,4.0), this connector provides 1.0.0", output, StringComparison.Ordinal);
            Assert.Equal("error: 1 faulty plugin(s)", error.Trim());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
