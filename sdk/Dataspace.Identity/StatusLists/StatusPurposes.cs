namespace Dataspace.Identity.StatusLists;

/// <summary>The status purposes of Bitstring Status List and StatusList2021.</summary>
public static class StatusPurposes
{
    /// <summary>A set bit means the credential is revoked for good.</summary>
    public const string Revocation = "revocation";

    /// <summary>A set bit means the credential is suspended for now.</summary>
    public const string Suspension = "suspension";
}
