using System.Text.Json.Nodes;
using Dataspace.Connector.Tests.Protocol;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Registry;

namespace Dataspace.Connector.Tests.FederatedCatalog;

/// <summary>The crawler taking its members from an authority's signed participant registry, with DCP identities on loopback.</summary>
public sealed class RegistryCrawlTests
{
    [Fact]
    public async Task Crawl_FromTheRegistry_IndexesActiveMembers_SkipsAWrongEndpoint_AndDropsARevokedMember()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        await space.PublishAsync("harbour-tides", ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        space.Registry.Add(new RegistryListing(space.ProviderDid, "Harbour Ltd", space.ProviderDsp, ["marine"], ParticipantStatuses.Active));
        // An endpoint that is not the one the member's DID document names: skipped with its reason, never crawled.
        space.Registry.Add(new RegistryListing(space.ConsumerDid, "Consumer", "http://127.0.0.1:9/api/dsp", ["marine"], ParticipantStatuses.Active));

        var report = await space.ConsumerPostAsync("/federated-catalog/crawl", new { });

        Assert.True(report["directoryError"] is null, report.ToJsonString());
        Assert.Equal(1, report["members"]!.GetValue<int>());
        Assert.Equal(1, report["changed"]!.GetValue<int>());
        var skipped = Assert.Single(report["skipped"]!.AsArray())!;
        Assert.Equal(space.ConsumerDid, skipped["did"]!.GetValue<string>());
        var hit = Assert.Single((await space.ConsumerGetAsync("/federated-catalog/search?subspace=marine"))["items"]!.AsArray())!;
        Assert.Equal("harbour-tides", hit["datasetId"]!.GetValue<string>());
        Assert.Equal(space.ProviderDid, hit["provider"]!.GetValue<string>());
        Assert.Equal("Harbour Ltd", hit["providerName"]!.GetValue<string>());

        // Revoked at the authority: the next crawl drops the member from search.
        space.Registry[0] = space.Registry[0] with { Status = ParticipantStatuses.Revoked };
        report = await space.ConsumerPostAsync("/federated-catalog/crawl", new { });
        Assert.Equal(1, report["removed"]!.GetValue<int>());
        Assert.Contains(report["skipped"]!.AsArray(), s => s!["did"]!.GetValue<string>() == space.ProviderDid);
        Assert.Empty((await space.ConsumerGetAsync("/federated-catalog/search?subspace=marine"))["items"]!.AsArray());
    }
}
