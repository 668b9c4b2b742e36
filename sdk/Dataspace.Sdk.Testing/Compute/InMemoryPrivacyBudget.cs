using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>A privacy budget kept in memory, spent atomically.</summary>
public sealed class InMemoryPrivacyBudget(double epsilon, double delta) : IPrivacyBudget
{
    private readonly Lock _gate = new();
    private double _epsilon = epsilon;
    private double _delta = delta;

    /// <summary>Every spend accepted, with its reason.</summary>
    public List<(double Epsilon, double Delta, string Reason)> Spends { get; } = [];

    /// <inheritdoc/>
    public ValueTask<PrivacyBudgetSpend> TrySpendAsync(double epsilon, double delta, string reason, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        lock (_gate)
        {
            // A tiny tolerance so spending exactly what is left, in several parts, is not refused by rounding.
            if (epsilon > _epsilon + 1e-12 || delta > _delta + 1e-15)
                return ValueTask.FromResult(new PrivacyBudgetSpend(false, _epsilon, _delta));
            _epsilon = Math.Max(0, _epsilon - epsilon);
            _delta = Math.Max(0, _delta - delta);
            Spends.Add((epsilon, delta, reason));
            return ValueTask.FromResult(new PrivacyBudgetSpend(true, _epsilon, _delta));
        }
    }

    /// <inheritdoc/>
    public ValueTask<PrivacyBudgetSpend> GetRemainingAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return ValueTask.FromResult(new PrivacyBudgetSpend(true, _epsilon, _delta));
    }
}
