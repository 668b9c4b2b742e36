using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Parsing;

/// <summary>
/// Reads an ODRL policy from expanded JSON-LD, so terms, prefixed names and IRIs have all become IRIs.
/// Collects every problem with the JSON path (in ODRL's compact names) where it is.
/// </summary>
/// <remarks>
/// Bare names left relative by a context without a vocabulary (DSP 2025-1's ODRL profile leaves <c>purpose</c>
/// or <c>read</c> as they are) are read as ODRL terms. Unknown ODRL properties are errors, never ignored;
/// properties of other vocabularies (titles, descriptions) are metadata and skipped.
/// </remarks>
public static partial class ExpandedPolicyParser
{
    private const string RdfValue = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    private const string DataTypeLowercase = Odrl.Namespace + "datatype";

    private static readonly HashSet<string> PolicyProperties =
        [Odrl.Permission, Odrl.Prohibition, Odrl.Obligation, Odrl.Target, Odrl.Assigner, Odrl.Assignee, Odrl.Conflict, Odrl.InheritFrom, Odrl.Profile, Odrl.Uid];

    private static readonly HashSet<string> RuleProperties =
        [Odrl.Action, Odrl.Target, Odrl.Assigner, Odrl.Assignee, Odrl.Constraint, Odrl.Duty, Odrl.Remedy, Odrl.Consequence, Odrl.Uid];

    private static readonly HashSet<string> ConstraintProperties =
        [Odrl.LeftOperand, Odrl.Operator, Odrl.RightOperand, Odrl.Unit, Odrl.DataType, DataTypeLowercase, Odrl.Uid,
         Odrl.And, Odrl.Or, Odrl.Xone, Odrl.AndSequence];

    private static readonly HashSet<string> MemberProperties = [Odrl.Refinement, Odrl.Source, Odrl.Uid];

    /// <summary>Parses the single policy node of an expanded JSON-LD document.</summary>
    /// <exception cref="PolicyValidationException">The document is not a valid ODRL policy.</exception>
    public static OdrlPolicy Parse(JsonArray expanded)
    {
        ArgumentNullException.ThrowIfNull(expanded);
        var nodes = expanded.OfType<JsonObject>().ToList();
        if (nodes.Count != 1 || expanded.Count != 1)
        {
            throw new PolicyValidationException([new PolicyError("$", $"expected exactly one policy object, found {expanded.Count} top-level nodes")]);
        }

        return Parse(nodes[0]);
    }

    /// <summary>Parses one expanded policy node (e.g. the offer inside a DSP message).</summary>
    /// <exception cref="PolicyValidationException">The node is not a valid ODRL policy.</exception>
    public static OdrlPolicy Parse(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var reader = new Reader();
        var policy = reader.Policy(node);
        return reader.Errors.Count > 0 ? throw new PolicyValidationException(reader.Errors) : policy;
    }

    private sealed partial class Reader
    {
        public List<PolicyError> Errors { get; } = [];

        public OdrlPolicy Policy(JsonObject node)
        {
            const string path = "$";
            CheckProperties(node, path, PolicyProperties);
            // ODRL wants a uid, but a policy stored through the management API is named by its store: none is fine.
            var uid = Uid(node, path);
            return new OdrlPolicy
            {
                Uid = uid ?? string.Empty,
                Type = PolicyTypeOf(node, path),
                Conflict = Conflict(node, path),
                Profiles = Ids(node, Odrl.Profile, $"{path}.profile"),
                InheritFrom = Ids(node, Odrl.InheritFrom, $"{path}.inheritFrom"),
                Target = Asset(node, path),
                Assigner = Party(node, Odrl.Assigner, $"{path}.assigner"),
                Assignee = Party(node, Odrl.Assignee, $"{path}.assignee"),
                Permissions = Rules(node, Odrl.Permission, $"{path}.permission", RuleKind.Permission),
                Prohibitions = Rules(node, Odrl.Prohibition, $"{path}.prohibition", RuleKind.Prohibition),
                Obligations = Rules(node, Odrl.Obligation, $"{path}.obligation", RuleKind.Obligation),
            };
        }

        private PolicyType PolicyTypeOf(JsonObject node, string path)
        {
            var types = Types(node).Select(OdrlTerm).ToList();
            if (types.Contains(Odrl.Agreement))
            {
                return PolicyType.Agreement;
            }

            if (types.Contains(Odrl.Offer))
            {
                return PolicyType.Offer;
            }

            if (types.Count == 0 || types.Contains(Odrl.Set) || types.Contains(Odrl.Policy))
            {
                return PolicyType.Set;
            }

            Error($"{path}.@type", $"policy type {string.Join(", ", types.Select(Iris.Compact))} is not supported; expected odrl:Set, odrl:Offer or odrl:Agreement");
            return PolicyType.Set;
        }

        private ConflictStrategy Conflict(JsonObject node, string path)
        {
            var value = SingleId(node, Odrl.Conflict, $"{path}.conflict", OdrlTerm);
            return value switch
            {
                null or Odrl.Invalid => ConflictStrategy.Invalid,
                Odrl.Perm => ConflictStrategy.Perm,
                Odrl.Prohibit => ConflictStrategy.Prohibit,
                _ => Fail(ConflictStrategy.Invalid, $"{path}.conflict", $"conflict strategy '{value}' is not odrl:perm, odrl:prohibit or odrl:invalid"),
            };
        }

