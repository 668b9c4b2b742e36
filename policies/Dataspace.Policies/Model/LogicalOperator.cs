namespace Dataspace.Policies.Model;

/// <summary>ODRL logical constraint operators.</summary>
public enum LogicalOperator
{
    /// <summary>odrl:and: all operands are satisfied.</summary>
    And,

    /// <summary>odrl:or: at least one operand is satisfied.</summary>
    Or,

    /// <summary>odrl:xone: exactly one operand is satisfied.</summary>
    Xone,

    /// <summary>odrl:andSequence: all operands are satisfied, evaluated in order, stopping at the first that is not.</summary>
    AndSequence,
}
