using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Transport.Http.Tests;

public sealed class HttpTransportPluginTests
{
    [Theory]
    [InlineData("TokenLifetime", "0:00:00", "Plugins:Http:TokenLifetime '0:00:00' must be a time span")]
    [InlineData("TokenLifetime", "ten minutes", "Plugins:Http:TokenLifetime 'ten minutes' must be a time span")]
    [InlineData("ConnectTimeout", "-0:00:01", "Plugins:Http:ConnectTimeout '-0:00:01' must be a time span")]
    [InlineData("PublicPath", "api/public", "Plugins:Http:PublicPath 'api/public' must be an absolute path")]
    [InlineData("PublicPath", "/api/public/", "Plugins:Http:PublicPath '/api/public/' must be an absolute path")]
    public void ConfigureServices_BadSetting_ThrowsNamingTheKey(string key, string value, string expected)
    {
        using var folder = new TempDirectory("http-plugin-");

        var e = Assert.Throws<InvalidOperationException>(() => Configure(new ServiceCollection(), folder.Path, new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureServices_RegistersBothChannelsSourceSinkAndTheEndpoint()
    {
        using var folder = new TempDirectory("http-plugin-");
        var services = new ServiceCollection();

        Configure(services, folder.Path, new Dictionary<string, string?>());

        Assert.Contains(services, d => d.ServiceType == typeof(IStartupFilter));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(ITransferChannel)));
        Assert.Single(services, d => d.ServiceType == typeof(IDataSource));
        Assert.Single(services, d => d.ServiceType == typeof(IDataSink));
        Assert.True(File.Exists(Path.Combine(folder.Path, "access-token-key")));
    }

    private static void Configure(IServiceCollection services, string dataDirectory, IDictionary<string, string?> settings) =>
        new HttpTransportPlugin().ConfigureServices(new PluginContext(
            services,
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new PluginManifest { Id = "dataspace.transport.http", Version = "1.0.0", Kinds = [PluginKinds.Transport], SdkVersion = "[1.0,2.0)", Assembly = "Dataspace.Plugins.Transport.Http.dll", ConfigurationSection = "Plugins:Http" },
            dataDirectory));
}
