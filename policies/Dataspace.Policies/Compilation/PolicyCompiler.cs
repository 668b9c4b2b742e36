using System.Collections.Frozen;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Compilation;

/// <summary>Checks a policy and compiles it into rule and constraint nodes; collects every problem with its JSON path.</summary>
internal sealed class PolicyCompiler
{
    private readonly PolicyEngine _engine;
    private readonly Func<string, OdrlPolicy?>? _resolve;
    private readonly List<PolicyError> _errors = [];

    public PolicyCompiler(PolicyEngine engine, Func<string, OdrlPolicy?>? resolve)
    {
        _engine = engine;
        _resolve = resolve;
    }

    public IReadOnlyList<PolicyError> Errors => _errors;

    public CompiledPolicy Compile(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);

        for (var i = 0; i < policy.Profiles.Count; i++)
        {
            if (!_engine.Options.SupportedProfiles.Contains(policy.Profiles[i], StringComparer.Ordinal))
            {
                Error($"$.profile[{i}]", $"profile '{policy.Profiles[i]}' is not supported; supported profiles: {string.Join(", ", _engine.Options.SupportedProfiles)}");
            }
        }

        var permissions = new List<CompiledRule>();
        var prohibitions = new List<CompiledRule>();
        var obligations = new List<CompiledDuty>();
        AddRules(policy, "$", permissions, prohibitions, obligations);
        var visited = new HashSet<string>(StringComparer.Ordinal) { policy.Uid };
        AddInherited(policy, "$", visited, permissions, prohibitions, obligations);

        if (permissions.Count + prohibitions.Count + obligations.Count == 0)
        {
            Error("$", "the policy has no permission, prohibition or obligation; it must have at least one rule");
        }

