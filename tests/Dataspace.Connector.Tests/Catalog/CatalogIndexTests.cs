using System.Text.Json.Nodes;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Sdk.Identity;
using static Dataspace.Connector.Tests.Catalog.CatalogHarness;

namespace Dataspace.Connector.Tests.Catalog;

/// <summary>The catalog narrowed by the offer index equals the catalog evaluating every access policy, however offers change.</summary>
public sealed class CatalogIndexTests
{
    private static readonly string[] Types = ["MembershipCredential", "IndustryCredential"];
    private static readonly string[] Values = ["gold", "silver", "EU", "US", "admin"];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Catalog_GeneratedPoliciesAndRequesters_EqualsEvaluatingEveryPolicy(int seed)
    {
        var random = new Random(seed);
        await using var harness = await CatalogHarness.StartAsync(pageSize: 7);
        await harness.AddPolicyAsync("open", OpenPolicy());
        var offers = 0;
        for (var a = 0; a < 40; a++)
        {
            var asset = $"asset-{a:D3}";
            await harness.AddAssetAsync(asset);
            for (var o = 0; o < 1 + random.Next(4); o++, offers++)
            {
                await harness.AddPolicyAsync($"access-{offers}", RandomPolicy(random));
                await harness.AddOfferAsync($"offer-{offers}", asset, $"access-{offers}");
            }
        }

        var shown = 0;
        for (var r = 0; r < 40; r++)
        {
            var caller = RandomCaller(random, r);
            var everyPolicy = await harness.VisibleAsync(caller, evaluateEveryOffer: true);
            var indexed = await harness.VisibleAsync(caller);
            Assert.Equal(Describe(everyPolicy), Describe(indexed));
            shown += everyPolicy.Sum(d => d.Offers.Length);
        }

        // Requesters must see some offers and miss others, or the comparison shows nothing.
        Assert.InRange(shown, 40, (40 * offers) - 40);
    }

    [Fact]
    public async Task Catalog_OffersAndPoliciesChanged_IndexFollows_AlsoAfterRestart()
    {
        await using var harness = await CatalogHarness.StartAsync();
        var gold = Caller("did:web:gold.example", """{"MembershipCredential":{"level":"gold"}}""");
        var silver = Caller("did:web:silver.example", """{"MembershipCredential":{"level":"silver"}}""");
        var platinum = Caller("did:web:platinum.example", """{"MembershipCredential":{"level":"platinum"}}""");
        await harness.AddPolicyAsync("open", OpenPolicy());
        await harness.AddAssetAsync("a1");
        await harness.AddPolicyAsync("level", PolicyWith(Claim("MembershipCredential.level", "eq", "gold")));
        await harness.AddOfferAsync("o1", "a1", "level");
        await AssertSeesAsync(harness, gold, "a1:o1");
        await AssertSeesAsync(harness, silver);

        await harness.AddPolicyAsync("silver", PolicyWith(Claim("MembershipCredential.level", "eq", "silver")));
        await harness.AddOfferAsync("o2", "a1", "silver");
        await AssertSeesAsync(harness, silver, "a1:o2");
        await AssertSeesAsync(harness, gold, "a1:o1");

        Assert.True(await harness.Offers.DeleteAsync("o1", CancellationToken.None));
        await AssertSeesAsync(harness, gold);

        // The same policy id, now unused, deleted and stored again with other content: offers made now follow the new content.
        Assert.True(await harness.Policies.DeleteAsync("level", CancellationToken.None));
        await harness.AddPolicyAsync("level", PolicyWith(Claim("MembershipCredential.level", "eq", "platinum")));
        await harness.AddOfferAsync("o3", "a1", "level");
        await AssertSeesAsync(harness, platinum, "a1:o3");
        await AssertSeesAsync(harness, gold);

        await harness.RestartAsync();
        await AssertSeesAsync(harness, platinum, "a1:o3");
        await AssertSeesAsync(harness, silver, "a1:o2");
        await AssertSeesAsync(harness, gold);
    }

