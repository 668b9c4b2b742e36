using System.Globalization;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Analysis;

/// <summary>
/// Reduces an access policy to what it certainly needs of a requester's claims to permit in the catalog scope, so that a
/// catalog can skip evaluating policies its requester cannot meet (<see cref="AccessRequirement"/>).
/// </summary>
/// <remarks>
/// Sound by construction: the result is a necessary condition of <c>Decide(...) == Permit</c> in scope catalog, never a
/// sufficient one. A permit needs an exercisable permission, hence all its constraints and action refinements holding
/// (satisfied or deferred); an <c>and</c> needs every operand, an <c>or</c> or <c>xone</c> at least one. Only
/// <c>claim:</c> operands yield keys; anything else (built-in operands, functions, scripts) is taken as possibly holding.
/// Thread-safe.
/// </remarks>
public sealed class AccessPolicyAnalyzer
{
    // Bump when the analysis changes, so that stored requirements made by an older analysis are recomputed.
    private const int Version = 1;

    private readonly PolicyEngine _engine;

    /// <summary>Creates the analyzer for the policies <paramref name="engine"/> compiles.</summary>
    public AccessPolicyAnalyzer(PolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;

        // A function registered for a claim: operand replaces the claim's semantics, so stored requirements depend on them.
        var claimFunctions = engine.LeftOperands.Where(iri => iri.StartsWith(PolicyVocabulary.ClaimScheme, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Fingerprint = string.Join('|', [Version.ToString(CultureInfo.InvariantCulture), .. claimFunctions]);
    }

    /// <summary>Identifies this analysis: requirements computed under another fingerprint must be computed again.</summary>
    public string Fingerprint { get; }

    /// <summary>What <paramref name="policy"/> (as parsed, valid) needs of a requester to permit in the catalog scope.</summary>
    public AccessRequirement Analyze(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.InheritFrom.Count > 0)
        {
            return AccessRequirement.Opaque;
        }

        var permissions = policy.Permissions.Select(Permission).ToList();
        var need = Need.AnyOf(permissions);
        return need.Keys switch
        {
            null => need.Opaque ? AccessRequirement.Opaque : AccessRequirement.Everyone,
            { Count: 0 } => AccessRequirement.Nobody,
            var keys => new AccessRequirement(AccessRequirementKind.Claims, [.. keys.Order(StringComparer.Ordinal)]),
        };
    }

    private Need Permission(OdrlRule rule) =>
        Need.AllOf([.. rule.Constraints.Select(Constraint), .. rule.Action.Refinements.Select(Constraint)]);

    private Need Constraint(OdrlConstraint constraint) => constraint switch
    {
        LogicalConstraint { Operator: LogicalOperator.And or LogicalOperator.AndSequence } and => Need.AllOf([.. and.Constraints.Select(Constraint)]),
        // A satisfied or deferred or/xone needs at least one operand satisfied or deferred (LogicalNode.Combine).
        LogicalConstraint other => Need.AnyOf([.. other.Constraints.Select(Constraint)]),
        AtomicConstraint atomic => Atomic(atomic),
        _ => Need.Unknown,
    };

    private Need Atomic(AtomicConstraint constraint)
    {
        var iri = constraint.LeftOperand;
        if (!iri.StartsWith(PolicyVocabulary.ClaimScheme, StringComparison.Ordinal))
        {
            // Built-in operands say nothing about claims; functions and scripts may read anything.
            return _engine.Function(iri) is { } function && (function.Scopes & PolicyScope.Catalog) != 0 ? Need.Unknown : Need.Anyone;
        }

        if (_engine.Function(iri) is not null)
        {
            return Need.Unknown;
        }

        var segments = iri[PolicyVocabulary.ClaimScheme.Length..].Split('.');
        if (segments.Length < 2 || segments.Any(string.IsNullOrEmpty))
        {
            return Need.Unknown;
        }

        // Unobserved claims leave the constraint unresolved, which never holds: the credential at least is needed.
        var type = segments[0];
        var credential = Need.Key(AccessKeys.Credential(type));
        var path = segments[1..];
        if (!path.All(CanonicalSegment))
        {
            return credential;
        }

        var right = constraint.RightOperand;
        var kind = Comparisons.TargetKind(right);
        if (kind is not (PolicyValueKind.Text or PolicyValueKind.Iri))
        {
            return credential;
        }

        // The observed value is coerced to the right operand's kind: only strings become text or IRIs, equal by ordinal.
        var joined = string.Join('.', path);
        PolicyValue[] members = right.Kind == PolicyValueKind.Set ? right.Items.ToArray() : [right];
        switch (constraint.Operator)
        {
            case ConstraintOperator.Eq when right.Kind != PolicyValueKind.Set:
                return Need.Key(AccessKeys.Value(type, joined, right.Text!));
            case ConstraintOperator.IsAnyOf:
                // Members of another kind never equal a coerced item; with none left the constraint never holds.
                return Need.OneOf(members.Where(m => m.Kind == kind).Select(m => AccessKeys.Value(type, joined, m.Text!)));
            case ConstraintOperator.IsAllOf or ConstraintOperator.HasPart when members.Length > 0 && members[0].Kind == kind:
                return Need.Key(AccessKeys.Value(type, joined, members[0].Text!));
            default:
                return credential;
        }
    }

    // A path segment that addresses the same value as the segment the requester's keys are enumerated with: an
    // integer-looking segment such as "01" or "+1" would reach array index 1, which requester keys spell "1".
    private static bool CanonicalSegment(string segment) =>
        !int.TryParse(segment, out var index) || (index >= 0 && segment == index.ToString(CultureInfo.InvariantCulture));

    /// <summary>A necessary condition: one of <see cref="Keys"/>, or nothing known when null (opaque if it comes from something unanalysable).</summary>
    private sealed record Need(IReadOnlySet<string>? Keys, bool Opaque)
    {
        public static Need Anyone { get; } = new(null, false);

        public static Need Unknown { get; } = new(null, true);

        public static Need Key(string key) => new(new HashSet<string>(StringComparer.Ordinal) { key }, false);

        public static Need OneOf(IEnumerable<string> keys) => new(new HashSet<string>(keys, StringComparer.Ordinal), false);

        public static Need AllOf(IReadOnlyList<Need> operands)
        {
            Need? best = null;
            foreach (var operand in operands)
            {
                if (operand.Keys is { Count: 0 })
                {
                    return operand;
                }

                if (operand.Keys is not null && (best is null || Weight(operand.Keys) < Weight(best.Keys!)))
                {
                    best = operand;
                }
            }

            // Every operand is needed, so any one of them is a necessary condition: keep the most selective.
            return best ?? new Need(null, operands.Any(o => o.Opaque));
        }

        public static Need AnyOf(IReadOnlyList<Need> operands)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var operand in operands)
            {
                if (operand.Keys is null)
                {
                    return new Need(null, operands.Any(o => o.Keys is null && o.Opaque));
                }

                keys.UnionWith(operand.Keys);
            }

            return new Need(keys, false);
        }

        // Claim values single out few requesters, credential types many.
        private static int Weight(IReadOnlySet<string> keys) => keys.Sum(k => k[0] == 'v' ? 1 : 100);
    }
}
