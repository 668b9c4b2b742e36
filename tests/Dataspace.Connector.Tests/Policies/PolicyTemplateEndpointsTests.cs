using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Policies;

public sealed class PolicyTemplateEndpointsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Templates_ListGetInstantiateAndEvaluate()
    {
        var data = _temp.Sub("data");
        await using var connector = await TestConnector.StartAsync(data);
        var key = connector.ApiKey;

        using var list = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/policy-templates", key));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(10, JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray().Count);

        using var missing = await connector.Http.SendAsync(connector.Management(HttpMethod.Get, "/policy-templates/nope", key));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var instantiate = connector.Management(HttpMethod.Post, "/policy-templates/max-uses/instantiate", key);
        instantiate.Content = JsonContent.Create(new JsonObject { ["parameters"] = new JsonObject { ["maxUses"] = 2, ["target"] = "urn:asset:1" } });
        using var created = await connector.Http.SendAsync(instantiate);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var policy = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;

        using var bad = connector.Management(HttpMethod.Post, "/policy-templates/max-uses/instantiate", key);
        bad.Content = JsonContent.Create(new JsonObject { ["parameters"] = new JsonObject { ["maxUses"] = 0 } });
        using var rejected = await connector.Http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("$.maxUses: must be at least 1", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var evaluate = connector.Management(HttpMethod.Post, "/policy-evaluations", key);
        evaluate.Content = JsonContent.Create(new JsonObject
        {
            ["policy"] = policy,
            ["request"] = JsonNode.Parse("""{ "party": { "id": "did:web:c" }, "action": "use", "target": "urn:asset:1", "time": "2026-01-01T00:00:00Z" }"""),
            ["state"] = JsonNode.Parse("""{ "usageCount": 2 }"""),
        });
        using var evaluated = await connector.Http.SendAsync(evaluate);
        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        var result = JsonNode.Parse(await evaluated.Content.ReadAsStringAsync())!;
        Assert.Equal("deny", result["decision"]!.GetValue<string>());
        Assert.Equal("3", result["report"]!["rules"]![0]!["constraints"]![0]!["observed"]!.GetValue<string>());
    }
}
