namespace Dataspace.Cli.Identity.Registration;

/// <summary>The states of an application.</summary>
internal static class ApplicationStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>Approved once, then revoked by <c>authority members revoke</c>: listed as revoked in the registry.</summary>
    public const string Revoked = "revoked";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected, Revoked];
}
