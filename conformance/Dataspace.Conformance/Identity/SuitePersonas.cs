namespace Dataspace.Conformance.Identity;

/// <summary>The personas the suite plays, each holding different credentials from the suite's authority.</summary>
public static class SuitePersonas
{
    /// <summary>Holds a valid <see cref="SuiteIdentity.MembershipCredential"/> of the configured data space.</summary>
    public const string Member = "member";

    /// <summary>Holds only a valid <see cref="SuiteIdentity.IndustryCredential"/>: a credential, but not the membership.</summary>
    public const string Outsider = "outsider";

    /// <summary>Holds no credential at all (its token is valid; its Credential Service presents nothing).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Holds a membership credential the authority revoked in its status list.</summary>
    public const string Revoked = "revoked";

    /// <summary>Holds a membership credential whose validity ended a day ago.</summary>
    public const string Expired = "expired";

    /// <summary>Every persona.</summary>
    public static IReadOnlyList<string> All { get; } = [Member, Outsider, Anonymous, Revoked, Expired];
}
