namespace Dataspace.Sdk.Compute;

/// <summary>What a computation may release to a party; an agreement's compute constraints name these.</summary>
public static class ReleaseKinds
{
    /// <summary>The matching identifiers themselves (the intersection).</summary>
    public const string Intersection = "intersection";

    /// <summary>Only the number of matches.</summary>
    public const string Cardinality = "cardinality";

    /// <summary>The sum of a payload column over the matches, with their number.</summary>
    public const string IntersectionSum = "intersection-sum";

    /// <summary>The payload of the one key looked up (keyword lookup).</summary>
    public const string Lookup = "lookup";

    /// <summary>Aggregates (sums, means, model updates) over several rows or parties, never single rows.</summary>
    public const string Aggregate = "aggregate";

    /// <summary>Differentially private statistics.</summary>
    public const string DpStatistic = "dp-statistic";

    /// <summary>A trained model's parameters.</summary>
    public const string Model = "model";

    /// <summary>Scores per row, in whitelisted output columns only.</summary>
    public const string Score = "score";
}
