using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Dataspace.Policies.Internal;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Parsing;

public static partial class ExpandedPolicyParser
{
    private sealed partial class Reader
    {
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
    }
}