    [Fact]
    public async Task Catalog_OffersIndexedByAnOlderAnalysis_StayVisibleAndAreReindexedOnStart()
    {
        await using var harness = await CatalogHarness.StartAsync();
        var gold = Caller("did:web:gold.example", """{"MembershipCredential":{"level":"gold"}}""");
        await harness.AddPolicyAsync("open", OpenPolicy());
        await harness.AddPolicyAsync("gold", PolicyWith(Claim("MembershipCredential.level", "eq", "gold")));
        for (var i = 0; i < 5; i++)
        {
            await harness.AddAssetAsync($"a{i}");
            await harness.AddOfferAsync($"o{i}", $"a{i}", i % 2 == 0 ? "gold" : "open");
        }

        // As a database from before the index, or indexed by an older analysis, would be.
        await using (var connection = await harness.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE offers SET access_keys_version = 'older'; DELETE FROM offer_access_keys", CancellationToken.None);
        }

        await AssertSeesAsync(harness, gold, "a0:o0", "a1:o1", "a2:o2", "a3:o3", "a4:o4");
        await AssertSeesAsync(harness, Caller("did:web:nobody.example", "{}"), "a1:o1", "a3:o3");

        await harness.RestartAsync();
        await AssertSeesAsync(harness, Caller("did:web:nobody.example", "{}"), "a1:o1", "a3:o3");
        await harness.Catalog.IndexRefresh;
        await AssertSeesAsync(harness, gold, "a0:o0", "a1:o1", "a2:o2", "a3:o3", "a4:o4");
        await using (var connection = await harness.Database.OpenAsync(CancellationToken.None))
        {
            Assert.Equal(0L, await connection.ScalarAsync("SELECT COUNT(*) FROM offers WHERE access_keys_version = 'older'", CancellationToken.None));
            Assert.Equal(5L, await connection.ScalarAsync("SELECT COUNT(DISTINCT offer_id) FROM offer_access_keys", CancellationToken.None));
        }
    }

    private static async Task AssertSeesAsync(CatalogHarness harness, VerifiedCaller caller, params string[] expected)
    {
        Assert.Equal(expected, Describe(await harness.VisibleAsync(caller, evaluateEveryOffer: true)));
        Assert.Equal(expected, Describe(await harness.VisibleAsync(caller)));
    }

    private static string[] Describe(List<(string Dataset, string[] Offers)> visible) =>
        [.. visible.SelectMany(d => d.Offers.Select(o => $"{d.Dataset}:{o}"))];

    private static VerifiedCaller RandomCaller(Random random, int index)
    {
        var claims = new JsonObject();
        foreach (var type in Types.Where(_ => random.Next(3) > 0))
        {
            var subject = new JsonObject();
            if (random.Next(3) > 0)
            {
                subject["level"] = Pick(random, Values);
            }

            if (random.Next(2) == 0)
            {
                subject["region"] = Pick(random, Values);
            }

            if (random.Next(2) == 0)
            {
                subject["roles"] = new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode)Pick(random, Values))]);
            }

            claims[type] = subject;
        }

        return Caller($"did:web:requester{index}.example", claims.ToJsonString());
    }

    private static JsonObject RandomPolicy(Random random)
    {
        var roll = random.Next(10);
        if (roll == 0)
        {
            return OpenPolicy();
        }

        if (roll == 1)
        {
            // Only a prohibition: no one is permitted.
            return new JsonObject
            {
                ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
                ["@type"] = "Set",
                ["prohibition"] = new JsonArray(new JsonObject { ["action"] = "use" }),
            };
        }

        return PolicyWith([.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => RandomConstraint(random, 0))]);
    }

    private static JsonObject RandomConstraint(Random random, int depth)
    {
        var roll = random.Next(depth == 0 ? 10 : 8);
        if (roll >= 8)
        {
            var op = Pick(random, ["and", "or", "xone"]);
            return new JsonObject { [op] = new JsonArray([.. Enumerable.Range(0, 2).Select(_ => RandomConstraint(random, depth + 1))]) };
        }

        var left = $"{Pick(random, Types)}.{Pick(random, ["level", "region", "roles"])}";
        return roll switch
        {
            0 => new JsonObject { ["leftOperand"] = "dateTime", ["operator"] = "lt", ["rightOperand"] = new JsonObject { ["@value"] = random.Next(2) == 0 ? "2020-01-01T00:00:00Z" : "2100-01-01T00:00:00Z", ["@type"] = "xsd:dateTime" } },
            1 => Claim(left, "neq", Pick(random, Values)),
            2 => Claim(left, "isAnyOf", new JsonArray(Pick(random, Values), Pick(random, Values))),
            3 => Claim(left, "hasPart", Pick(random, Values)),
            _ => Claim(left, "eq", Pick(random, Values)),
        };
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
