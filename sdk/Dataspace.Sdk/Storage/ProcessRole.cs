namespace Dataspace.Sdk.Storage;

/// <summary>Which side of a negotiation or transfer this connector plays.</summary>
public enum ProcessRole
{
    /// <summary>We offer the data.</summary>
    Provider = 1,

    /// <summary>We want the data.</summary>
    Consumer = 2,
}
