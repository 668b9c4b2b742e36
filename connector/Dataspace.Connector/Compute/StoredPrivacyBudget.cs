using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>An agreement's privacy budget for the current period, spent atomically in the job store's ledger.</summary>
internal sealed class StoredPrivacyBudget : IPrivacyBudget
{
    private readonly IComputeJobStore _store;
    private readonly string _agreementId;
    private readonly DateTimeOffset _signedAt;
    private readonly PrivacyBudgetLimit _limit;
    private readonly TimeProvider _time;

    public StoredPrivacyBudget(IComputeJobStore store, string agreementId, DateTimeOffset signedAt, PrivacyBudgetLimit limit, TimeProvider time)
    {
        _store = store;
        _agreementId = agreementId;
        _signedAt = signedAt;
        _limit = limit;
        _time = time;
    }

    /// <inheritdoc/>
    public async ValueTask<PrivacyBudgetSpend> TrySpendAsync(double epsilon, double delta, string reason, CancellationToken cancellationToken)
        => await _store.TrySpendBudgetAsync(_agreementId, Period(), _limit, epsilon, delta, reason, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<PrivacyBudgetSpend> GetRemainingAsync(CancellationToken cancellationToken)
    {
        var (epsilon, delta) = await _store.GetBudgetSpentAsync(_agreementId, Period(), cancellationToken).ConfigureAwait(false);
        return new PrivacyBudgetSpend(false, Math.Max(0, _limit.Epsilon - epsilon), Math.Max(0, _limit.Delta - delta));
    }

    private DateTimeOffset Period() => ComputeAgreementCheck.PeriodStart(_signedAt, _limit.Period, _time.GetUtcNow());
}
