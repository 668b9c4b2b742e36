using Dataspace.Connector.Catalog;
using Dataspace.Dsp;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Dataspace.Connector.Tests.Catalog.CatalogHarness;

namespace Dataspace.Connector.Tests.Catalog;

/// <summary>The provider's dataset digest manifest: each requester's own view, with digests of exactly what it would fetch.</summary>
public sealed class DatasetManifestTests
{
    [Fact]
    public async Task Manifest_ListsWhatTheRequesterMaySee_WithTheDigestOfItsDatasetBody_ChangingWithAnOffersPolicy()
    {
        await using var harness = await CatalogHarness.StartAsync();
        var gold = Caller("did:web:gold.example", """{"MembershipCredential":{"level":"gold"}}""");
        var silver = Caller("did:web:silver.example", """{"MembershipCredential":{"level":"silver"}}""");
        await harness.AddPolicyAsync("open", OpenPolicy());
        await harness.AddPolicyAsync("gold", PolicyWith(Claim("MembershipCredential.level", "eq", "gold")));
        await harness.AddPolicyAsync("purpose", PolicyWith(Claim("MembershipCredential.level", "neq", "bronze")));
        await harness.AddAssetAsync("a1");
        await harness.AddAssetAsync("a2");
        await harness.AddOfferAsync("o1", "a1", "open");
        await harness.AddOfferAsync("o2", "a2", "gold");
        await harness.AddOfferAsync("o3", "a1", "gold");

        // Hidden by its access policy from silver: absent from silver's manifest, present in gold's.
        var forGold = await ManifestAsync(harness, gold);
        var forSilver = await ManifestAsync(harness, silver);
        Assert.Equal(["a1", "a2"], forGold.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a1"], forSilver.Keys);

        // Each digest is that of the body GET catalog/datasets/{id} sends the same requester; a1 shows gold one more offer.
        foreach (var (caller, manifest) in new[] { (gold, forGold), (silver, forSilver) })
        {
            foreach (var (id, digest) in manifest)
            {
                Assert.Equal(await BodyDigestAsync(harness, caller, id), digest);
            }
        }

        Assert.NotEqual(forGold["a1"], forSilver["a1"]);

        // The offer's contract policy changes (offers are replaced, not edited): the digests change; a2's does not.
        Assert.True(await harness.Offers.DeleteAsync("o1", CancellationToken.None));
        await harness.AddOfferAsync("o1", "a1", "open", contractPolicyId: "purpose");
        var changedGold = await ManifestAsync(harness, gold);
        var changedSilver = await ManifestAsync(harness, silver);
        Assert.NotEqual(forGold["a1"], changedGold["a1"]);
        Assert.NotEqual(forSilver["a1"], changedSilver["a1"]);
        Assert.Equal(forGold["a2"], changedGold["a2"]);
        Assert.Equal(await BodyDigestAsync(harness, silver, "a1"), changedSilver["a1"]);

        // Gone when its last visible offer is.
        Assert.True(await harness.Offers.DeleteAsync("o1", CancellationToken.None));
        Assert.Empty(await ManifestAsync(harness, silver));
        Assert.Equal(["a1", "a2"], (await ManifestAsync(harness, gold)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Manifest_ContinuationTokenNotIssuedForward_IsRefused()
    {
        await using var harness = await CatalogHarness.StartAsync();
        var caller = Caller("did:web:gold.example", "{}");
        Assert.Null(await harness.Catalog.BuildManifestPageAsync(caller, "not-a-token", CancellationToken.None));
        Assert.Null(await harness.Catalog.BuildManifestPageAsync(caller, CatalogContinuation.Before("a1"), CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"participantId":"p","https://w3id.org/dataspace-connector/v1/datasetDigests":[{"@id":"a"}]}""")]
    [InlineData("""{"participantId":"p","https://w3id.org/dataspace-connector/v1/datasetDigests":[{"@id":"a","https://w3id.org/dataspace-connector/v1/sha256":"ABC"}]}""")]
    [InlineData("""{"participantId":"p","https://w3id.org/dataspace-connector/v1/datasetDigests":[{"@id":"","https://w3id.org/dataspace-connector/v1/sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]}""")]
    [InlineData("""{"participantId":"p","https://w3id.org/dataspace-connector/v1/datasetDigests":{}}""")]
    public void Read_MalformedManifest_SaysWhatIsWrong(string body)
    {
        var (entries, _, error) = DatasetManifest.Read(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Null(entries);
        Assert.NotNull(error);
    }

    [Fact]
    public void Read_CatalogWithoutManifest_IsNotAManifest()
    {
        var (entries, _, error) = DatasetManifest.Read("""{"@type":"Catalog","participantId":"p","dataset":[]}"""u8.ToArray());
        Assert.Null(entries);
        Assert.Null(error);
    }

    private static async Task<Dictionary<string, string>> ManifestAsync(CatalogHarness harness, VerifiedCaller caller)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var (body, next) = await harness.Catalog.BuildManifestPageAsync(caller, token, CancellationToken.None) ?? throw new InvalidOperationException($"token {token} refused");
            var (entries, participant, error) = DatasetManifest.Read(body);
            Assert.Null(error);
            Assert.Equal("did:web:provider.example", participant);
            foreach (var entry in entries!)
            {
                result.Add(entry.Id, entry.Digest);
            }

            token = next;
        }
        while (token is not null);
        return result;
    }

    private static async Task<string> BodyDigestAsync(CatalogHarness harness, VerifiedCaller caller, string id)
    {
        var dataset = await harness.Catalog.GetDatasetAsync(caller, id, CancellationToken.None);
        Assert.NotNull(dataset);
        return DatasetManifest.Digest(harness.Connector.App.Services.GetRequiredService<DspSerializer>().Write(dataset));
    }
}
