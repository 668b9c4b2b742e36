namespace Dataspace.Sdk.Transfer;

/// <summary>Why a data source or sink could not do what was asked.</summary>
public enum DataFailureKind
{
    /// <summary>The address is malformed or not allowed (missing property, path outside the root, ...).</summary>
    InvalidAddress = 1,

    /// <summary>Nothing exists at the address.</summary>
    NotFound = 2,

    /// <summary>The requested range lies outside the data.</summary>
    RangeNotSatisfiable = 3,

    /// <summary>The backing store failed; trying again later may succeed.</summary>
    Unavailable = 4,
}
