using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Policies.Compilation;
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
public static class ExpandedPolicyParser
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

    private sealed class Reader
    {
        public List<PolicyError> Errors { get; } = [];

        public OdrlPolicy Policy(JsonObject node)
        {
            const string path = "$";
            CheckProperties(node, path, PolicyProperties);
            var uid = Uid(node, path);
            if (uid is null)
            {
                Error($"{path}.uid", "the policy has no identifier (@id / uid)");
            }

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

        private List<OdrlConstraint> Constraints(JsonObject node, string property, string path)
        {
            var values = Values(node, property);
            var constraints = new List<OdrlConstraint>();
            for (var i = 0; i < values.Count; i++)
            {
                if (Constraint(values[i], $"{path}[{i}]") is { } constraint)
                {
                    constraints.Add(constraint);
                }
            }

            return constraints;
        }

        private OdrlConstraint? Constraint(JsonNode? value, string path)
        {
            if (value is not JsonObject node)
            {
                Error(path, "a constraint must be an object");
                return null;
            }

            CheckProperties(node, path, ConstraintProperties);
            var logical = new[] { (Odrl.And, LogicalOperator.And), (Odrl.Or, LogicalOperator.Or), (Odrl.Xone, LogicalOperator.Xone), (Odrl.AndSequence, LogicalOperator.AndSequence) }
                .Where(pair => node.ContainsKey(pair.Item1)).ToList();
            if (logical.Count > 0)
            {
                if (logical.Count > 1 || node.ContainsKey(Odrl.LeftOperand))
                {
                    Error(path, "a constraint is either atomic (leftOperand, operator, rightOperand) or one logical operator, not both");
                    return null;
                }

                var (iri, op) = logical[0];
                var name = iri[Odrl.Namespace.Length..];
                var operands = Values(node, iri);
                var parsed = new List<OdrlConstraint>();
                for (var i = 0; i < operands.Count; i++)
                {
                    if (Constraint(operands[i], $"{path}.{name}[{i}]") is { } operand)
                    {
                        parsed.Add(operand);
                    }
                }

                return new LogicalConstraint { Uid = Uid(node, path), Operator = op, Constraints = parsed };
            }

            var left = SingleId(node, Odrl.LeftOperand, $"{path}.leftOperand", OdrlTerm);
            var opIri = SingleId(node, Odrl.Operator, $"{path}.operator", OdrlTerm);
            if (left is null)
            {
                Error($"{path}.leftOperand", "the constraint has no leftOperand");
            }

            ConstraintOperator? parsedOperator = null;
            if (opIri is null)
            {
                Error($"{path}.operator", "the constraint has no operator");
            }
            else if ((parsedOperator = Iris.Operator(opIri)) is null)
            {
                Error($"{path}.operator", $"'{opIri}' is not an ODRL operator (eq, neq, lt, lteq, gt, gteq, isA, hasPart, isPartOf, isAllOf, isAnyOf, isNoneOf)");
            }

            var dataType = SingleId(node, Odrl.DataType, $"{path}.dataType", id => id) ?? SingleId(node, DataTypeLowercase, $"{path}.dataType", id => id);
            var right = RightOperand(node, $"{path}.rightOperand", dataType);
            var unit = SingleId(node, Odrl.Unit, $"{path}.unit", id => id) ?? SingleLiteral(node, Odrl.Unit);
            if (left is null || parsedOperator is null || !right.HasValue)
            {
                return null;
            }

            return new AtomicConstraint { Uid = Uid(node, path), LeftOperand = left, Operator = parsedOperator.Value, RightOperand = right, Unit = unit };
        }

        private PolicyValue RightOperand(JsonObject node, string path, string? dataType)
        {
            var values = Values(node, Odrl.RightOperand);
            if (values.Count == 0)
            {
                Error(path, node.ContainsKey(Odrl.RightOperandReference)
                    ? "rightOperandReference is not supported; state the right operand's value"
                    : "the constraint has no rightOperand");
                return PolicyValue.None;
            }

            var items = new List<PolicyValue>();
            foreach (var value in values)
            {
                if (value is JsonObject list && list["@list"] is JsonArray members)
                {
                    items.AddRange(members.Select(member => Literal(member, path, dataType)));
                }
                else
                {
                    items.Add(Literal(value, path, dataType));
                }
            }

            if (items.Any(item => !item.HasValue))
            {
                return PolicyValue.None;
            }

            return values.Count == 1 && values[0] is JsonObject single && !single.ContainsKey("@list") ? items[0] : PolicyValue.FromSet(items);
        }

        private PolicyValue Literal(JsonNode? value, string path, string? dataType)
        {
            if (value is not JsonObject node)
            {
                return Fail(PolicyValue.None, path, "a right operand must be a value or an IRI");
            }

            if (node["@id"] is JsonValue id)
            {
                return PolicyValue.FromIri(id.GetValue<string>());
            }

            if (node["@value"] is not JsonValue literal)
            {
                return Fail(PolicyValue.None, path, "a right operand must be a value or an IRI, not a nested object");
            }

            var type = node["@type"]?.GetValue<string>() ?? dataType;
            switch (literal.GetValueKind())
            {
                case JsonValueKind.True:
                    return PolicyValue.FromBoolean(true);
                case JsonValueKind.False:
                    return PolicyValue.FromBoolean(false);
                case JsonValueKind.Number:
                    // Nodes built in code hold their CLR type (long, double); read every number through its JSON text.
                    return decimal.TryParse(literal.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                        ? PolicyValue.FromNumber(parsed) : Fail(PolicyValue.None, path, $"{literal.ToJsonString()} is out of range");
                case JsonValueKind.String:
                    var text = literal.GetValue<string>();
                    return type switch
                    {
                        Xsd + "dateTime" or Xsd + "date" or Xsd + "dateTimeStamp" => PolicyValue.TryParseDateTime(text, out var at)
                            ? PolicyValue.FromDateTime(at) : Fail(PolicyValue.None, path, $"'{text}' is not a valid {Iris.Compact(type)}"),
                        Xsd + "duration" or Xsd + "dayTimeDuration" => PolicyValue.TryParseDuration(text, out var span)
                            ? PolicyValue.FromDuration(span) : Fail(PolicyValue.None, path, $"'{text}' is not a valid xsd:duration"),
                        Xsd + "decimal" or Xsd + "integer" or Xsd + "double" or Xsd + "float" or Xsd + "int" or Xsd + "long" or Xsd + "nonNegativeInteger" or Xsd + "positiveInteger"
                            => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                                ? PolicyValue.FromNumber(number) : Fail(PolicyValue.None, path, $"'{text}' is not a valid number"),
                        Xsd + "boolean" => text is "true" or "false" ? PolicyValue.FromBoolean(text == "true") : Fail(PolicyValue.None, path, $"'{text}' is not a valid xsd:boolean"),
                        Xsd + "anyURI" => PolicyValue.FromIri(text),
                        _ => PolicyValue.FromString(text),
                    };
                default:
                    return Fail(PolicyValue.None, path, "a right operand must be a string, number, boolean or IRI");
            }
        }

        private OdrlAsset? Asset(JsonObject node, string path)
        {
            var values = Values(node, Odrl.Target);
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Error($"{path}.target", "a rule or policy has at most one target; use an odrl:AssetCollection for several assets");
            }

            var (uid, isCollection, refinements) = Member(values[0], $"{path}.target", Odrl.AssetCollection);
            return uid is null ? null : new OdrlAsset(uid) { IsCollection = isCollection, Refinements = refinements };
        }

        private OdrlParty? Party(JsonObject node, string property, string path)
        {
            var values = Values(node, property);
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Error(path, "at most one party per role; use an odrl:PartyCollection for several parties");
            }

            var (uid, isCollection, refinements) = Member(values[0], path, Odrl.PartyCollection);
            return uid is null ? null : new OdrlParty(uid) { IsCollection = isCollection, Refinements = refinements };
        }

        private (string? Uid, bool IsCollection, IReadOnlyList<OdrlConstraint> Refinements) Member(JsonNode? value, string path, string collectionType)
        {
            if (value is not JsonObject node)
            {
                Error(path, "expected an IRI or an object");
                return (null, false, []);
            }

            CheckProperties(node, path, MemberProperties);
            var uid = Id(node) ?? SingleId(node, Odrl.Source, $"{path}.source", id => id) ?? SingleId(node, Odrl.Uid, $"{path}.uid", id => id);
            var refinements = Constraints(node, Odrl.Refinement, $"{path}.refinement");
            if (uid is null)
            {
                Error(path, "the asset or party has no identifier (@id, uid or source)");
            }

            return (uid, Types(node).Select(OdrlTerm).Contains(collectionType) || refinements.Count > 0, refinements);
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
