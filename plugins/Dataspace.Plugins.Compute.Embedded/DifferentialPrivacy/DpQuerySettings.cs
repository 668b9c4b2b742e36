using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>A <c>stats/dp_query:1</c> task's attributes, checked.</summary>
internal sealed record DpQuerySettings(
    string Query,
    string? Column,
    long Lower,
    long Upper,
    IReadOnlyList<string> Categories,
    string? IdColumn,
    int MaxRowsPerId,
    string Mechanism,
    double Epsilon,
    double Delta,
    string Analyst,
    IReadOnlyList<string> Providers,
    SecureAggregationOptions Aggregation)
{
    public const string Count = "count";
    public const string Sum = "sum";
    public const string Mean = "mean";
    public const string Histogram = "histogram";

    /// <summary>Elements of the summed vector: count → [n]; sum, mean → [Σ, n]; histogram → one per category.</summary>
    public int VectorLength => Query switch { Count => 1, Histogram => Categories.Count, _ => 2 };

    /// <summary>The most any one individual can change a count (rows kept per individual).</summary>
    public long RowsPerIndividual => IdColumn is null ? 1 : MaxRowsPerId;

    /// <summary>The most any one individual can change a clamped sum.</summary>
    public long SumSensitivity => RowsPerIndividual * Math.Max(Math.Abs(Lower), Math.Abs(Upper));

    public static DpQuerySettings From(ComponentContext context)
    {
        var a = context.Attributes;
        var query = ComponentAttributes.String(a, "query") ?? throw new ArgumentException("The attribute 'query' is required (count, sum, mean or histogram).");
        if (query is not (Count or Sum or Mean or Histogram)) throw new ArgumentException($"The query '{query}' is not one of count, sum, mean, histogram.");
        var column = ComponentAttributes.String(a, "column");
        if (query != Count && string.IsNullOrEmpty(column)) throw new ArgumentException($"A {query} query needs the attribute 'column'.");
        long lower = 0, upper = 0;
        if (query is Sum or Mean)
        {
            if (!a.ContainsKey("lower") || !a.ContainsKey("upper")) throw new ArgumentException($"A {query} query needs the clamping bounds 'lower' and 'upper'.");
            lower = ComponentAttributes.Integer(a, "lower", 0);
            upper = ComponentAttributes.Integer(a, "upper", 0);
            if (lower > upper) throw new ArgumentException("The attribute 'lower' must not exceed 'upper'.");
        }
        var categories = ComponentAttributes.Strings(a, "categories");
        if (query == Histogram && (categories.Count == 0 || categories.Distinct(StringComparer.Ordinal).Count() != categories.Count || categories.Count > 10_000))
            throw new ArgumentException("A histogram query needs 'categories': between 1 and 10,000 distinct values.");
        var idColumn = ComponentAttributes.String(a, "id_column");
        var maxRows = ComponentAttributes.Integer(a, "max_rows_per_id", 1);
        if (maxRows < 1) throw new ArgumentException("The attribute 'max_rows_per_id' must be at least 1.");
        var mechanism = ComponentAttributes.String(a, "mechanism") ?? DpNoise.Laplace;
        if (mechanism is not (DpNoise.Laplace or DpNoise.Gaussian)) throw new ArgumentException($"The mechanism '{mechanism}' is not laplace or gaussian.");
        var epsilon = ComponentAttributes.Number(a, "epsilon", 0);
        if (epsilon <= 0 || epsilon > 100) throw new ArgumentException("The attribute 'epsilon' must be above 0 and at most 100.");
        var delta = mechanism == DpNoise.Gaussian ? ComponentAttributes.Number(a, "delta", 0) : 0;
        if (mechanism == DpNoise.Gaussian && (delta <= 0 || delta >= 1)) throw new ArgumentException("The Gaussian mechanism needs a 'delta' strictly between 0 and 1.");
        var timeout = ComponentAttributes.Number(a, "round_timeout_seconds", 60);
        if (timeout <= 0) throw new ArgumentException("The attribute 'round_timeout_seconds' must be positive.");

        var analysts = context.Parties.Where(p => p.Role == DpQueryComponent.AnalystRole).ToList();
        if (analysts.Count != 1) throw new ArgumentException("A DP query has exactly one analyst.");
        var providers = context.Parties.Where(p => p.Role == DpQueryComponent.ProviderRole).Select(p => p.ParticipantId).ToList();
        if (providers.Count < 1) throw new ArgumentException("A DP query needs at least one provider.");
        var analyst = analysts[0].ParticipantId;
        if (!context.Release.Allows(analyst, ReleaseKinds.DpStatistic))
            throw new ArgumentException($"The agreement does not allow '{analyst}' to receive a dp-statistic.");
        var settings = new DpQuerySettings(query, column, lower, upper, categories, idColumn, maxRows, mechanism, epsilon, delta, analyst, providers, null!);
        // Every provider must stay: a dropped provider's share of the noise would be missing from the total.
        return settings with
        {
            Aggregation = new SecureAggregationOptions(context.JobId, context.TaskId, "dp", providers, settings.VectorLength,
                providers.Count, providers.Count, TimeSpan.FromSeconds(timeout)),
        };
    }
}
