namespace Dataspace.Policies.Model;

/// <summary>ODRL constraint operators.</summary>
public enum ConstraintOperator
{
    /// <summary>odrl:eq.</summary>
    Eq,
    /// <summary>odrl:neq.</summary>
    Neq,
    /// <summary>odrl:lt.</summary>
    Lt,
    /// <summary>odrl:lteq.</summary>
    Lteq,
    /// <summary>odrl:gt.</summary>
    Gt,
    /// <summary>odrl:gteq.</summary>
    Gteq,
    /// <summary>odrl:isA: the value is an instance (or subclass) of the right operand.</summary>
    IsA,
    /// <summary>odrl:hasPart: the value contains the right operand.</summary>
    HasPart,
    /// <summary>odrl:isPartOf: the value is contained in the right operand.</summary>
    IsPartOf,
    /// <summary>odrl:isAllOf: the value includes all of the right operand's members.</summary>
    IsAllOf,
    /// <summary>odrl:isAnyOf: the value is (or includes) one of the right operand's members.</summary>
    IsAnyOf,
    /// <summary>odrl:isNoneOf: the value is (and includes) none of the right operand's members.</summary>
    IsNoneOf,
}
