using Dataspace.Policies.Compilation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Microsoft.Extensions.Logging;

namespace Dataspace.Policies.Evaluation;

/// <summary>A validated policy compiled for evaluation; thread-safe and meant to be cached.</summary>
public sealed partial class CompiledPolicy
{
    private readonly CompiledRule[] _permissions;
    private readonly CompiledRule[] _prohibitions;
    private readonly CompiledDuty[] _obligations;
    private readonly ILogger _logger;

    internal CompiledPolicy(OdrlPolicy policy, CompiledRule[] permissions, CompiledRule[] prohibitions, CompiledDuty[] obligations, ILogger logger)
    {
        Policy = policy;
        _logger = logger;
        _permissions = permissions;
        _prohibitions = prohibitions;
        _obligations = obligations;
    }

    /// <summary>The policy as given (before inheritance was applied).</summary>
    public OdrlPolicy Policy { get; }

    /// <summary>The decision alone, without building a report: the path for every data access.</summary>
    public PolicyDecision Decide(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var applies = false;
        var permitted = false;
        foreach (var permission in _permissions)
        {
            var state = permission.State(request);
            applies |= state != RuleState.NotApplicable;
            if (state == RuleState.Exercisable)
            {
                permitted = true;
                break;
            }
        }

        var prohibited = false;
        foreach (var prohibition in _prohibitions)
        {
            var state = prohibition.State(request);
            applies |= state != RuleState.NotApplicable;
            if (state == RuleState.Active)
            {
                prohibited = true;
                break;
            }
        }

        var breached = false;
        foreach (var obligation in _obligations)
        {
            if (obligation.State(request) == DutyState.Violated)
            {
                breached = true;
                break;
            }
        }

        return Combine(applies, permitted, prohibited, breached);
    }

    /// <summary>The decision, a one-line reason and the full compliance report.</summary>
    public PolicyEvaluation Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = new List<RuleReport>(_permissions.Length + _prohibitions.Length);
        RuleReport? permit = null;
        RuleReport? firstInactive = null;
        foreach (var permission in _permissions)
        {
            var report = permission.Explain(request);
            rules.Add(report);
            if (report.State == RuleState.Exercisable)
            {
                permit ??= report;
            }
            else if (report.State != RuleState.NotApplicable)
            {
                firstInactive ??= report;
            }
        }

        RuleReport? prohibit = null;
        var prohibitionApplies = false;
        foreach (var prohibition in _prohibitions)
        {
            var report = prohibition.Explain(request);
            rules.Add(report);
            prohibitionApplies |= report.State != RuleState.NotApplicable;
            if (report.State == RuleState.Active)
            {
                prohibit ??= report;
            }
        }

        var obligations = Array.ConvertAll(_obligations, obligation => obligation.Explain(request));
        var breach = Array.Find(obligations, o => o.State == DutyState.Violated);
        var applies = permit is not null || firstInactive is not null || prohibitionApplies;
        var decision = Combine(applies, permit is not null, prohibit is not null, breach is not null);
        var reason = Reason(request, decision, permit, prohibit, firstInactive, breach);
        if (decision == PolicyDecision.Permit)
        {
            LogPermitted(_logger, Policy.Uid, request.Scope, request.Action, request.Target, request.Party.Id, reason);
        }
        else
        {
            LogNotPermitted(_logger, Policy.Uid, decision, request.Scope, request.Action, request.Target, request.Party.Id, reason);
        }

        var pending = new List<DutyReport>();
        if (permit is not null)
        {
            pending.AddRange(permit.Duties.Where(d => d.State == DutyState.Pending));
        }

        pending.AddRange(obligations.Where(o => o.State == DutyState.Pending));
        return new PolicyEvaluation
        {
            Decision = decision,
            Reason = reason,
            PendingDuties = pending,
            Report = new ComplianceReport
            {
                PolicyUid = Policy.Uid,
                Scope = request.Scope,
                Time = request.Time,
                Action = request.Action,
                Target = request.Target,
                Party = request.Party.Id,
                Conflict = Policy.Conflict,
                Decision = decision,
                Reason = reason,
                Rules = rules,
                Obligations = obligations,
            },
        };
    }

    private PolicyDecision Combine(bool applies, bool permitted, bool prohibited, bool breached)
    {
        if (breached)
        {
            return PolicyDecision.Deny;
        }

        if (permitted && prohibited)
        {
            return Policy.Conflict == ConflictStrategy.Perm ? PolicyDecision.Permit : PolicyDecision.Deny;
        }

        if (prohibited)
        {
            return PolicyDecision.Deny;
        }

        if (permitted)
        {
            return PolicyDecision.Permit;
        }

        return applies ? PolicyDecision.Deny : PolicyDecision.NotApplicable;
    }

    private string Reason(PolicyRequest request, PolicyDecision decision, RuleReport? permit, RuleReport? prohibit, RuleReport? inactive, DutyReport? breach)
    {
        if (breach is not null)
        {
            return $"Denied: obligation {breach.Path} ({Iris.Compact(breach.Action)}) was violated and not remedied.";
        }

        if (permit is not null && prohibit is not null)
        {
            return Policy.Conflict switch
            {
                ConflictStrategy.Perm => $"Permitted by {permit.Path} ({Iris.Compact(permit.Action)}), which overrides prohibition {prohibit.Path} (conflict strategy perm).",
                ConflictStrategy.Prohibit => $"Denied by prohibition {prohibit.Path} ({Iris.Compact(prohibit.Action)}), which overrides permission {permit.Path} (conflict strategy prohibit).",
                _ => $"Denied: permission {permit.Path} and prohibition {prohibit.Path} conflict, which voids the policy (conflict strategy invalid).",
            };
        }

        if (prohibit is not null)
        {
            return $"Denied by prohibition {prohibit.Path} ({Iris.Compact(prohibit.Action)}), which is active.";
        }

        if (permit is not null)
        {
            return $"Permitted by {permit.Path} ({Iris.Compact(permit.Action)}).";
        }

        if (inactive is not null)
        {
            return $"Denied: permission {inactive.Path} ({Iris.Compact(inactive.Action)}) {(inactive.State == RuleState.Inactive ? "is not active" : "cannot be exercised")}: {inactive.Reason}.";
        }

        return decision == PolicyDecision.Deny
            ? $"Denied: no permission allows {Iris.Compact(request.Action)} on {request.Target} for {request.Party.Id}."
            : $"Not applicable: no rule of {(Policy.Uid.Length > 0 ? "policy " + Policy.Uid : "the policy")} is about {Iris.Compact(request.Action)} on {request.Target} for {request.Party.Id}.";
    }
}
