using System.Text;
using Dataspace.JsonLd;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Dsp.Tests;

public sealed class DspServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddDspSerializer_ReadsNonCanonicalMessageWithPluginContext()
    {
        var services = new ServiceCollection()
            .AddJsonLdContext(new Uri("https://subspace.example/v1"), """{ "@context": { "sub": "https://subspace.example/ns#" } }""")
            .AddDspSerializer();
        using var provider = services.BuildServiceProvider();
        var serializer = provider.GetRequiredService<DspSerializer>();
        var json = Encoding.UTF8.GetBytes("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld", "https://subspace.example/v1"],
              "@type": "TransferCompletionMessage", "providerPid": "p", "consumerPid": "c", "sub:note": "extra" }
            """);

        var message = await serializer.ReadAsync<TransferCompletionMessage>(json);

        Assert.Equal("p", message.ProviderPid);
        Assert.Same(provider.GetRequiredService<JsonLdProcessor>(), provider.GetRequiredService<JsonLdProcessor>());
    }
}
