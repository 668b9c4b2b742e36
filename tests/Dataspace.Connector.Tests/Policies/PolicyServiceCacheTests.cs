using System.Text.Json.Nodes;
using Dataspace.Connector.Policies;
using Dataspace.Dsp;
using Dataspace.Policies;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Tests.Policies;

public sealed class PolicyServiceCacheTests
{
    [Fact]
    public async Task CompileAsync_ManyMorePolicyTextsThanTheBound_StaysAtTheBound_AndRecentTextsStillHit()
    {
        var service = new PolicyService(new PolicyEngine(), new DspSerializer(), Options.Create(new PolicyEnforcementOptions { PolicyCacheSize = 20 }));

        // Each agreement has its own text (its id), as a peer concluding agreement after agreement would produce.
        var compiled = new List<Dataspace.Policies.Evaluation.CompiledPolicy>();
        for (var i = 0; i < 200; i++)
        {
            compiled.Add(await service.CompileAsync(Agreement(i), CancellationToken.None));
        }

        Assert.Equal(20, service.CachedCompiledCount);
        for (var i = 180; i < 200; i++)
        {
            Assert.Same(compiled[i], await service.CompileAsync(Agreement(i), CancellationToken.None));
        }

        Assert.NotSame(compiled[0], await service.CompileAsync(Agreement(0), CancellationToken.None));
        Assert.Equal(20, service.CachedCompiledCount);
    }

    private static string Agreement(int i) => new JsonObject
    {
        ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
        ["@id"] = $"urn:agreement:{i}",
        ["@type"] = "Agreement",
        ["assigner"] = "did:web:provider.example",
        ["assignee"] = $"did:key:zConsumer{i}",
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
    }.ToJsonString();
}
