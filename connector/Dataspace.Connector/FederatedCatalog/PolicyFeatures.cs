using System.Text.Json.Nodes;
using Dataspace.Dsp;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// Searchable names for what an offer's policy holds: <c>aggregate-only</c> (only aggregates may be computed),
/// <c>open</c> (no constraint, prohibition or duty), <c>constrained</c>, <c>action:X</c>, <c>constraint:X</c> (a
/// constraint on left operand X, by its local name), <c>prohibition:X</c> and <c>duty:X</c>.
/// </summary>
public static class PolicyFeatures
{
    /// <summary>Every permission is to aggregate (results over groups), none to use or read the records.</summary>
    public const string AggregateOnly = "aggregate-only";

    /// <summary>No constraint, prohibition or duty: anyone shown the offer may use the data.</summary>
    public const string Open = "open";

    /// <summary>At least one constraint.</summary>
    public const string Constrained = "constrained";

    /// <summary>The features of <paramref name="policies"/>, each once, in order.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<OdrlPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var features = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var constrained = false;
            var permissions = policy.Permission ?? [];
            foreach (var rule in permissions)
            {
                features.Add("action:" + Action(rule.Action));
                constrained |= Constraints(rule.Constraint, features);
            }

            foreach (var rule in policy.Prohibition ?? [])
            {
                features.Add("prohibition:" + Action(rule.Action));
                constrained |= Constraints(rule.Constraint, features);
            }

            foreach (var rule in policy.Obligation ?? [])
            {
                features.Add("duty:" + Action(rule.Action));
                constrained |= Constraints(rule.Constraint, features);
            }

            if (permissions.Count > 0 && permissions.All(r => Action(r.Action) == "aggregate"))
            {
                features.Add(AggregateOnly);
            }

            if (constrained)
            {
                features.Add(Constrained);
            }
            else if ((policy.Prohibition ?? []).Count == 0 && (policy.Obligation ?? []).Count == 0)
            {
                features.Add(Open);
            }
        }

        return [.. features];
    }

    /// <summary>The local name of an IRI or compact IRI (after its last <c>/</c>, <c>#</c> or <c>:</c>).</summary>
    internal static string LocalName(string name)
    {
        var cut = name.LastIndexOfAny(['/', '#', ':']);
        return cut >= 0 && cut < name.Length - 1 ? name[(cut + 1)..] : name;
    }

    private static string Action(JsonNode? action) => action switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => LocalName(s),
        JsonObject o when (o["rdf:value"] ?? o["value"] ?? o["@id"]) is { } inner => Action(inner),
        JsonArray { Count: > 0 } a => Action(a[0]),
        _ => "unknown",
    };

    // Adds constraint:X for each constraint (logical ones included); true when there is any.
    private static bool Constraints(IReadOnlyList<OdrlConstraint>? constraints, SortedSet<string> features)
    {
        var any = false;
        foreach (var constraint in constraints ?? [])
        {
            any = true;
            if (constraint.LeftOperand is { Length: > 0 } left)
            {
                // A claim operand (claim:Type.path) is named by its credential type and path.
                features.Add("constraint:" + (left.StartsWith("claim:", StringComparison.Ordinal) ? left : LocalName(left)));
            }

            foreach (var inner in new[] { constraint.And, constraint.Or, constraint.Xone, constraint.AndSequence })
            {
                Constraints(inner, features);
            }
        }

        return any;
    }
}
