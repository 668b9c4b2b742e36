namespace Dataspace.Sdk.Compute;

/// <summary>The differential-privacy budget an agreement grants per period.</summary>
/// <param name="Epsilon">ε per period.</param>
/// <param name="Delta">δ per period.</param>
/// <param name="Period">The length of a period; null for one period over the agreement's whole life.</param>
public sealed record PrivacyBudgetLimit(double Epsilon, double Delta, TimeSpan? Period = null);
