using System.Net;
using System.Text.Json;
using Dataspace.Connector.Plugins;

namespace Dataspace.Connector.Tests.Plugins;

/// <summary>Each faulty plugin folder stops a real host from starting, with a message naming the problem.</summary>
public sealed class PluginLoadingTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestPluginBuilder _plugins;

    public PluginLoadingTests() => _plugins = new TestPluginBuilder(_temp.Sub("plugins"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_MissingManifest_RefusesWithReason()
    {
        _plugins.Add("NoManifest", TestPluginBuilder.WorkingPluginSource("A"));
        await AssertRefusedAsync("NoManifest", "no plugin.json manifest");
    }

    [Fact]
    public async Task Start_MalformedManifest_RefusesWithReason()
    {
        _plugins.Add("Malformed", TestPluginBuilder.WorkingPluginSource("A"), rawManifest: """{"id": "malformed", "version": """);
        await AssertRefusedAsync("Malformed", "plugin.json is not valid JSON");
    }

    [Fact]
    public async Task Start_MissingAssembly_RefusesWithReason()
    {
        _plugins.Add("NoAssembly", source: null, TestPluginBuilder.Manifest("no.assembly"));
        await AssertRefusedAsync("no.assembly", "assembly 'NoAssembly.dll' named by plugin.json not found in the plugin folder");
    }

    [Fact]
    public async Task Start_AssemblyIsNotDotNet_RefusesWithReason()
    {
        var folder = _plugins.Add("Garbage", source: null, TestPluginBuilder.Manifest("garbage"));
        await File.WriteAllTextAsync(Path.Combine(folder, "Garbage.dll"), "not an assembly");
        await AssertRefusedAsync("garbage", "assembly 'Garbage.dll' could not be loaded");
    }

    [Fact]
    public async Task Start_NoEntryPoint_RefusesWithReason()
    {
        _plugins.Add("NoEntry", "namespace NoEntry; public sealed class Nothing { }", TestPluginBuilder.Manifest("no.entry"));
        await AssertRefusedAsync("no.entry", "no entry point: 'NoEntry.dll' has no [assembly: ConnectorPlugin(typeof(...))] attribute");
    }

    [Fact]
    public async Task Start_EntryTypeNotImplementingContract_RefusesWithReason()
    {
        _plugins.Add("WrongType", """
            [assembly: Dataspace.Sdk.Plugins.ConnectorPlugin(typeof(WrongType.NotAPlugin))]
            namespace WrongType;
            public sealed class NotAPlugin { }
            """, TestPluginBuilder.Manifest("wrong.type"));
        await AssertRefusedAsync("wrong.type", "entry type 'WrongType.NotAPlugin' does not implement Dataspace.Sdk.Plugins.IConnectorPlugin");
    }

    [Fact]
    public async Task Start_ManifestRequiresOtherSdk_RefusesWithReason()
    {
        _plugins.Add("Future", TestPluginBuilder.WorkingPluginSource("A"), TestPluginBuilder.Manifest("future", sdkVersion: "[2.0,3.0)"));
        await AssertRefusedAsync("future", "incompatible SDK version: the plugin requires SDK [2.0,3.0), this connector provides 1.0.0");
    }

    [Fact]
    public async Task Start_AssemblyBuiltAgainstNewerSdk_RefusesWithReason()
    {
        var newer = TestPluginBuilder.NewerSdk(Directory.CreateDirectory(_temp.Sub("sdk2")).FullName, "2.0.0.0");
        _plugins.Add("Newer", TestPluginBuilder.NewerSdkPluginSource, TestPluginBuilder.Manifest("newer", sdkVersion: "1.0"), sdkReference: newer);
        await AssertRefusedAsync("newer", "the plugin was built against SDK 2.0.0, newer than this connector's SDK 1.0.0");
    }

    [Fact]
    public async Task Start_DuplicatePluginId_RefusesWithReason()
    {
        _plugins.Add("First", TestPluginBuilder.WorkingPluginSource("A"), TestPluginBuilder.Manifest("same.id"));
        _plugins.Add("Second", TestPluginBuilder.WorkingPluginSource("B"), TestPluginBuilder.Manifest("same.id"));
        await AssertRefusedAsync("same.id", "duplicate plugin id 'same.id': also declared by");
    }

    [Fact]
    public async Task Start_PluginThrowsDuringRegistration_RefusesWithReason()
    {
        _plugins.Add("Thrower", """
            using Dataspace.Sdk.Plugins;
            [assembly: ConnectorPlugin(typeof(Thrower.Entry))]
            namespace Thrower;
            public sealed class Entry : IConnectorPlugin
            {
                public void ConfigureServices(PluginContext context) => throw new System.InvalidOperationException("missing setting Plugins:thrower:Endpoint");
            }
            """, TestPluginBuilder.Manifest("thrower"));
        await AssertRefusedAsync("thrower", "threw during registration: InvalidOperationException: missing setting Plugins:thrower:Endpoint");
    }

    [Fact]
    public async Task Start_SkipFaultyPlugins_StartsWithTheGoodOnesAndReportsTheFaulty()
    {
        _plugins.Add("Good", TestPluginBuilder.WorkingPluginSource("Crafted"), TestPluginBuilder.Manifest("good"));
        _plugins.Add("Thrower", """
            using Dataspace.Sdk.Plugins;
            [assembly: ConnectorPlugin(typeof(Thrower.Entry))]
            namespace Thrower;
            public sealed class Entry : IConnectorPlugin
            {
                public void ConfigureServices(PluginContext context)
                {
                    context.Services.Add(new Microsoft.Extensions.DependencyInjection.ServiceDescriptor(typeof(string), "leaked"));
                    throw new System.InvalidOperationException("half-way");
                }
            }
            """, TestPluginBuilder.Manifest("thrower"));

        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data, _plugins.PluginsDirectory, new Dictionary<string, string?> { ["Connector:SkipFaultyPlugins"] = "true" });

        using var response = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/plugins", connector.ApiKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plugins = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var good = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "good");
        var bad = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "thrower");
        Assert.Equal("loaded", good.GetProperty("status").GetString());
        Assert.Equal("healthy", good.GetProperty("health").GetProperty("status").GetString());
        Assert.Equal("failed", bad.GetProperty("status").GetString());
        Assert.Contains("half-way", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Skipped faulty plugin thrower", connector.Output.ToString(), StringComparison.Ordinal);
        // The faulty plugin's partial registration was discarded.
        Assert.Null(connector.App.Services.GetService(typeof(string)));
    }

    [Fact]
    public async Task Start_WorkingPlugin_RegistersItsServicesWithItsOwnConfiguration()
    {
        _plugins.Add("Good", TestPluginBuilder.WorkingPluginSource("Crafted"), TestPluginBuilder.Manifest("good", section: "Plugins:Good"));
        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data, _plugins.PluginsDirectory, new Dictionary<string, string?> { ["Plugins:Good:Label"] = "from-config" });

        var registry = (Dataspace.Connector.Transfer.DataAddressRegistry)connector.App.Services.GetService(typeof(Dataspace.Connector.Transfer.DataAddressRegistry))!;
        var source = registry.Sources["Crafted"];
        Assert.Equal("from-config", source.GetType().GetProperty("Label")!.GetValue(source));
        Assert.True(Directory.Exists(Path.Combine(data, "plugins", "good")));
    }

    [Fact]
    public async Task Start_UnhealthyPlugin_MakesReadinessFailWithItsReason()
    {
        _plugins.Add("Sick", TestPluginBuilder.WorkingPluginSource("Sick", healthy: false), TestPluginBuilder.Manifest("sick"));
        await using var connector = await TestConnector.StartAsync(_temp.Sub("data"), _plugins.PluginsDirectory);

        using var response = await connector.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("sick: crafted health", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(string pluginId, string expected)
    {
        var e = await Assert.ThrowsAsync<PluginLoadException>(() => TestConnector.StartAsync(_temp.Sub("data"), _plugins.PluginsDirectory));
        Assert.Contains($"plugin '{pluginId}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("--skip-faulty-plugins", e.Message, StringComparison.Ordinal);
    }
}
