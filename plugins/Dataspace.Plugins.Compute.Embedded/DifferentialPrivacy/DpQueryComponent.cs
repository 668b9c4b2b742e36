using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Dataspace.Plugins.Compute.Embedded.Aggregation;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>
/// <c>stats/dp_query:1</c>: a count, sum, mean or histogram over one or more <c>provider</c>s' inputs, with
/// contribution bounds and discrete Laplace or Gaussian noise, released to the <c>analyst</c> as a dp-statistic. Each
/// provider spends the query's (ε, δ) from its agreement's budget before anything leaves it, adds its part of the
/// noise, and the providers' noisy vectors are combined by secure sum so the analyst sees only the noisy total.
/// </summary>
/// <remarks>See docs/compute/dp-query.md for the mechanisms, their calibration and the privacy argument.</remarks>
public sealed class DpQueryComponent : IComputeComponent
{
    /// <summary>The role of the receiver of the statistic.</summary>
    public const string AnalystRole = "analyst";

    /// <summary>The role of a data holder.</summary>
    public const string ProviderRole = "provider";

    private readonly IRandomSource _random;

    /// <summary>Creates the component with the operating system's cryptographic random generator.</summary>
    public DpQueryComponent() : this(CryptoRandomSource.Instance) { }

    internal DpQueryComponent(IRandomSource random) => _random = random;

