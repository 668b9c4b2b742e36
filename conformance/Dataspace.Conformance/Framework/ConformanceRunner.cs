using System.Diagnostics;

namespace Dataspace.Conformance;

/// <summary>Runs checks one after another and collects their results; progress is reported per check.</summary>
public sealed class ConformanceRunner(ConformanceConfiguration configuration, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Called before each check starts.</summary>
    public event Action<ConformanceCheck>? CheckStarting;

    /// <summary>Called after each check with its result.</summary>
    public event Action<CheckResult>? CheckCompleted;

    /// <summary>Runs the given checks against the configured target.</summary>
    public async Task<ConformanceRunResult> RunAsync(
        IReadOnlyList<ConformanceCheck> checks, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var startedAt = _time.GetUtcNow();
        var total = Stopwatch.StartNew();
        var results = new List<CheckResult>(checks.Count);
        foreach (var check in checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckStarting?.Invoke(check);
            var context = new CheckContext(configuration, _time);
            var watch = Stopwatch.StartNew();
            CheckOutcome outcome;
            string? reason = null;
            try
            {
                await check.RunAsync(context, cancellationToken).ConfigureAwait(false);
                outcome = CheckOutcome.Passed;
            }
            catch (ConformanceException violation)
            {
                outcome = CheckOutcome.Failed;
                reason = violation.Message;
            }
            catch (ConformanceConfigurationException setup)
            {
                // The suite's configuration, not the target, is at fault: the check could not run.
                outcome = CheckOutcome.Error;
                reason = "configuration: " + setup.Message;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A check that breaks must not stop the run: it is reported as an error with its cause.
            catch (Exception error)
#pragma warning restore CA1031
            {
                outcome = CheckOutcome.Error;
                reason = $"{error.GetType().Name}: {error.Message}";
            }
            finally
            {
                await DisposeItemsAsync(context).ConfigureAwait(false);
            }
            var result = new CheckResult(check.Id, check.Name, check.Profile, check.Verifies, outcome, reason, watch.Elapsed, context.Exchanges);
            results.Add(result);
            CheckCompleted?.Invoke(result);
        }
        var profiles = checks.Select(c => c.Profile).Distinct(StringComparer.Ordinal).ToList();
        return new ConformanceRunResult(ConformanceSuite.Version, target, profiles, startedAt, total.Elapsed, results);
    }

    private static async Task DisposeItemsAsync(CheckContext context)
    {
        foreach (var item in context.Items.Values)
        {
            if (item is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else if (item is IDisposable disposable) disposable.Dispose();
        }
    }
}
