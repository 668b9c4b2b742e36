using Dataspace.Connector.Tests.Protocol;

namespace Dataspace.Connector.Tests.Management;

/// <summary>Every management change is in the audit log before it is answered: who (the key, by digest), what, and the resource's digest before and after.</summary>
public sealed class ManagementAuditTests
{
    [Fact]
    public async Task AssetCreatedUpdatedDeleted_AreThreeChanges_WithChainedBeforeAndAfterDigests_AndReadsAreNotRecorded()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var asset = new { id = "audited", dataAddress = new { type = "FileSystem", properties = new { path = "a.csv" } } };

        await pair.ProviderPostAsync("/assets", asset);
        await pair.ProviderGetAsync("/assets/audited");
        await pair.Provider.ManagementAsync(HttpMethod.Put, "/assets/audited", new { properties = new { title = "changed" }, asset.dataAddress });
        await ConnectorPair.SendAsync(pair.Provider, pair.ProviderKey, HttpMethod.Delete, "/assets/audited", null);

        var page = await pair.ProviderGetAsync("/audit/entries?type=management.change&limit=1000");
        var changes = page["items"]!.AsArray().Select(e => e!["record"]!).Where(r => r["details"]!["path"]!.GetValue<string>().EndsWith("/assets/audited", StringComparison.Ordinal) || r["details"]!["method"]!.GetValue<string>() == "POST" && r["details"]!["path"]!.GetValue<string>().EndsWith("/assets", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST", "PUT", "DELETE"], changes.Select(c => c["details"]!["method"]!.GetValue<string>()));
        Assert.All(changes, c => Assert.Matches("^management:key-[0-9a-f]{12}$", c["actor"]!.GetValue<string>()));
        Assert.DoesNotContain(pair.ProviderKey, page.ToJsonString(), StringComparison.Ordinal);

        var (created, updated, deleted) = (changes[0]["details"]!, changes[1]["details"]!, changes[2]["details"]!);
        Assert.Equal(201, created["status"]!.GetValue<int>());
        Assert.Null(created["before"]);
        Assert.StartsWith("sha256:", created["after"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("sha256:", changes[0]["digest"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(updated["before"]!.GetValue<string>(), updated["after"]!.GetValue<string>());
        Assert.Equal(updated["after"]!.GetValue<string>(), deleted["before"]!.GetValue<string>());
        Assert.Null(deleted["after"]);
        Assert.Equal(204, deleted["status"]!.GetValue<int>());
    }
}
