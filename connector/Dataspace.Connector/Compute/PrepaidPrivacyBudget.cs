using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>
/// The budget a component sees after the engine spent the task's declared (ε, δ) for it: the component's own spends
/// draw on that prepaid amount first, so a component that spends what it declared (stats/dp_query:1) is not charged twice.
/// </summary>
internal sealed class PrepaidPrivacyBudget : IPrivacyBudget
{
    private readonly IPrivacyBudget _ledger;
    private readonly Lock _gate = new();
    private double _epsilon;
    private double _delta;

    public PrepaidPrivacyBudget(IPrivacyBudget ledger, double epsilon, double delta)
    {
        _ledger = ledger;
        _epsilon = epsilon;
        _delta = delta;
    }

    /// <inheritdoc/>
    public async ValueTask<PrivacyBudgetSpend> TrySpendAsync(double epsilon, double delta, string reason, CancellationToken cancellationToken)
    {
        double fromEpsilon, fromDelta;
        lock (_gate)
        {
            fromEpsilon = Math.Min(epsilon, _epsilon);
            fromDelta = Math.Min(delta, _delta);
            _epsilon -= fromEpsilon;
            _delta -= fromDelta;
        }

        var (restEpsilon, restDelta) = (epsilon - fromEpsilon, delta - fromDelta);
        if (restEpsilon <= 0 && restDelta <= 0)
        {
            var left = await GetRemainingAsync(cancellationToken).ConfigureAwait(false);
            return left with { Spent = true };
        }

        var spend = await _ledger.TrySpendAsync(restEpsilon, restDelta, reason, cancellationToken).ConfigureAwait(false);
        if (!spend.Spent)
        {
            // Nothing was spent, so what was taken from the prepaid amount is still there.
            lock (_gate)
            {
                _epsilon += fromEpsilon;
                _delta += fromDelta;
            }
        }

        return Add(spend);
    }

    /// <inheritdoc/>
    public async ValueTask<PrivacyBudgetSpend> GetRemainingAsync(CancellationToken cancellationToken)
        => Add(await _ledger.GetRemainingAsync(cancellationToken).ConfigureAwait(false));

    private PrivacyBudgetSpend Add(PrivacyBudgetSpend ledger)
    {
        lock (_gate)
        {
            return ledger with { RemainingEpsilon = ledger.RemainingEpsilon + _epsilon, RemainingDelta = ledger.RemainingDelta + _delta };
        }
    }
}
