namespace Dataspace.Sdk.Metering;

/// <summary>Where a statement stands.</summary>
public enum StatementState
{
    /// <summary>Issued, not paid yet.</summary>
    Open = 100,

    /// <summary>Paid: evidence for the compensate duties of the agreements it charges.</summary>
    Paid = 200,
}
