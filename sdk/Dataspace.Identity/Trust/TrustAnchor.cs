namespace Dataspace.Identity.Trust;

/// <summary>An authority of a data space: its DID and the credential types it may issue.</summary>
public sealed record TrustAnchor
{
    /// <summary>The authority's DID.</summary>
    public required string Did { get; init; }

    /// <summary>The credential types it may issue (e.g. <c>MembershipCredential</c>); <c>*</c> allows every type.</summary>
    public required IReadOnlyList<string> CredentialTypes { get; init; }

    /// <summary>Whether the authority may issue credentials of the type.</summary>
    public bool MayIssue(string type) => CredentialTypes.Contains("*", StringComparer.Ordinal) || CredentialTypes.Contains(type, StringComparer.Ordinal);
}
