namespace Dataspace.Identity.Registry;

/// <summary>The values of a registry entry's <c>status</c>.</summary>
public static class ParticipantStatuses
{
    /// <summary>A member in good standing.</summary>
    public const string Active = "active";

    /// <summary>A member whose credentials the authority revoked; readers skip it.</summary>
    public const string Revoked = "revoked";
}
