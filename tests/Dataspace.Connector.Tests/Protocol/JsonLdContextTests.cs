using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Host;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>The contexts a connector understands in DSP messages: shipped ones (EDC, Tractus-X), plus those added by configuration or by plugins.</summary>
public sealed class JsonLdContextTests : IDisposable
{
    private const string CustomUrl = "https://contexts.example/custom/v1";
    private const string CustomContext = """{ "@context": { "custom": "https://contexts.example/custom#", "note": "custom:note" } }""";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("https://w3id.org/edc/dspace/v0.0.1")]
    [InlineData("https://w3id.org/tractusx/auth/v1.0.0")]
    [InlineData("https://w3id.org/catenax/2025/9/policy/context.jsonld")]
    public async Task CatalogRequest_NamingAShippedPeerContext_IsUnderstood(string context)
    {
        await using var connector = await StartAsync();

        var (status, body) = await RequestCatalogAsync(connector, context);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
    }

    [Fact]
    public async Task CatalogRequest_NamingAConfiguredContext_IsUnderstood_AndRefusedWithout()
    {
        var file = _temp.Sub("custom.jsonld");
        await File.WriteAllTextAsync(file, CustomContext);
        await using (var without = await StartAsync())
        {
            var (refused, reason) = await RequestCatalogAsync(without, CustomUrl);
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Contains("not a known context", reason, StringComparison.Ordinal);
        }

        await using var with = await StartAsync(new Dictionary<string, string?>
        {
            ["Connector:JsonLd:Contexts:0:Url"] = CustomUrl,
            ["Connector:JsonLd:Contexts:0:File"] = file,
        });
        var (status, body) = await RequestCatalogAsync(with, CustomUrl);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
    }

    [Theory]
    [InlineData("relative/v1", "custom.jsonld", "Connector:JsonLd:Contexts:0:Url")]
    [InlineData(CustomUrl, "missing.jsonld", "does not exist")]
    [InlineData(CustomUrl, "not-a-context.json", "must be a JSON object with an @context entry")]
    public async Task Start_BadConfiguredContext_FailsNamingTheKey(string url, string fileName, string expected)
    {
        await File.WriteAllTextAsync(_temp.Sub("custom.jsonld"), CustomContext);
        await File.WriteAllTextAsync(_temp.Sub("not-a-context.json"), """{ "note": "no context here" }""");

        var e = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(new Dictionary<string, string?>
        {
            ["Connector:JsonLd:Contexts:0:Url"] = url,
            ["Connector:JsonLd:Contexts:0:File"] = _temp.Sub(fileName),
        }));

        var description = ConnectorHost.DescribeStartupError(e) ?? e.ToString();
        Assert.Contains(expected, description, StringComparison.Ordinal);
        Assert.Contains("Connector:JsonLd:Contexts:0", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogRequest_NamingAPluginsContext_IsUnderstood()
    {
        var plugins = new TestPluginBuilder(_temp.Sub("plugins"));
        plugins.Add("ContextPlugin", $$""""
            using Dataspace.Sdk.Plugins;
            [assembly: ConnectorPlugin(typeof(Crafted.Entry))]
            namespace Crafted;
            public sealed class Entry : IConnectorPlugin
            {
                public void ConfigureServices(PluginContext context) =>
                    context.AddJsonLdContext(new Uri("{{CustomUrl}}"), """{{CustomContext}}""");
            }
            """", TestPluginBuilder.Manifest("context.plugin"));

        await using var connector = await StartAsync(pluginsDirectory: plugins.PluginsDirectory);
        var (status, body) = await RequestCatalogAsync(connector, CustomUrl);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
    }

    private Task<TestConnector> StartAsync(Dictionary<string, string?>? settings = null, string? pluginsDirectory = null)
    {
        settings ??= [];
        settings["Connector:ParticipantId"] = "did:web:provider.example";
        settings["Connector:Dsp:StaticTokens:consumer-secret-token"] = "did:web:consumer.example";
        return TestConnector.StartAsync(_temp.Sub("data-" + Guid.NewGuid().ToString("N")), pluginsDirectory, settings);
    }

    private static async Task<(HttpStatusCode Status, string Body)> RequestCatalogAsync(TestConnector connector, string context)
    {
        var message = new JsonObject
        {
            ["@type"] = "CatalogRequestMessage",
            ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld", context),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, connector.BaseAddress + "/api/dsp/catalog/request")
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        using var response = await connector.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
