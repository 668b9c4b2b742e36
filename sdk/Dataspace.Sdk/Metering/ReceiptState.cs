namespace Dataspace.Sdk.Metering;

/// <summary>Where a usage receipt stands.</summary>
public enum ReceiptState
{
    /// <summary>Our signed summary is made; the counter-party's is not in yet.</summary>
    Pending = 100,

    /// <summary>Both parties signed the same figures.</summary>
    Agreed = 200,

    /// <summary>Both parties signed, with different figures: both are kept.</summary>
    Disputed = 300,

    /// <summary>The counter-party refused or cannot countersign (e.g. it has no metering); only our figures are signed.</summary>
    Unconfirmed = 400,
}
