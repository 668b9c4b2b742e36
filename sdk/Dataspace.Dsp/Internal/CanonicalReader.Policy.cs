using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Internal;

/// <summary>ODRL policies, rules and constraints, with the terms of the DSP ODRL profile.</summary>
internal ref partial struct CanonicalReader
{
    private static bool ReadOffer(ref CanonicalReader reader, out OdrlPolicy? policy) => reader.ReadPolicy(agreementScope: false, out policy);

    // Only the agreement message's context (which propagates into the agreement) defines timestamp.
    private static bool ReadAgreement(ref CanonicalReader reader, out OdrlPolicy? policy) => reader.ReadPolicy(agreementScope: true, out policy);

    private static bool ReadRule(ref CanonicalReader reader, out OdrlRule? rule) => reader.ReadRule(out rule);

    private static bool ReadConstraint(ref CanonicalReader reader, out OdrlConstraint? constraint) => reader.ReadConstraint(out constraint);

    private bool ReadPolicy(bool agreementScope, out OdrlPolicy? policy)
    {
        policy = null;
        string? id = null, type = null, target = null, assigner = null, assignee = null, timestamp = null;
        JsonNode? profile = null;
        IReadOnlyList<OdrlRule>? permission = null, prohibition = null, obligation = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Id => ReadIdentifier(ref id),
                Term.Type => ReadIdentifier(ref type),
                Term.Target => ReadIdentifier(ref target),
                Term.Assigner => ReadIdentifier(ref assigner),
                Term.Assignee => ReadIdentifier(ref assignee),
                Term.Profile => ReadProfile(ref profile),
                Term.Timestamp => agreementScope && ReadLiteral(ref timestamp),
                Term.Permission => ReadSet(ref permission, ReadRule),
                Term.Prohibition => ReadSet(ref prohibition, ReadRule),
                Term.Obligation => ReadSet(ref obligation, ReadRule),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        policy = new OdrlPolicy
        {
            Id = id, Type = type, Target = target, Assigner = assigner, Assignee = assignee, Profile = profile, Timestamp = timestamp,
            Permission = permission, Prohibition = prohibition, Obligation = obligation,
        };
        return true;
    }

    private bool ReadRule(out OdrlRule? rule)
    {
        rule = null;
        string? type = null, target = null, assigner = null, assignee = null;
        JsonNode? action = null;
        IReadOnlyList<OdrlConstraint>? constraint = null;
        IReadOnlyList<OdrlRule>? duty = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Action => ReadIdentifierNode(ref action),
                Term.Constraint => ReadSet(ref constraint, ReadConstraint),
                Term.Type => ReadIdentifier(ref type),
                Term.Target => ReadIdentifier(ref target),
                Term.Assigner => ReadIdentifier(ref assigner),
                Term.Assignee => ReadIdentifier(ref assignee),
                Term.Duty => ReadSet(ref duty, ReadRule),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        rule = new OdrlRule { Type = type, Action = action, Target = target, Assigner = assigner, Assignee = assignee, Constraint = constraint, Duty = duty };
        return true;
    }

    private bool ReadConstraint(out OdrlConstraint? constraint)
    {
        constraint = null;
        string? type = null, leftOperand = null, @operator = null;
        JsonNode? rightOperand = null;
        IReadOnlyList<OdrlConstraint>? and = null, or = null, xone = null, andSequence = null;
        while (NextMember())
        {
            // The logical operands are no @set: compaction writes one constraint as an object and drops an empty array.
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.LeftOperand => ReadIdentifier(ref leftOperand),
                Term.Operator => ReadIdentifier(ref @operator),
                Term.RightOperand => ReadRightOperand(ref rightOperand),
                Term.Type => ReadIdentifier(ref type),
                Term.And => ReadSet(ref and, ReadConstraint, minimumCount: 2),
                Term.Or => ReadSet(ref or, ReadConstraint, minimumCount: 2),
                Term.Xone => ReadSet(ref xone, ReadConstraint, minimumCount: 2),
                Term.AndSequence => ReadSet(ref andSequence, ReadConstraint, minimumCount: 2),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        constraint = new OdrlConstraint { Type = type, LeftOperand = leftOperand, Operator = @operator, RightOperand = rightOperand, And = and, Or = or, Xone = xone, AndSequence = andSequence };
        return true;
    }

    /// <summary>A profile: one IRI, or an array of two or more (compaction unwraps a single one).</summary>
    private bool ReadProfile(ref JsonNode? profile)
    {
        if (profile is not null)
        {
            return false;
        }

        var next = _json;
        if (!next.Read())
        {
            return false;
        }

        if (next.TokenType == JsonTokenType.String)
        {
            return ReadIdentifierNode(ref profile);
        }

        if (next.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        _json.Read();
        var items = new JsonArray();
        while (_json.Read() && _json.TokenType != JsonTokenType.EndArray)
        {
            if (_json.TokenType != JsonTokenType.String || _json.GetString() is not { } item || !CanonicalValues.IsKeptIdentifier(item))
            {
                return false;
            }

            items.Add(item);
        }

        profile = items;
        return items.Count >= 2;
    }

    /// <summary>
    /// A right operand: a scalar; an array of two or more scalars; or a typed value <c>{"@value": string, "@type": "xsd:..."}</c>,
    /// which compaction keeps as it is (an XSD datatype has no term).
    /// </summary>
    private bool ReadRightOperand(ref JsonNode? value)
    {
        if (value is not null || !_json.Read())
        {
            return false;
        }

        switch (_json.TokenType)
        {
            case JsonTokenType.StartArray or JsonTokenType.StartObject:
                var check = _json;
                if (!(_json.TokenType == JsonTokenType.StartArray ? IsScalarArray(ref check) : IsTypedValue(ref check)))
                {
                    return false;
                }

                // Held as parsed, as the record's converter holds a structured operand.
                value = JsonNode.Parse(ref _json);
                return value is not null;
            default:
                return ReadScalarNode(out value);
        }
    }

    private static bool IsScalarArray(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False))
            {
                return false;
            }

            count++;
        }

        return count >= 2;
    }

    private static bool IsTypedValue(ref Utf8JsonReader reader)
    {
        bool hasValue = false, hasType = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("@value"u8) && !hasValue)
            {
                hasValue = reader.Read() && reader.TokenType == JsonTokenType.String;
                if (!hasValue)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("@type"u8) && !hasType)
            {
                hasType = reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { } type
                    && type.StartsWith("xsd:", StringComparison.Ordinal) && type.Length > 4;
                if (!hasType)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return hasValue && hasType;
    }
}
