namespace Dataspace.Policies.Model;

/// <summary>The kind of an ODRL rule.</summary>
public enum RuleKind
{
    /// <summary>odrl:permission.</summary>
    Permission,

    /// <summary>odrl:prohibition.</summary>
    Prohibition,

    /// <summary>odrl:obligation: a duty at policy level.</summary>
    Obligation,

    /// <summary>odrl:duty: a pre-condition of a permission.</summary>
    Duty,

    /// <summary>odrl:remedy: a duty that arises when a prohibition is violated.</summary>
    Remedy,

    /// <summary>odrl:consequence: a duty that arises when another duty is violated.</summary>
    Consequence,
}
