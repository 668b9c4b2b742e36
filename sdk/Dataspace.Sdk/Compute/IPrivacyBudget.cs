namespace Dataspace.Sdk.Compute;

/// <summary>The differential-privacy budget of one agreement (per period), spent atomically.</summary>
public interface IPrivacyBudget
{
    /// <summary>Spends (ε, δ) if what is left covers it, else spends nothing.</summary>
    /// <returns>Whether it was spent, with what is left afterwards.</returns>
    ValueTask<PrivacyBudgetSpend> TrySpendAsync(double epsilon, double delta, string reason, CancellationToken cancellationToken);

    /// <summary>What is left in the current period.</summary>
    ValueTask<PrivacyBudgetSpend> GetRemainingAsync(CancellationToken cancellationToken);
}
