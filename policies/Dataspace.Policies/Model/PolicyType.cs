namespace Dataspace.Policies.Model;

/// <summary>The ODRL policy subclasses the engine accepts.</summary>
public enum PolicyType
{
    /// <summary>odrl:Set: rules without a fixed assignee.</summary>
    Set,

    /// <summary>odrl:Offer: rules proposed by an assigner.</summary>
    Offer,

    /// <summary>odrl:Agreement: rules agreed between an assigner and an assignee.</summary>
    Agreement,
}
