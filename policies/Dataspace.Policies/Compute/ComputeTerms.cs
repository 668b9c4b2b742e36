using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Compute;

namespace Dataspace.Policies.Compute;

/// <summary>
/// The compute terms an agreement states: which components, what each side may receive, the smallest group, approved
/// model digests, the privacy budget and the job count. Read from the permissions' constraints (directly or under
/// <c>and</c>) so the engine can derive a task's <see cref="ReleasePolicy"/> and keep the budget ledger; the policy
/// engine still evaluates the whole policy in the compute scope.
/// </summary>
public sealed record ComputeTerms
{
    /// <summary>The components allowed; null when the agreement does not narrow them.</summary>
    public IReadOnlySet<string>? Components { get; init; }

    /// <summary>The release kinds the consumer may receive; null when the agreement does not narrow them.</summary>
    public IReadOnlySet<string>? ConsumerReleases { get; init; }

    /// <summary>The release kinds a provider may receive; null when the agreement does not narrow them.</summary>
    public IReadOnlySet<string>? ProviderReleases { get; init; }

    /// <summary>The smallest group an aggregate may cover; 0 when not stated.</summary>
    public int MinGroupSize { get; init; }

    /// <summary>Approved model digests; null when the agreement names none.</summary>
    public IReadOnlySet<string>? ModelDigests { get; init; }

    /// <summary>The privacy budget; null when the agreement grants none.</summary>
    public PrivacyBudgetLimit? Budget { get; init; }

    /// <summary>The most jobs per <see cref="JobPeriod"/>; null when not limited.</summary>
    public long? MaxJobs { get; init; }

    /// <summary>The length of the job-count period; null for the agreement's whole life.</summary>
    public TimeSpan? JobPeriod { get; init; }

    /// <summary>Reads the compute terms of <paramref name="policy"/>.</summary>
    public static ComputeTerms Read(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var reader = new Reader();
        foreach (var permission in policy.Permissions)
        {
            foreach (var constraint in permission.Constraints)
            {
                reader.Visit(constraint);
            }
        }

        return reader.Terms();
    }

    /// <summary>
    /// The release policy of one task: what the consumer and each provider may receive, limited to what the component
    /// can release, with the smallest group, the approved digests and the whitelisted columns.
    /// </summary>
    public ReleasePolicy Release(IReadOnlyList<string> componentReleases, string consumerId, IEnumerable<string> providerIds, IReadOnlySet<string>? outputColumns = null)
    {
        ArgumentNullException.ThrowIfNull(componentReleases);
        var releases = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var provider in providerIds)
        {
            releases[provider] = Narrow(componentReleases, ProviderReleases);
        }

        releases[consumerId] = Narrow(componentReleases, ConsumerReleases);
        return new ReleasePolicy(releases, MinGroupSize, ModelDigests, outputColumns);
    }

    private static HashSet<string> Narrow(IReadOnlyList<string> declared, IReadOnlySet<string>? allowed)
        => declared.Where(kind => allowed is null || allowed.Contains(kind)).ToHashSet(StringComparer.Ordinal);

    private sealed class Reader
    {
        private HashSet<string>? _components, _consumer, _provider, _digests;
        private int _minGroupSize;
        private decimal? _epsilon, _delta, _maxJobs;
        private TimeSpan? _budgetPeriod, _jobPeriod;

        public void Visit(OdrlConstraint constraint)
        {
            switch (constraint)
            {
                // Only a conjunction states terms that always hold; or/xone alternatives are left to the evaluation.
                case LogicalConstraint { Operator: LogicalOperator.And or LogicalOperator.AndSequence } and:
                    foreach (var inner in and.Constraints) Visit(inner);
                    break;
                case AtomicConstraint atomic:
                    Atomic(atomic);
                    break;
            }
        }

        public ComputeTerms Terms() => new()
        {
            Components = _components,
            ConsumerReleases = _consumer,
            ProviderReleases = _provider,
            MinGroupSize = _minGroupSize,
            ModelDigests = _digests,
            Budget = _epsilon is null && _delta is null ? null
                : new PrivacyBudgetLimit((double)(_epsilon ?? 0), (double)(_delta ?? 0), _budgetPeriod),
            MaxJobs = _maxJobs is { } max ? (long)max : null,
            JobPeriod = _jobPeriod,
        };

        private void Atomic(AtomicConstraint c)
        {
            var right = c.RightOperand;
            switch (c.LeftOperand)
            {
                case PolicyVocabulary.ComputeComponent: Allow(ref _components, c); break;
                case PolicyVocabulary.ConsumerRelease: Allow(ref _consumer, c); break;
                case PolicyVocabulary.ProviderRelease: Allow(ref _provider, c); break;
                case PolicyVocabulary.ModelDigest: Allow(ref _digests, c); break;
                case PolicyVocabulary.MinGroupSize when right.Kind == PolicyValueKind.Number:
                    var size = c.Operator == ConstraintOperator.Gt ? right.Number + 1 : right.Number;
                    if (c.Operator is ConstraintOperator.Gt or ConstraintOperator.Gteq or ConstraintOperator.Eq)
                        _minGroupSize = Math.Max(_minGroupSize, (int)Math.Min(size, int.MaxValue));
                    break;
                case PolicyVocabulary.Epsilon: _epsilon = Upper(_epsilon, c); break;
                case PolicyVocabulary.Delta: _delta = Upper(_delta, c); break;
                case PolicyVocabulary.JobCount: _maxJobs = Upper(_maxJobs, c); break;
                case PolicyVocabulary.BudgetPeriod when right.Kind == PolicyValueKind.Duration: _budgetPeriod = right.AsDuration; break;
                case PolicyVocabulary.JobPeriod when right.Kind == PolicyValueKind.Duration: _jobPeriod = right.AsDuration; break;
            }
        }

        // A set allowed by eq, isPartOf or isAnyOf; two constraints on one operand allow what both allow.
        private static void Allow(ref HashSet<string>? allowed, AtomicConstraint c)
        {
            if (c.Operator is not (ConstraintOperator.Eq or ConstraintOperator.IsPartOf or ConstraintOperator.IsAnyOf)) return;
            var values = (c.RightOperand.Kind == PolicyValueKind.Set ? c.RightOperand.Items.ToArray() : [c.RightOperand])
                .Select(v => v.Text ?? v.ToString()).ToHashSet(StringComparer.Ordinal);
            if (allowed is null) allowed = values;
            else allowed.IntersectWith(values);
        }

        // lteq and lt state the upper bound (the budget or count); the smallest bound wins.
        private static decimal? Upper(decimal? current, AtomicConstraint c)
        {
            if (c.RightOperand.Kind != PolicyValueKind.Number || c.Operator is not (ConstraintOperator.Lteq or ConstraintOperator.Lt)) return current;
            var bound = c.RightOperand.Number;
            return current is { } existing ? Math.Min(existing, bound) : bound;
        }
    }
}
