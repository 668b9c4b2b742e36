using System.Collections.Frozen;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Compilation;

/// <summary>Builds, once per constraint, the predicate that compares an observed value with the right operand.</summary>
internal static class Comparisons
{
    /// <summary>Which operators a left operand of a given value kind supports; null when the operator is not allowed.</summary>
    public static string? Check(ConstraintOperator op, PolicyValueKind leftKind, PolicyValue right, TermHierarchy? hierarchy)
    {
        var rightIsSet = right.Kind == PolicyValueKind.Set;
        var ordered = leftKind is PolicyValueKind.Number or PolicyValueKind.DateTime or PolicyValueKind.Duration;
        return op switch
        {
            ConstraintOperator.Eq or ConstraintOperator.Neq => null,
            ConstraintOperator.Lt or ConstraintOperator.Lteq or ConstraintOperator.Gt or ConstraintOperator.Gteq =>
                rightIsSet ? "an ordering operator needs a single right operand, not a set"
                : ordered || (leftKind == PolicyValueKind.None && right.Kind is PolicyValueKind.Number or PolicyValueKind.DateTime or PolicyValueKind.Duration) ? null
                : $"an ordering operator needs numbers, dates or durations, not {Describe(leftKind == PolicyValueKind.None ? right.Kind : leftKind)}",
            ConstraintOperator.IsA =>
                hierarchy is null ? "isA needs a left operand with a taxonomy (purpose, spatial, industry)"
                : rightIsSet ? "isA needs a single class as right operand" : null,
            ConstraintOperator.IsPartOf or ConstraintOperator.HasPart =>
                hierarchy is not null || rightIsSet || leftKind is PolicyValueKind.Set or PolicyValueKind.None ? null
                : $"{Iris.Compact(op)} needs a taxonomy or a set, not {Describe(leftKind)}",
            ConstraintOperator.IsAllOf or ConstraintOperator.IsAnyOf or ConstraintOperator.IsNoneOf =>
                rightIsSet || hierarchy is not null || leftKind is PolicyValueKind.Set or PolicyValueKind.None ? null
                : $"{Iris.Compact(op)} needs a set (a list of values) as right operand",
            _ => "unknown operator",
        };
    }

    /// <summary>The predicate for a checked constraint.</summary>
    public static Func<PolicyValue, bool> Build(ConstraintOperator op, PolicyValue right, TermHierarchy? hierarchy)
    {
        switch (op)
        {
            case ConstraintOperator.Eq:
                return Equality(right, hierarchy);
            case ConstraintOperator.Neq:
                var eq = Equality(right, hierarchy);
                return value => !eq(value);
            case ConstraintOperator.Lt:
                return Ordering(right, order => order < 0);
            case ConstraintOperator.Lteq:
                return Ordering(right, order => order <= 0);
            case ConstraintOperator.Gt:
                return Ordering(right, order => order > 0);
            case ConstraintOperator.Gteq:
                return Ordering(right, order => order >= 0);
            case ConstraintOperator.IsA:
            case ConstraintOperator.IsPartOf when hierarchy is not null && right.Kind != PolicyValueKind.Set:
                var within = hierarchy!.CompileMatcher(right.Text!);
                Func<PolicyValue, bool> isWithin = item => item.Text is { } text && within(text);
                return value => AllItems(value, isWithin);
            case ConstraintOperator.IsPartOf:
                var container = Members(right, hierarchy);
                return value => AllItems(value, container);
            case ConstraintOperator.HasPart when hierarchy is not null && right.Kind != PolicyValueKind.Set:
                var above = hierarchy.CompileAbove(right.Text!);
                return value => value.Kind == PolicyValueKind.Set ? Contains(value, right) : value.Text is { } text && above.Contains(text);
            case ConstraintOperator.HasPart:
            case ConstraintOperator.IsAllOf:
                var required = right.Kind == PolicyValueKind.Set ? right.Items.ToArray() : [right];
                return value =>
                {
                    foreach (var member in required)
                    {
                        if (!Contains(value, member))
                        {
                            return false;
                        }
                    }

                    return true;
                };
            case ConstraintOperator.IsAnyOf:
                var any = Members(right, hierarchy);
                return value => AnyItem(value, any);
            case ConstraintOperator.IsNoneOf:
                var none = Members(right, hierarchy);
                return value => !AnyItem(value, none);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator.");
        }
    }

    /// <summary>Converts an observed value to the kind of the right operand (or of its members).</summary>
    public static PolicyValue Coerce(PolicyValue value, PolicyValueKind kind)
    {
        if (kind == PolicyValueKind.None || value.Kind == kind)
        {
            return value;
        }

        if (value.Kind == PolicyValueKind.Set)
        {
            var items = new PolicyValue[value.Items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = value.Items[i].ConvertTo(kind);
                if (!items[i].HasValue)
                {
                    return PolicyValue.None;
                }
            }

            return PolicyValue.FromSet(items);
        }

        return value.ConvertTo(kind);
    }

    /// <summary>The kind observed values are converted to before comparing with <paramref name="right"/>.</summary>
    public static PolicyValueKind TargetKind(PolicyValue right)
    {
        if (right.Kind != PolicyValueKind.Set)
        {
            return right.Kind;
        }

        var items = right.Items;
        return items.Length > 0 ? items[0].Kind : PolicyValueKind.None;
    }

    private static Func<PolicyValue, bool> Equality(PolicyValue right, TermHierarchy? hierarchy)
    {
        if (hierarchy is not null && right.Kind != PolicyValueKind.Set)
        {
            var spellings = new[] { hierarchy.Normalize(right.Text!), hierarchy.Namespace + hierarchy.Normalize(right.Text!) }
                .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
            return value => value.Text is { } text && spellings.Contains(text);
        }

        return value => value.Equals(right);
    }

    private static Func<PolicyValue, bool> Ordering(PolicyValue right, Func<int, bool> accept) => right.Kind switch
    {
        PolicyValueKind.Number => value => value.Kind == PolicyValueKind.Number && accept(value.Number.CompareTo(right.Number)),
        _ => value => value.Kind == right.Kind && accept(value.Ticks.CompareTo(right.Ticks)),
    };

    private static Func<PolicyValue, bool> Members(PolicyValue right, TermHierarchy? hierarchy)
    {
        PolicyValue[] members = right.Kind == PolicyValueKind.Set ? right.Items.ToArray() : [right];
        if (hierarchy is not null)
        {
            var spellings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in members)
            {
                spellings.UnionWith(hierarchy.CompileWithin(member.Text ?? member.ToString()));
            }

            var matcher = hierarchy.CompileMatcher(spellings.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
            return item => item.Text is { } text && matcher(text);
        }

        return item => members.Contains(item);
    }

    private static bool AllItems(PolicyValue value, Func<PolicyValue, bool> test)
    {
        if (value.Kind != PolicyValueKind.Set)
        {
            return test(value);
        }

        foreach (var item in value.Items)
        {
            if (!test(item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyItem(PolicyValue value, Func<PolicyValue, bool> test)
    {
        if (value.Kind != PolicyValueKind.Set)
        {
            return test(value);
        }

        foreach (var item in value.Items)
        {
            if (test(item))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(PolicyValue value, PolicyValue member) =>
        value.Kind == PolicyValueKind.Set ? value.Items.Contains(member) : value.Equals(member);

    private static string Describe(PolicyValueKind kind) => kind switch
    {
        PolicyValueKind.Iri => "IRIs",
        PolicyValueKind.Text => "strings",
        PolicyValueKind.Boolean => "booleans",
        PolicyValueKind.Set => "sets",
        _ => kind.ToString(),
    };
}
