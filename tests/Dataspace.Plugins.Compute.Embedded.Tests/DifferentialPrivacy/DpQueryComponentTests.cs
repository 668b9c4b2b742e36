using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.DifferentialPrivacy;

public sealed class DpQueryComponentTests
{
    private const string Analyst = "did:web:analyst";

    // The demo: three hospitals answer one count query, combined by secure sum, each adding its noise.
    [Fact]
    public async Task Count_ThreeHospitals_EqualsPlaintextCountAtNegligibleNoise_AndSpendsEachBudget()
    {
        var hospitals = new[] { 40, 25, 61 };
        var budgets = hospitals.Select(_ => new InMemoryPrivacyBudget(10, 0)).ToList();
        var setups = Setups(hospitals.Select(n => Rows(n, i => ("p" + i, "diabetes", "5"))).ToList(), budgets);
        // ε = 8 per query over three Laplace draws of scale 1/8: P(any noise ≠ 0) < 3·2e^-8 ≈ 0.002; the seed fixes it.
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(7)), setups, Attributes(("query", "count"), ("epsilon", 8.0)), Release());

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var result = Result(outcomes);
        Assert.Equal(126, result.GetProperty("value").GetInt64());
        Assert.Equal(3, result.GetProperty("providers").GetInt32());
        Assert.All(budgets, b => Assert.Equal(8.0, Assert.Single(b.Spends).Epsilon));
    }

    [Fact]
    public async Task Count_SmallEpsilon_OneProvider_NoiseIsAdded()
    {
        var values = new List<long>();
        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var run = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(seed)), Setups([Rows(100, i => ("p" + i, "x", "1"))], [new InMemoryPrivacyBudget(1, 0)]),
                Attributes(("query", "count"), ("epsilon", 0.1)), Release());
            values.Add(Result(run).GetProperty("value").GetInt64());
        }
        // Scale 10: five draws all zero has probability about 0.05^5.
        Assert.Contains(values, v => v != 100);
        Assert.All(values, v => Assert.InRange(v, 100 - 400, 100 + 400));
    }

    [Fact]
    public async Task Query_BudgetExhausted_RefusesAndReleasesNothing()
    {
        var budgets = new[] { new InMemoryPrivacyBudget(5, 0), new InMemoryPrivacyBudget(0.5, 0), new InMemoryPrivacyBudget(5, 0) };
        var network = new InProcessComputeNetwork([Analyst, .. budgets.Select((_, i) => Provider(i))]) { RecordMessages = true };
        var setups = Setups([.. budgets.Select(_ => Rows(10, i => ("p" + i, "x", "1")))], budgets);
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(1)), setups, Attributes(("query", "count"), ("epsilon", 1.0)), Release(), network);

        Assert.All(outcomes, o => Assert.False(o.Result.Succeeded));
        Assert.Contains("exhausted", outcomes.Single(o => o.Party.ParticipantId == Provider(1)).Result.Reason, StringComparison.Ordinal);
        Assert.Contains("exhausted", outcomes.Single(o => o.Party.Role == DpQueryComponent.AnalystRole).Result.Reason, StringComparison.Ordinal);
        Assert.Empty(outcomes.Single(o => o.Party.Role == DpQueryComponent.AnalystRole).Outputs.Values);
        // The refusal came before anyone spent: no provider's budget moved.
        Assert.All(budgets, b => Assert.Empty(b.Spends));
        // Nothing derived from data reached the analyst: no masked vector was ever sent.
        Assert.DoesNotContain(network.Transcript, m => m.Topic == "dp/masked");
    }

    [Fact]
    public async Task Query_SecondQueryOverTheBudget_Refused()
    {
        var budget = new InMemoryPrivacyBudget(1.5, 0);
        async Task<IReadOnlyList<ComponentHarness.PartyOutcome>> Ask() => await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(3)),
            Setups([Rows(20, i => ("p" + i, "x", "1"))], [budget]), Attributes(("query", "count"), ("epsilon", 1.0)), Release());

        var first = await Ask();
        var second = await Ask();

        Assert.All(first, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        Assert.All(second, o => Assert.Contains("exhausted", o.Result.Reason, StringComparison.Ordinal));
        Assert.Empty(second.Single(o => o.Party.Role == DpQueryComponent.AnalystRole).Outputs.Values);
        Assert.Single(budget.Spends);
    }

    [Fact]
    public async Task Sum_ClampsValues_AndCapsRowsPerIndividual()
    {
        // p1 has five rows (capped to 2), values clamp into [0, 10].
        var rows = new List<string[]>
        {
            new[] { "p1", "a", "-100" }, new[] { "p1", "a", "5" }, new[] { "p1", "a", "7" }, new[] { "p1", "a", "9" }, new[] { "p1", "a", "9" },
            new[] { "p2", "a", "500" }, new[] { "p3", "a", "3.4" },
        };
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(9)), Setups([rows], [new InMemoryPrivacyBudget(100, 0)]),
            Attributes(("query", "sum"), ("column", "value"), ("lower", 0), ("upper", 10), ("id_column", "id"), ("max_rows_per_id", 2), ("epsilon", 90.0)), Release());

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        // Kept: p1 → 0 (clamped −100) and 5; p2 → 10 (clamped 500); p3 → 3 (rounded 3.4). Sensitivity 2·10 at ε/2 = 45: noise scale 0.44.
        Assert.InRange(Result(outcomes).GetProperty("value").GetInt64(), 18 - 3, 18 + 3);
    }

    [Fact]
    public async Task Histogram_SuppressesCellsUnderMinGroupSize()
    {
        var rows = Rows(10, i => ("p" + i, "flu", "1")).Concat(Rows(2, i => ("q" + i, "rare", "1"))).ToList();
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(4)), Setups([rows], [new InMemoryPrivacyBudget(100, 0)]),
            Attributes(("query", "histogram"), ("column", "diagnosis"), ("categories", new[] { "flu", "rare" }), ("epsilon", 20.0)), Release(minGroupSize: 5));

        var cells = Result(outcomes).GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(10, cells[0].GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, cells[1].GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task Mean_Gaussian_ThreeProviders_CloseToPlaintextMean()
    {
        var data = new[] { 30, 30, 30 }.Select((n, h) => Rows(n, i => ("p" + i, "x", (10 + h * 10 + i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var budgets = data.Select(_ => new InMemoryPrivacyBudget(10, 1e-3)).ToList();
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(new SeededRandomSource(5)), Setups(data, budgets),
            Attributes(("query", "mean"), ("column", "value"), ("lower", 0), ("upper", 50), ("mechanism", "gaussian"), ("epsilon", 5.0), ("delta", 1e-6)), Release());

        Assert.All(outcomes, o => Assert.True(o.Result.Succeeded, o.Result.Reason));
        var expected = data.SelectMany(r => r).Average(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Result(outcomes).GetProperty("value").GetDouble(), 3.0);
        Assert.All(budgets, b => Assert.Equal((5.0, 1e-6), (b.Spends[0].Epsilon, b.Spends[0].Delta)));
    }

    [Fact]
    public async Task Query_DpStatisticNotAllowed_RefusesBeforeSpending()
    {
        var budget = new InMemoryPrivacyBudget(10, 0);
        var release = new ReleasePolicy(new Dictionary<string, IReadOnlySet<string>> { [Analyst] = new HashSet<string> { ReleaseKinds.Aggregate } });
        var outcomes = await ComponentHarness.RunAsync(new DpQueryComponent(), Setups([Rows(5, i => ("p" + i, "x", "1"))], [budget]),
            Attributes(("query", "count"), ("epsilon", 1.0)), release);

        Assert.All(outcomes, o => Assert.Contains("does not allow", o.Result.Reason, StringComparison.Ordinal));
        Assert.Empty(budget.Spends);
    }

    private static string Provider(int i) => $"did:web:hospital{i}";

    private static List<string[]> Rows(int count, Func<int, (string Id, string Diagnosis, string Value)> row)
        => [.. Enumerable.Range(0, count).Select(i => { var (id, d, v) = row(i); return new[] { id, d, v }; })];

    private static List<ComponentHarness.PartySetup> Setups(List<List<string[]>> data, IReadOnlyList<InMemoryPrivacyBudget> budgets)
        => [new(new ComputeParty(Analyst, DpQueryComponent.AnalystRole), new Dictionary<string, IComputeInput>()),
            .. data.Select((rows, i) => new ComponentHarness.PartySetup(new ComputeParty(Provider(i), DpQueryComponent.ProviderRole),
                new Dictionary<string, IComputeInput> { ["input"] = new InMemoryComputeInput(["id", "diagnosis", "value"], rows) }, budgets[i]))];

    private static Dictionary<string, JsonElement> Attributes(params (string Name, object Value)[] values)
        => values.ToDictionary(v => v.Name, v => JsonSerializer.SerializeToElement(v.Value));

    private static ReleasePolicy Release(int minGroupSize = 0)
        => new(new Dictionary<string, IReadOnlySet<string>> { [Analyst] = new HashSet<string> { ReleaseKinds.DpStatistic } }, minGroupSize);

    private static JsonElement Result(IReadOnlyList<ComponentHarness.PartyOutcome> outcomes)
    {
        var analyst = outcomes.Single(o => o.Party.Role == DpQueryComponent.AnalystRole);
        Assert.True(analyst.Result.Succeeded, analyst.Result.Reason);
        var (kind, value) = analyst.Outputs.Values["result"];
        Assert.Equal(ReleaseKinds.DpStatistic, kind);
        return value;
    }
}
