namespace Dataspace.Policies.Model;

/// <summary>The type of a <see cref="PolicyValue"/>.</summary>
public enum PolicyValueKind
{
    /// <summary>No value (the left operand could not be observed).</summary>
    None,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A decimal number.</summary>
    Number,
    /// <summary>An instant (xsd:dateTime or xsd:date).</summary>
    DateTime,
    /// <summary>A duration (xsd:duration).</summary>
    Duration,
    /// <summary>A plain string.</summary>
    Text,
    /// <summary>An IRI or term naming a thing.</summary>
    Iri,
    /// <summary>A set of values.</summary>
    Set,
}
