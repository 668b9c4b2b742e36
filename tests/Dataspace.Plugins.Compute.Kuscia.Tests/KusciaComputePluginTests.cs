using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Compute.Kuscia.Tests;

public sealed class KusciaComputePluginTests
{
    private static readonly PluginManifest Manifest = new()
    {
        Id = "dataspace.compute.kuscia",
        Version = "1.0.0",
        Kinds = [PluginKinds.Privacy],
        SdkVersion = "[1.0,2.0)",
        Assembly = "Dataspace.Plugins.Compute.Kuscia.dll",
        ConfigurationSection = "Plugins:ComputeKuscia",
    };

    [Fact]
    public void ConfigureServices_WithoutAnEndpoint_AddsNothing()
    {
        var services = new ServiceCollection();
        new KusciaComputePlugin().ConfigureServices(Context(services, []));
        Assert.Empty(services);
    }

    [Fact]
    public void ConfigureServices_Configured_MakesKusciaTheComputeEngine()
    {
        var services = new ServiceCollection();
        new KusciaComputePlugin().ConfigureServices(Context(services, new()
        {
            ["Plugins:ComputeKuscia:Endpoint"] = "https://kuscia:8082",
            ["Plugins:ComputeKuscia:Token"] = "t",
            ["Plugins:ComputeKuscia:DomainId"] = "alice",
            ["Plugins:ComputeKuscia:Domains:did:web:bank.example"] = "alice",
        }));

        var engine = Assert.Single(services, d => d.ServiceType == typeof(IComputeEngine));
        Assert.Equal(ServiceLifetime.Singleton, engine.Lifetime);
        Assert.Contains(services, d => d.ServiceType == typeof(KusciaComputeEngine));
    }

    [Fact]
    public void ConfigureServices_BadSetting_FailsTheStartWithTheKeysName()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new KusciaComputePlugin().ConfigureServices(Context(new ServiceCollection(), new()
        {
            ["Plugins:ComputeKuscia:Endpoint"] = "https://kuscia:8082",
            ["Plugins:ComputeKuscia:DomainId"] = "alice",
        })));
        Assert.Contains("Plugins:ComputeKuscia:Token", e.Message, StringComparison.Ordinal);
    }

    private static PluginContext Context(IServiceCollection services, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new PluginContext(services, configuration.GetSection(Manifest.ConfigurationSection), Manifest, Path.GetTempPath());
    }
}
