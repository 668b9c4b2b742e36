using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Policies;
using Dataspace.Dsp;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Compute;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Policy;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Compute;

/// <summary>
/// Checks a job against an agreement: what it asks beyond the agreement's compute terms (another component, a release
/// kind not granted, an unapproved model, more privacy budget than is left) refuses it; the rest of the policy,
/// evaluated in the compute scope, decides whether it is approved automatically or waits for a person.
/// </summary>
internal sealed class ComputeAgreementCheck
{
    /// <summary>The task attribute giving the ε a task spends.</summary>
    public const string EpsilonAttribute = "epsilon";

    /// <summary>The task attribute giving the δ a task spends.</summary>
    public const string DeltaAttribute = "delta";

    /// <summary>The task attribute naming the digest of the model a task runs.</summary>
    public const string ModelDigestAttribute = "model_digest";

    private readonly PolicyService _policies;
    private readonly IComputeJobStore _store;
    private readonly TimeProvider _time;

    public ComputeAgreementCheck(PolicyService policies, IComputeJobStore store, TimeProvider time)
    {
        _policies = policies;
        _store = store;
        _time = time;
    }

    /// <summary>The agreement's compute terms; throws <see cref="PolicyValidationException"/> when its policy is invalid.</summary>
    public async Task<(ComputeTerms Terms, CompiledPolicy Policy)> TermsAsync(ContractAgreementRecord agreement, CancellationToken cancellationToken)
    {
        var compiled = await _policies.CompileAsync(Evaluable(agreement.Policy), cancellationToken).ConfigureAwait(false);
        return (ComputeTerms.Read(compiled.Policy), compiled);
    }

