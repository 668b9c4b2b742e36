namespace Dataspace.Sdk.Compute;

/// <summary>The outcome of a budget spend, or the budget left.</summary>
/// <param name="Spent">Whether the requested (ε, δ) was spent.</param>
/// <param name="RemainingEpsilon">ε left in the period after the call.</param>
/// <param name="RemainingDelta">δ left in the period after the call.</param>
public readonly record struct PrivacyBudgetSpend(bool Spent, double RemainingEpsilon, double RemainingDelta);