        private List<OdrlRule> Rules(JsonObject node, string property, string path, RuleKind kind)
        {
            var rules = new List<OdrlRule>();
            var values = Values(node, property);
            for (var i = 0; i < values.Count; i++)
            {
                var rulePath = $"{path}[{i}]";
                if (values[i] is not JsonObject ruleNode)
                {
                    Error(rulePath, "a rule must be an object");
                    continue;
                }

                rules.AddRange(Rule(ruleNode, rulePath, kind));
            }

            return rules;
        }

        // A rule with several actions stands for one rule per action (ODRL 2.2, compact policies).
        private IEnumerable<OdrlRule> Rule(JsonObject node, string path, RuleKind kind)
        {
            CheckProperties(node, path, RuleProperties);
            var actions = Actions(node, $"{path}.action");
            var constraints = Constraints(node, Odrl.Constraint, $"{path}.constraint");
            var template = new OdrlRule
            {
                Kind = kind,
                Uid = Uid(node, path),
                Action = new OdrlAction(string.Empty),
                Target = Asset(node, path),
                Assigner = Party(node, Odrl.Assigner, $"{path}.assigner"),
                Assignee = Party(node, Odrl.Assignee, $"{path}.assignee"),
                Constraints = constraints,
                Duties = Rules(node, Odrl.Duty, $"{path}.duty", RuleKind.Duty),
                Remedies = Rules(node, Odrl.Remedy, $"{path}.remedy", RuleKind.Remedy),
                Consequences = Rules(node, Odrl.Consequence, $"{path}.consequence", RuleKind.Consequence),
            };
            return actions.Count == 0 ? [template] : actions.Select(action => template with { Action = action });
        }

        private List<OdrlAction> Actions(JsonObject node, string path)
        {
            var values = Values(node, Odrl.Action);
            var actions = new List<OdrlAction>();
            if (values.Count == 0)
            {
                Error(path, "the rule has no action");
            }

            for (var i = 0; i < values.Count; i++)
            {
                var actionPath = values.Count == 1 ? path : $"{path}[{i}]";
                if (values[i] is not JsonObject value)
                {
                    Error(actionPath, "an action must be an IRI or an object with rdf:value");
                    continue;
                }

                if (value.ContainsKey("@id"))
                {
                    actions.Add(new OdrlAction(OdrlTerm(Id(value)!)));
                    continue;
                }

                // A refined action: { rdf:value: action, refinement: [...] }.
                var name = SingleId(value, RdfValue, $"{actionPath}.value", OdrlTerm) ?? SingleId(value, Odrl.Action, $"{actionPath}.action", OdrlTerm);
                if (name is null)
                {
                    Error(actionPath, "a refined action must name its action in rdf:value");
                    continue;
                }

                actions.Add(new OdrlAction(name) { Refinements = Constraints(value, Odrl.Refinement, $"{actionPath}.refinement") });
            }

            return actions;
        }

        // ODRL's context maps uid to @id; an explicit odrl:uid is accepted too.
        private string? Uid(JsonObject node, string path) => Id(node) ?? SingleId(node, Odrl.Uid, $"{path}.uid", id => id);

        private List<string> Ids(JsonObject node, string property, string path)
        {
            var ids = new List<string>();
            var values = Values(node, property);
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is JsonObject value && Id(value) is { } id)
                {
                    ids.Add(id);
                }
                else
                {
                    Error($"{path}[{i}]", "expected an IRI");
                }
            }

            return ids;
        }

        private string? SingleId(JsonObject node, string property, string path, Func<string, string> normalize)
        {
            var values = Values(node, property);
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Error(path, $"expected one value, found {values.Count}");
            }

            if (values[0] is JsonObject value && (Id(value) ?? (value["@value"] is JsonValue literal && literal.GetValueKind() == JsonValueKind.String ? literal.GetValue<string>() : null)) is { } id)
            {
                return normalize(id);
            }

            Error(path, "expected an IRI or term");
            return null;
        }

        private static string? SingleLiteral(JsonObject node, string property) =>
            Values(node, property) is [JsonObject { } value] && value["@value"] is JsonValue literal ? literal.ToString() : null;

        private void CheckProperties(JsonObject node, string path, HashSet<string> known)
        {
            foreach (var (name, _) in node)
            {
                if (name.StartsWith(Odrl.Namespace, StringComparison.Ordinal) && !known.Contains(name))
                {
                    Error($"{path}.{name[Odrl.Namespace.Length..]}", $"{Iris.Compact(name)} is not supported here; an ODRL property the engine does not understand is never ignored");
                }
            }
        }

        private static List<JsonNode?> Values(JsonObject node, string property) => node[property] switch
        {
            JsonArray array => [.. array],
            null => [],
            JsonNode single => [single],
        };

        private static string? Id(JsonObject node) => node["@id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : null;

        private static List<string> Types(JsonObject node) => node["@type"] switch
        {
            JsonArray array => [.. array.OfType<JsonValue>().Select(t => t.GetValue<string>())],
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };

        // Contexts without a vocabulary (DSP's ODRL profile) leave ODRL terms such as "read" or "purpose" relative.
        private static string OdrlTerm(string value) =>
            value.Contains(':', StringComparison.Ordinal) ? value : Odrl.Namespace + value;

        private T Fail<T>(T value, string path, string message)
        {
            Error(path, message);
            return value;
        }

        private void Error(string path, string message) => Errors.Add(new PolicyError(path, message));
    }
}
