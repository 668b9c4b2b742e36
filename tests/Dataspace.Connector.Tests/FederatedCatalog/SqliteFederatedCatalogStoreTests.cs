using Dataspace.Connector.FederatedCatalog;

namespace Dataspace.Connector.Tests.FederatedCatalog;

public sealed class SqliteFederatedCatalogStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("rain", "\"rain\"*")]
    [InlineData("  rain  gauge ", "\"rain\"* \"gauge\"*")]
    [InlineData("title:x OR \"y", "\"title\"* \"x\"* \"OR\"* \"y\"*")]
    [InlineData("降雨 数据", "\"降雨\"* \"数据\"*")]
    [InlineData("*:\"()", null)]
    [InlineData("", null)]
    public void MatchExpression_QuotesEveryWord_SoFtsSyntaxIsSearchedAsText(string text, string? expected) =>
        Assert.Equal(expected, SqliteFederatedCatalogStore.MatchExpression(text));

    [Fact]
    public async Task Replace_BeyondTheTotalLimit_KeepsWhatFitsAndSaysWhy_AndReplacesAMembersPartWhole()
    {
        using var temp = new TempDirectory();
        using var store = new SqliteFederatedCatalogStore(temp.Sub("index.db"));
        var a = new CatalogMember("did:web:a.example", "A", "http://a.example/api/dsp", ["finance"]);
        var b = new CatalogMember("did:web:b.example", "B", "http://b.example/api/dsp", ["health"]);
        Assert.Equal((5, null), await store.ReplaceAsync(a, "d1", [], Datasets("alpha", 5), null, 8, At, default));
        var (stored, truncated) = await store.ReplaceAsync(b, "d2", [], Datasets("beta", 5), null, 8, At, default);
        Assert.Equal(3, stored);
        Assert.Contains("MaxDatasetsTotal", truncated, StringComparison.Ordinal);

        // A's new part replaces its old one entirely.
        await store.ReplaceAsync(a, "d3", [], Datasets("gamma", 2), null, 8, At, default);
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "alpha" }, default)).Items);
        Assert.Equal(2, (await store.SearchAsync(new FederatedSearchQuery { Text = "gamma", Subspace = "finance" }, default)).Items.Count);
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "gamma", Subspace = "health" }, default)).Items);
        Assert.Equal(3, (await store.SearchAsync(new FederatedSearchQuery { Provider = b.Did, TransferType = "HttpData-PULL" }, default)).Items.Count);
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Provider = b.Did, TransferType = "HttpData" }, default)).Items);
        Assert.Equal(3, (await store.SearchAsync(new FederatedSearchQuery { MediaType = "text/csv", Classification = "L2" }, default)).Items.Count);

        Assert.Equal(1, await store.RetainAsync(new HashSet<string> { b.Did }, default));
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "gamma" }, default)).Items);
        Assert.Equal([b.Did], (await store.GetMembersAsync(default)).Keys);
    }

    [Fact]
    public async Task ReplacePages_ReplacesOnlyThosePages_AndBeyondALimit_ChangesNothing()
    {
        using var temp = new TempDirectory();
        using var store = new SqliteFederatedCatalogStore(temp.Sub("index.db"));
        var a = new CatalogMember("did:web:a.example", "A", "http://a.example/api/dsp", ["finance"]);
        var first = Datasets("alpha", 3).Select(d => d with { Page = 0 }).Concat(Datasets("beta", 3).Select(d => d with { Page = 1 })).ToList();
        await store.ReplaceAsync(a, "d1", ["p0", "p1"], first, null, 100, At, default);

        Assert.True(await store.ReplacePagesAsync(a, "d2", ["p0", "p1b"], new Dictionary<int, List<FederatedDataset>> { [1] = [.. Datasets("gamma", 2).Select(d => d with { Page = 1 })] }, 100, 100, At, default));
        Assert.Equal(3, (await store.SearchAsync(new FederatedSearchQuery { Text = "alpha" }, default)).Items.Count);
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "beta" }, default)).Items);
        Assert.Equal(2, (await store.SearchAsync(new FederatedSearchQuery { Text = "gamma" }, default)).Items.Count);
        var state = (await store.GetMembersAsync(default))[a.Did];
        Assert.Equal(("d2", 5), (state.Digest, state.Datasets));
        Assert.Equal(["p0", "p1b"], state.PageDigests);

        // Four more on page 1 would make 7 of at most 6: refused, the part as it was.
        Assert.False(await store.ReplacePagesAsync(a, "d3", ["p0", "p1c"], new Dictionary<int, List<FederatedDataset>> { [1] = [.. Datasets("delta", 4).Select(d => d with { Page = 1 })] }, 6, 100, At, default));
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "delta" }, default)).Items);
        Assert.Equal(2, (await store.SearchAsync(new FederatedSearchQuery { Text = "gamma" }, default)).Items.Count);
        Assert.Equal("d2", (await store.GetMembersAsync(default))[a.Did].Digest);
    }

    [Fact]
    public async Task Registrations_AreFilteredShownAndRechecked_AndAnIndexFromBeforeGainsTheColumns()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("index.db");
        // An index made before registrations: the old fc_datasets table, with a row in it.
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE fc_datasets (
                    id INTEGER PRIMARY KEY, member TEXT NOT NULL, page INTEGER NOT NULL DEFAULT 0, dataset_id TEXT NOT NULL, title TEXT, description TEXT,
                    keywords TEXT NOT NULL, classification TEXT, media_types TEXT NOT NULL, transfer_types TEXT NOT NULL,
                    features TEXT NOT NULL, offers TEXT NOT NULL, properties TEXT NOT NULL);
                INSERT INTO fc_datasets (member, dataset_id, keywords, media_types, transfer_types, features, offers, properties) VALUES ('did:web:old.example', 'old', '', '', '', '', '[]', '{}');
                """;
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var store = new SqliteFederatedCatalogStore(path);
        var a = new CatalogMember("did:web:a.example", "A", "http://a.example/api/dsp", []);
        var datasets = Datasets("rain", 3);
        datasets[0] = datasets[0] with { RegistrationRecord = "jwt-0", Registered = true, RegistrationNumber = "DPR-1" };
        datasets[1] = datasets[1] with { RegistrationRecord = "jwt-1" };
        await store.ReplaceAsync(a, "d1", [], datasets, null, 100, At, default);

        var registered = Assert.Single((await store.SearchAsync(new FederatedSearchQuery { Registered = true }, default)).Items);
        Assert.Equal(("rain-0", true, "DPR-1"), (registered.DatasetId, registered.Registered, registered.RegistrationNumber));
        Assert.Equal(["rain-1", "rain-2"], (await store.SearchAsync(new FederatedSearchQuery { Text = "rain", Registered = false }, default)).Items.Select(h => h.DatasetId));
        Assert.Equal([("rain-0", "jwt-0", true), ("rain-1", "jwt-1", false)], await store.GetRegistrationsAsync(a.Did, default));

        // A record found revoked at a later crawl: the dataset is no longer registered.
        await store.SetRegistrationAsync(a.Did, "rain-0", false, null, default);
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Registered = true }, default)).Items);
        Assert.Null((await store.SearchAsync(new FederatedSearchQuery { Text = "rain" }, default)).Items.Single(h => h.DatasetId == "rain-0").RegistrationNumber);
    }

    [Fact]
    public async Task ApplyDatasetChanges_RemovesAndReplacesByDatasetId_KeepsDigests_AndBeyondALimitChangesNothing()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("index.db");

        // An index made before datasets carried digests: the column is added when the store opens it.
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE fc_datasets (
                    id INTEGER PRIMARY KEY, member TEXT NOT NULL, page INTEGER NOT NULL DEFAULT 0, dataset_id TEXT NOT NULL, title TEXT, description TEXT,
                    keywords TEXT NOT NULL, classification TEXT, media_types TEXT NOT NULL, transfer_types TEXT NOT NULL,
                    features TEXT NOT NULL, offers TEXT NOT NULL, properties TEXT NOT NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        using var store = new SqliteFederatedCatalogStore(path);
        var a = new CatalogMember("did:web:a.example", "A", "http://a.example/api/dsp", ["finance"]);
        await store.ReplaceAsync(a, "d1", ["p0"], [.. Datasets("alpha", 3).Select(d => d with { Digest = "h-" + d.DatasetId })], null, 100, At, default);
        Assert.Equal(new Dictionary<string, string?> { ["alpha-0"] = "h-alpha-0", ["alpha-1"] = "h-alpha-1", ["alpha-2"] = "h-alpha-2" }, await store.GetDatasetDigestsAsync(a.Did, default));

        // alpha-1 removed, alpha-2 replaced (now titled beta), beta-0 added.
        var changed = new FederatedDataset("alpha-2", "beta replaced", null, [], null, [], [], [], "[]", "{}") { Digest = "h2" };
        var added = new FederatedDataset("beta-0", "beta new", null, [], null, [], [], [], "[]", "{}") { Digest = "h3" };
        Assert.True(await store.ApplyDatasetChangesAsync(a, "m1", ["alpha-1"], [changed, added], 100, 100, At, default));
        Assert.Equal(new Dictionary<string, string?> { ["alpha-0"] = "h-alpha-0", ["alpha-2"] = "h2", ["beta-0"] = "h3" }, await store.GetDatasetDigestsAsync(a.Did, default));
        Assert.Equal(2, (await store.SearchAsync(new FederatedSearchQuery { Text = "beta" }, default)).Items.Count);
        Assert.Single((await store.SearchAsync(new FederatedSearchQuery { Text = "alpha" }, default)).Items);
        var state = (await store.GetMembersAsync(default))[a.Did];
        Assert.Equal(("m1", 3), (state.Digest, state.Datasets));
        Assert.Empty(state.PageDigests);

        // Two more would make 5 of at most 4: refused, the part as it was.
        Assert.False(await store.ApplyDatasetChangesAsync(a, "m2", [], Datasets("gamma", 2), 4, 100, At, default));
        Assert.Empty((await store.SearchAsync(new FederatedSearchQuery { Text = "gamma" }, default)).Items);
        Assert.Equal("m1", (await store.GetMembersAsync(default))[a.Did].Digest);
        Assert.Equal(3, (await store.GetDatasetDigestsAsync(a.Did, default)).Count);
    }

    private static List<FederatedDataset> Datasets(string word, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new FederatedDataset($"{word}-{i}", $"{word} dataset {i}", "about " + word, [word + "-kw"], i % 2 == 0 ? "L2" : "L3",
            ["text/csv"], ["HttpData-PULL"], ["open"], "[]", "{}"))];
}
