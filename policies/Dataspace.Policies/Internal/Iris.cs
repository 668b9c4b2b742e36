using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Internal;

/// <summary>Maps between IRIs, enum values and the compact forms shown to people.</summary>
internal static class Iris
{
    /// <summary><c>odrl:use</c> for an ODRL IRI, <c>xsd:date</c> for an XML Schema one; other IRIs unchanged.</summary>
    public static string Compact(string iri) =>
        iri.StartsWith(Odrl.Namespace, StringComparison.Ordinal) ? "odrl:" + iri[Odrl.Namespace.Length..]
        : iri.StartsWith(Xsd, StringComparison.Ordinal) ? "xsd:" + iri[Xsd.Length..]
        : iri;

    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    /// <summary>The compact name of an operator.</summary>
    public static string Compact(ConstraintOperator op) => Compact(Of(op));

    /// <summary>The IRI of an operator.</summary>
    public static string Of(ConstraintOperator op) => op switch
    {
        ConstraintOperator.Eq => Odrl.Eq,
        ConstraintOperator.Neq => Odrl.Neq,
        ConstraintOperator.Lt => Odrl.Lt,
        ConstraintOperator.Lteq => Odrl.Lteq,
        ConstraintOperator.Gt => Odrl.Gt,
        ConstraintOperator.Gteq => Odrl.Gteq,
        ConstraintOperator.IsA => Odrl.IsA,
        ConstraintOperator.HasPart => Odrl.HasPart,
        ConstraintOperator.IsPartOf => Odrl.IsPartOf,
        ConstraintOperator.IsAllOf => Odrl.IsAllOf,
        ConstraintOperator.IsAnyOf => Odrl.IsAnyOf,
        ConstraintOperator.IsNoneOf => Odrl.IsNoneOf,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator."),
    };

    /// <summary>The operator named by an IRI, or null when it is not an ODRL operator.</summary>
    public static ConstraintOperator? Operator(string iri) => iri switch
    {
        Odrl.Eq => ConstraintOperator.Eq,
        Odrl.Neq => ConstraintOperator.Neq,
        Odrl.Lt => ConstraintOperator.Lt,
        Odrl.Lteq => ConstraintOperator.Lteq,
        Odrl.Gt => ConstraintOperator.Gt,
        Odrl.Gteq => ConstraintOperator.Gteq,
        Odrl.IsA => ConstraintOperator.IsA,
        Odrl.HasPart => ConstraintOperator.HasPart,
        Odrl.IsPartOf => ConstraintOperator.IsPartOf,
        Odrl.IsAllOf => ConstraintOperator.IsAllOf,
        Odrl.IsAnyOf => ConstraintOperator.IsAnyOf,
        Odrl.IsNoneOf => ConstraintOperator.IsNoneOf,
        _ => null,
    };

    /// <summary>The IRI of a logical operator.</summary>
    public static string Of(LogicalOperator op) => op switch
    {
        LogicalOperator.And => Odrl.And,
        LogicalOperator.Or => Odrl.Or,
        LogicalOperator.Xone => Odrl.Xone,
        LogicalOperator.AndSequence => Odrl.AndSequence,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown logical operator."),
    };
}
