using System.Net;
using Dataspace.Connector.Tests.Protocol;

namespace Dataspace.Connector.Tests.Management;

/// <summary>Assets, policies and offers through the management API: validation with reasons, conflicts, paging.</summary>
public sealed class AssetEndpointsTests
{
    [Theory]
    [InlineData("city/air", "without control characters, '/'")]
    [InlineData("", "'id' must be 1 to 256 characters")]
    public async Task CreateAsset_BadId_Is400WithReason(string id, string reason)
    {
        await using var pair = await ConnectorPair.StartAsync();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ProviderPostAsync("/assets", new { id, dataAddress = new { type = "FileSystem", properties = new { path = "a.csv" } } }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsset_AddressTypeNoPluginHandles_Is400NamingTheLoadedTypes()
    {
        await using var pair = await ConnectorPair.StartAsync();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ProviderPostAsync("/assets", new { id = "x", dataAddress = new { type = "AmazonS3", properties = new { bucket = "b" } } }));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("no data source handles address type 'AmazonS3'; loaded types: FileSystem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_DuplicateOfferedAndPaged_AnswerAsAClientExpects()
    {
        await using var pair = await ConnectorPair.StartAsync();
        await pair.PublishAsync("offered", [1], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        for (var i = 0; i < 3; i++)
        {
            await pair.ProviderPostAsync("/assets", new { id = $"plain-{i}", dataAddress = new { type = "FileSystem", properties = new { path = $"{i}.bin" } } });
        }

        var duplicate = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ProviderPostAsync("/assets", new { id = "plain-0", dataAddress = new { type = "FileSystem", properties = new { path = "0.bin" } } }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var stillOffered = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectorPair.SendAsync(pair.Provider, pair.ProviderKey, HttpMethod.Delete, "/assets/offered", null));
        Assert.Equal(HttpStatusCode.Conflict, stillOffered.StatusCode);
        Assert.Contains("is offered; delete its offers first", stillOffered.Message, StringComparison.Ordinal);

        var page = await pair.ProviderGetAsync("/assets?offset=1&limit=2&idPrefix=plain-");
        Assert.Equal(3, page["total"]!.GetValue<long>());
        Assert.Equal(["plain-1", "plain-2"], page["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToArray());

        var badPolicy = await Assert.ThrowsAsync<HttpRequestException>(() => pair.ProviderPostAsync("/policies", new
        {
            id = "broken",
            policy = new System.Text.Json.Nodes.JsonObject
            {
                ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
                ["@type"] = "Set",
                ["permission"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["action"] = "teleport" }),
            },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy.StatusCode);
        Assert.Contains("the policy is invalid", badPolicy.Message, StringComparison.Ordinal);
        Assert.Contains("$.permission[0]", badPolicy.Message, StringComparison.Ordinal);
    }
}
