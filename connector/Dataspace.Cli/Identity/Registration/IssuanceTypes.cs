namespace Dataspace.Cli.Identity.Registration;

/// <summary>The credential types the registration centre issues over DCP; each is also its credential object's id.</summary>
internal static class IssuanceTypes
{
    public const string Membership = "MembershipCredential";

    /// <summary>One credential per approved subspace, the subspace as <c>credentialSubject.subspace</c>.</summary>
    public const string Subspace = "SubspaceCredential";

    public static readonly IReadOnlyList<string> All = [Membership, Subspace];
}