    /// <summary>How <paramref name="job"/> fits <paramref name="agreement"/>, the agreement of <paramref name="providerId"/>.</summary>
    public async Task<ComputeFit> CheckAsync(ComputeJob job, ContractAgreementRecord agreement, string providerId, CancellationToken cancellationToken)
    {
        ComputeTerms terms;
        CompiledPolicy policy;
        try
        {
            (terms, policy) = await TermsAsync(agreement, cancellationToken).ConfigureAwait(false);
        }
        catch (PolicyValidationException e)
        {
            return ComputeFit.Refused($"the agreement's policy is invalid: {e.Message}");
        }

        var now = _time.GetUtcNow();
        var jobsSoFar = await _store.CountJobsAsync(agreement.Id, PeriodStart(agreement.SignedAt, terms.JobPeriod, now), cancellationToken).ConfigureAwait(false);
        var (spentEpsilon, spentDelta) = terms.Budget is { } budget
            ? await _store.GetBudgetSpentAsync(agreement.Id, PeriodStart(agreement.SignedAt, budget.Period, now), cancellationToken).ConfigureAwait(false)
            : (0, 0);
        string? needsApproval = null;
        foreach (var task in job.Tasks.Where(t => t.Parties.Any(p => p.ParticipantId == providerId)))
        {
            var where = $"task '{task.Id}'";
            if (terms.Components is { } components && !components.Contains(task.Component))
                return ComputeFit.Refused($"{where}: component {task.Component} is not allowed by agreement '{agreement.Id}' (allowed: {string.Join(", ", components.Order(StringComparer.Ordinal))})");
            var consumerKinds = Kinds(task, r => r == job.Initiator);
            var providerKinds = Kinds(task, r => r != job.Initiator);
            if (Beyond(consumerKinds, terms.ConsumerReleases) is { } c)
                return ComputeFit.Refused($"{where}: release '{c}' to the consumer is beyond agreement '{agreement.Id}' (granted: {Granted(terms.ConsumerReleases)})");
            if (Beyond(providerKinds, terms.ProviderReleases) is { } p)
                return ComputeFit.Refused($"{where}: release '{p}' to a provider is beyond agreement '{agreement.Id}' (granted: {Granted(terms.ProviderReleases)})");
            var digest = task.Attributes.TryGetValue(ModelDigestAttribute, out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (digest is not null && terms.ModelDigests is { } digests && !digests.Contains(digest))
                return ComputeFit.Refused($"{where}: model {digest} is not one agreement '{agreement.Id}' approved");
            var epsilon = Number(task, EpsilonAttribute);
            var delta = Number(task, DeltaAttribute);
            if (epsilon < 0 || delta < 0) return ComputeFit.Refused($"{where}: ε and δ must not be negative");
            if (epsilon > 0 || delta > 0)
            {
                if (terms.Budget is not { } limit) return ComputeFit.Refused($"{where}: it spends privacy budget, but agreement '{agreement.Id}' grants none");
                if (spentEpsilon + epsilon > limit.Epsilon + 1e-12 || spentDelta + delta > limit.Delta + 1e-12)
                    return ComputeFit.Refused($"{where}: the privacy budget of agreement '{agreement.Id}' is exhausted: it asks ε={epsilon}, δ={delta}; left ε={Math.Max(0, limit.Epsilon - spentEpsilon)}, δ={Math.Max(0, limit.Delta - spentDelta)}");
                spentEpsilon += epsilon;
                spentDelta += delta;
            }

            var evaluation = policy.Evaluate(new PolicyRequest
            {
                Scope = PolicyScope.Compute,
                Party = new RequestingParty(job.Initiator),
                Action = "http://www.w3.org/ns/odrl/2/use",
                Target = agreement.AssetId,
                Time = now,
                AgreementStart = agreement.SignedAt,
                UsageCount = jobsSoFar,
                // The engine enforces the agreed minimum through the release policy, so the job asks for groups of that size.
                GroupSize = terms.MinGroupSize > 0 ? terms.MinGroupSize : null,
                Compute = new ComputeUse
                {
                    Component = task.Component,
                    ConsumerReleases = consumerKinds,
                    ProviderReleases = providerKinds,
                    Epsilon = (decimal)spentEpsilon,
                    Delta = (decimal)spentDelta,
                    ModelDigest = digest,
                    JobCount = jobsSoFar + 1,
                },
            });
            if (evaluation.Decision != PolicyDecision.Permit)
                needsApproval ??= $"{where}: agreement '{agreement.Id}' does not permit it as is: {evaluation.Reason}";
        }

        return new ComputeFit(null, needsApproval, terms);
    }

    /// <summary>The start of the period <paramref name="now"/> falls in, periods counted from the agreement's signature.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset signedAt, TimeSpan? period, DateTimeOffset now)
    {
        if (period is not { Ticks: > 0 } length || now <= signedAt) return signedAt;
        return signedAt + TimeSpan.FromTicks((now - signedAt).Ticks / length.Ticks * length.Ticks);
    }

    /// <summary>A number attribute of a task, 0 when absent.</summary>
    public static double Number(ComputeTask task, string name)
        => task.Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    // Agreements are kept in DSP form, whose terms the DSP context defines; the timestamp is DSP metadata, not ODRL.
    private static JsonObject Evaluable(JsonObject policy)
    {
        if (policy.ContainsKey("@context") && !policy.ContainsKey("timestamp")) return policy;
        var copy = (JsonObject)policy.DeepClone();
        copy.Remove("timestamp");
        if (!copy.ContainsKey("@context")) copy.Insert(0, "@context", new JsonArray(DspContext.Url));
        return copy;
    }

    private static List<string> Kinds(ComputeTask task, Func<string, bool> receiver)
        => task.Releases.Where(r => receiver(r.Key)).SelectMany(r => r.Value).Distinct(StringComparer.Ordinal).ToList();

    private static string? Beyond(List<string> asked, IReadOnlySet<string>? granted)
        => granted is null ? null : asked.FirstOrDefault(k => !granted.Contains(k));

    private static string Granted(IReadOnlySet<string>? granted) => granted is null || granted.Count == 0 ? "none" : string.Join(", ", granted.Order(StringComparer.Ordinal));
}