        return new CompiledPolicy(policy, [.. permissions], [.. prohibitions], [.. obligations], _engine.EvaluationLogger);
    }

    private void AddInherited(OdrlPolicy policy, string path, HashSet<string> visited, List<CompiledRule> permissions,
        List<CompiledRule> prohibitions, List<CompiledDuty> obligations)
    {
        for (var i = 0; i < policy.InheritFrom.Count; i++)
        {
            var parentUid = policy.InheritFrom[i];
            var parentPath = $"{path}.inheritFrom[{i}]";
            if (!visited.Add(parentUid))
            {
                Error(parentPath, $"policy '{parentUid}' is inherited in a cycle");
                continue;
            }

            var parent = _resolve?.Invoke(parentUid);
            if (parent is null)
            {
                Error(parentPath, $"the parent policy '{parentUid}' cannot be resolved; a policy whose parent is unknown cannot be evaluated");
                continue;
            }

            AddRules(parent, parentPath, permissions, prohibitions, obligations);
            AddInherited(parent, parentPath, visited, permissions, prohibitions, obligations);
        }
    }

    private void AddRules(OdrlPolicy policy, string path, List<CompiledRule> permissions, List<CompiledRule> prohibitions, List<CompiledDuty> obligations)
    {
        if (policy.Type == PolicyType.Agreement)
        {
            RequireParty(policy, path, policy.Assigner, rule => rule.Assigner, "assigner");
            RequireParty(policy, path, policy.Assignee, rule => rule.Assignee, "assignee");
        }

        for (var i = 0; i < policy.Permissions.Count; i++)
        {
            permissions.Add(CompileRule(policy, policy.Permissions[i], $"{path}.permission[{i}]", RuleKind.Permission));
        }

        for (var i = 0; i < policy.Prohibitions.Count; i++)
        {
            prohibitions.Add(CompileRule(policy, policy.Prohibitions[i], $"{path}.prohibition[{i}]", RuleKind.Prohibition));
        }

        for (var i = 0; i < policy.Obligations.Count; i++)
        {
            obligations.Add(CompileDuty(policy.Obligations[i], $"{path}.obligation[{i}]", RuleKind.Obligation));
        }
    }

    private void RequireParty(OdrlPolicy policy, string path, OdrlParty? policyLevel, Func<OdrlRule, OdrlParty?> ruleLevel, string name)
    {
        if (policyLevel is null && policy.Permissions.Concat(policy.Prohibitions).Concat(policy.Obligations).Any(rule => ruleLevel(rule) is null))
        {
            Error($"{path}.{name}", $"an Agreement must name its {name}, on the policy or on every rule");
        }
    }

    private CompiledRule CompileRule(OdrlPolicy policy, OdrlRule rule, string path, RuleKind expected)
    {
        if (rule.Kind != expected)
        {
            Error(path, $"a {rule.Kind} cannot stand where a {expected} is expected");
        }

        if (expected == RuleKind.Permission && rule.Remedies.Count > 0)
        {
            Error($"{path}.remedy", "only a prohibition has remedies; a permission's pre-conditions are duties");
        }

        if (expected == RuleKind.Prohibition && rule.Duties.Count > 0)
        {
            Error($"{path}.duty", "a prohibition cannot have duties; use remedies for what follows a violation");
        }

        if (rule.Consequences.Count > 0)
        {
            Error($"{path}.consequence", "only a duty has consequences");
        }

        var action = CheckAction(rule.Action, $"{path}.action");
        var constraints = CompileConstraints(rule.Constraints, $"{path}.constraint");
        var duties = expected == RuleKind.Permission
            ? rule.Duties.Select((duty, i) => CompileDuty(duty, $"{path}.duty[{i}]", RuleKind.Duty)).ToArray()
            : rule.Remedies.Select((remedy, i) => CompileDuty(remedy, $"{path}.remedy[{i}]", RuleKind.Remedy)).ToArray();
        return new CompiledRule
        {
            Path = path,
            Kind = expected,
            Uid = rule.Uid,
            Action = rule.Action.Iri,
            Actions = ActionsCovered(rule.Action.Iri, expected == RuleKind.Prohibition),
            Target = Member(rule.Target ?? policy.Target, rule.Target is null ? "$.target" : $"{path}.target", isParty: false),
            Assignee = Member(rule.Assignee ?? policy.Assignee, rule.Assignee is null ? "$.assignee" : $"{path}.assignee", isParty: true),
            Constraints = [.. constraints, .. action],
            Duties = duties,
        };
    }

    private CompiledDuty CompileDuty(OdrlRule duty, string path, RuleKind expected)
    {
        if (duty.Kind != expected && !(expected == RuleKind.Duty && duty.Kind == RuleKind.Obligation))
        {
            Error(path, $"a {duty.Kind} cannot stand where a {expected} is expected");
        }

        if (duty.Duties.Count > 0 || duty.Remedies.Count > 0)
        {
            Error(path, "a duty cannot have duties or remedies of its own; use consequences");
        }

        if (expected == RuleKind.Consequence && duty.Consequences.Count > 0)
        {
            Error($"{path}.consequence", "a consequence cannot have consequences of its own");
        }

        var refinements = CheckAction(duty.Action, $"{path}.action");
        return new CompiledDuty
        {
            Path = path,
            Uid = duty.Uid,
            Action = duty.Action.Iri,
            Constraints = CompileConstraints(duty.Constraints, $"{path}.constraint"),
            Refinements = refinements,
            Consequences = duty.Consequences.Select((c, i) => CompileDuty(c, $"{path}.consequence[{i}]", RuleKind.Consequence)).ToArray(),
        };
    }

    private ConstraintNode[] CheckAction(OdrlAction action, string path)
    {
        if (string.IsNullOrEmpty(action.Iri))
        {
            Error(path, "the rule has no action");
        }
        else if (!_engine.Options.Actions.IsKnown(action.Iri))
        {
            Error(path, $"action '{action.Iri}' is not known to the engine; known actions are ODRL 2.2's (e.g. {Odrl.Use}) and those a profile registers");
        }

        return CompileConstraints(action.Refinements, $"{path}.refinement");
    }

    private FrozenSet<string> ActionsCovered(string action, bool overlapping)
    {
        var hierarchy = _engine.Options.Actions;
        if (!hierarchy.IsKnown(action))
        {
            return FrozenSet<string>.Empty;
        }

        var covered = new HashSet<string>(hierarchy.Descendants(action), StringComparer.Ordinal);
        if (overlapping)
        {
            // A prohibition also stops a request for a broader action that would include the prohibited one.
            for (var parent = hierarchy.ParentOf(action); parent is not null; parent = hierarchy.ParentOf(parent))
            {
                covered.Add(parent);
            }
        }

        foreach (var iri in covered.ToArray())
        {
            if (iri.StartsWith(Odrl.Namespace, StringComparison.Ordinal))
            {
                covered.Add(iri[Odrl.Namespace.Length..]);
                covered.Add("odrl:" + iri[Odrl.Namespace.Length..]);
            }
        }

        return covered.ToFrozenSet(StringComparer.Ordinal);
    }

    private MemberMatcher? Member(OdrlAsset? asset, string path, bool isParty) =>
        asset is null ? null : new MemberMatcher(asset.Uid, isParty, CompileConstraints(asset.Refinements, $"{path}.refinement"));

    private MemberMatcher? Member(OdrlParty? party, string path, bool isParty) =>
        party is null ? null : new MemberMatcher(party.Uid, isParty, CompileConstraints(party.Refinements, $"{path}.refinement"));

    private ConstraintNode[] CompileConstraints(IReadOnlyList<OdrlConstraint> constraints, string path)
    {
        var nodes = new ConstraintNode[constraints.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = CompileConstraint(constraints[i], $"{path}[{i}]");
        }

        return nodes;
    }

    private ConstraintNode CompileConstraint(OdrlConstraint constraint, string path)
    {
        switch (constraint)
        {
            case LogicalConstraint logical:
                var name = Iris.Of(logical.Operator)[Odrl.Namespace.Length..];
                if (logical.Constraints.Count == 0)
                {
                    Error($"{path}.{name}", $"the {name} constraint has no operands; it needs at least one");
                }

                return new LogicalNode(path, logical.Operator, CompileConstraints(logical.Constraints, $"{path}.{name}"));
            case AtomicConstraint atomic:
                return CompileAtomic(atomic, path);
            default:
                Error(path, $"unsupported constraint type {constraint.GetType().Name}");
                return Invalid(path);
        }
    }

    private ConstraintNode CompileAtomic(AtomicConstraint constraint, string path)
    {
        var iri = constraint.LeftOperand;
        if (!constraint.RightOperand.HasValue)
        {
            Error($"{path}.rightOperand", "the constraint has no right operand");
            return Invalid(path);
        }

        if (_engine.Function(iri) is { } function)
        {
            CheckScopes(function.Scopes, iri, path);
            return new FunctionNode(path, constraint, function);
        }

        string? claimError = null, issuerError = null;
        var operand = _engine.BuiltIn(iri) ?? LeftOperand.Claim(iri, out claimError) ?? LeftOperand.Issuer(iri, out issuerError);
        if (operand is null)
        {
            Error($"{path}.leftOperand", claimError ?? issuerError ?? $"left operand '{iri}' is not known to the engine: it is neither built in, a claim: or issuer: operand, nor provided by a registered function or script. An unknown constraint is never ignored");
            return Invalid(path);
        }

        CheckScopes(operand.Scopes, iri, path);
        if (constraint.Unit is not null && operand.Kind != PolicyValueKind.None && iri != Odrl.PayAmount)
        {
            Error($"{path}.unit", $"{Iris.Compact(iri)} takes no unit; a unit the engine would not apply is not accepted");
            return Invalid(path);
        }

        var right = constraint.RightOperand;
        if (operand.Kind != PolicyValueKind.None)
        {
            right = ConvertRight(right, operand.Kind);
            if (!right.HasValue)
            {
                Error($"{path}.rightOperand", $"right operand '{constraint.RightOperand}' is not a valid {Expected(operand.Kind)} for {Iris.Compact(iri)}");
                return Invalid(path);
            }
        }

        if (Comparisons.Check(constraint.Operator, operand.Kind, right, operand.Hierarchy) is { } problem)
        {
            Error($"{path}.operator", $"{Iris.Compact(constraint.Operator)} cannot be used with {Iris.Compact(iri)}: {problem}");
            return Invalid(path);
        }

        var coerceTo = operand.Kind == PolicyValueKind.None ? Comparisons.TargetKind(right) : PolicyValueKind.None;
        return new AtomicNode(path, constraint with { RightOperand = right }, operand.Scopes, operand.Bind(constraint), coerceTo,
            Comparisons.Build(constraint.Operator, right, operand.Hierarchy), operand.Missing);
    }

    private void CheckScopes(PolicyScope scopes, string iri, string path)
    {
        if ((scopes & _engine.Options.EnforcedScopes) == 0)
        {
            Error($"{path}.leftOperand", $"{Iris.Compact(iri)} can be evaluated only in scope {scopes}, which this connector does not enforce ({_engine.Options.EnforcedScopes}); the constraint could never be checked");
        }
    }

    private static PolicyValue ConvertRight(PolicyValue right, PolicyValueKind kind)
    {
        if (right.Kind == PolicyValueKind.Set)
        {
            var items = new List<PolicyValue>();
            foreach (var item in right.Items)
            {
                var converted = ConvertRight(item, kind);
                if (!converted.HasValue)
                {
                    return PolicyValue.None;
                }

                items.Add(converted);
            }

            return PolicyValue.FromSet(items);
        }

        return kind == PolicyValueKind.Iri && right.Kind is PolicyValueKind.Text or PolicyValueKind.Iri
            ? PolicyValue.FromIri(right.Text!)
            : right.ConvertTo(kind);
    }

    private static string Expected(PolicyValueKind kind) => kind switch
    {
        PolicyValueKind.DateTime => "xsd:dateTime",
        PolicyValueKind.Duration => "xsd:duration (e.g. P30D)",
        PolicyValueKind.Number => "number",
        PolicyValueKind.Iri => "IRI or term",
        _ => kind.ToString(),
    };

    private static LogicalNode Invalid(string path) => new LogicalNode(path, LogicalOperator.Or, []);

    private void Error(string path, string message) => _errors.Add(new PolicyError(path, message));
}