    /// <inheritdoc/>
    public string Name => ComputeComponents.DpQuery;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor { get; } = new(
        [AnalystRole, ProviderRole],
        [
            new ComponentParameter("query", "string", Required: true, AllowedValues: [DpQuerySettings.Count, DpQuerySettings.Sum, DpQuerySettings.Mean, DpQuerySettings.Histogram]),
            new ComponentParameter("column", "string"),
            new ComponentParameter("lower", "integer"),
            new ComponentParameter("upper", "integer"),
            new ComponentParameter("categories", "string[]"),
            new ComponentParameter("id_column", "string"),
            new ComponentParameter("max_rows_per_id", "integer", Default: JsonSerializer.SerializeToElement(1)),
            new ComponentParameter("mechanism", "string", Default: JsonSerializer.SerializeToElement(DpNoise.Laplace), AllowedValues: [DpNoise.Laplace, DpNoise.Gaussian]),
            new ComponentParameter("epsilon", "number", Required: true),
            new ComponentParameter("delta", "number", Default: JsonSerializer.SerializeToElement(0)),
            new ComponentParameter("round_timeout_seconds", "number", Default: JsonSerializer.SerializeToElement(60)),
        ],
        [ReleaseKinds.DpStatistic],
        MinParties: 2,
        MaxParties: 1001);

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var settings = DpQuerySettings.From(context);
            return context.Role == AnalystRole
                ? await RunAnalystAsync(context, settings, cancellationToken).ConfigureAwait(false)
                : await RunProviderAsync(context, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or SecureAggregationException)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (ComputeChannelClosedException e)
        {
            return ComponentResult.Failure($"A party left the DP query: {e.Message}");
        }
    }

    private async Task<ComponentResult> RunProviderAsync(ComponentContext context, DpQuerySettings settings, CancellationToken cancellationToken)
    {
        // A budget that cannot cover the query stops every party before any of them spends.
        if (context.Budget is null)
        {
            const string NoBudget = "The agreement behind this query has no privacy budget.";
            await SecureAggregationClient<ulong>.RefuseAsync(context.Channel, settings.Analyst, settings.Aggregation, NoBudget).ConfigureAwait(false);
            return ComponentResult.Failure(NoBudget);
        }
        var remaining = await context.Budget.GetRemainingAsync(cancellationToken).ConfigureAwait(false);
        if (remaining.RemainingEpsilon < settings.Epsilon - 1e-12 || remaining.RemainingDelta < settings.Delta - 1e-15)
        {
            var reason = Exhausted(settings, remaining);
            await SecureAggregationClient<ulong>.RefuseAsync(context.Channel, settings.Analyst, settings.Aggregation, reason).ConfigureAwait(false);
            return ComponentResult.Failure(reason);
        }

        long[] vector;
        long rows;
        try
        {
            (vector, rows) = await DpLocalStatistic.ComputeAsync(context, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await SecureAggregationClient<ulong>.RefuseAsync(context.Channel, settings.Analyst, settings.Aggregation, "a provider's input does not fit the query").ConfigureAwait(false);
            return ComponentResult.Failure(e.Message);
        }

        var noisy = AddNoise(vector, settings);
        context.Progress?.Report(new ComputeProgress(0.3, "dp-noise"));
        var budget = context.Budget;
        // Spend once every provider is in, before the noisy vector (masked) leaves: a refused spend releases nothing.
        await SecureAggregationClient<ulong>.RunAsync(context.Channel, settings.Analyst, context.Self, settings.Aggregation, noisy, cancellationToken, async ct =>
        {
            var spend = await budget.TrySpendAsync(settings.Epsilon, settings.Delta,
                $"{ComputeComponents.DpQuery} {settings.Query} job {context.JobId} task {context.TaskId}", ct).ConfigureAwait(false);
            if (!spend.Spent) throw new SecureAggregationException(Exhausted(settings, spend));
        }).ConfigureAwait(false);
        return ComponentResult.Success(rows, new Dictionary<string, double> { ["epsilon_spent"] = settings.Epsilon, ["delta_spent"] = settings.Delta });
    }

    private static string Exhausted(DpQuerySettings settings, PrivacyBudgetSpend remaining) => string.Create(CultureInfo.InvariantCulture,
        $"The privacy budget is exhausted: the query needs ε={settings.Epsilon}, δ={settings.Delta}; ε={remaining.RemainingEpsilon}, δ={remaining.RemainingDelta} are left.");

    private ulong[] AddNoise(long[] vector, DpQuerySettings settings)
    {
        var noise = new DpNoise(new DiscreteSamplers(_random));
        var m = settings.Providers.Count;
        var k = settings.RowsPerIndividual;
        var noisy = new ulong[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            // The sum and count of a mean (or sum) share the budget: ε/2 each, or ρ/2 each under zCDP.
            var isSumElement = settings.Query is DpQuerySettings.Sum or DpQuerySettings.Mean && i == 0;
            var sensitivity = isSumElement ? settings.SumSensitivity : k;
            var parts = settings.Query is DpQuerySettings.Sum or DpQuerySettings.Mean ? 2 : 1;
            BigInteger draw;
            if (settings.Mechanism == DpNoise.Laplace)
            {
                // Each provider draws the whole noise (see docs: the discrete Laplace is not split exactly).
                draw = noise.LaplaceNoise(Math.Max(1, sensitivity), settings.Epsilon / parts);
            }
            else
            {
                var rho = DpNoise.GaussianRho(settings.Epsilon, settings.Delta) / parts;
                draw = noise.GaussianNoise(DpNoise.GaussianVariancePerProvider(Math.Max(1, sensitivity), rho, m));
            }
            if (draw < long.MinValue / 4 || draw > long.MaxValue / 4) throw new ArgumentException("The noise drawn is out of range; the parameters are unusable.");
            noisy[i] = unchecked((ulong)(vector[i] + (long)draw));
        }
        return noisy;
    }

    private static async Task<ComponentResult> RunAnalystAsync(ComponentContext context, DpQuerySettings settings, CancellationToken cancellationToken)
    {
        var result = await SecureAggregationServer<ulong>.RunAsync(context.Channel, settings.Aggregation, context.Time, context.Progress, cancellationToken).ConfigureAwait(false);
        var totals = result.Sum.Select(v => unchecked((long)v)).ToArray();
        var value = DpRelease.Build(settings, totals, context.Release.MinGroupSize);
        await context.Outputs.WriteValueAsync("result", ReleaseKinds.DpStatistic, value, cancellationToken).ConfigureAwait(false);
        return ComponentResult.Success(0, new Dictionary<string, double> { ["providers"] = result.Survivors.Count });
    }
}
