namespace Dataspace.Sdk.Identity;

/// <summary>A peer whose identity and credentials were verified: its DID and the claims of each verified credential.</summary>
public sealed record VerifiedCaller
{
    /// <summary>The caller's DID, proven by its Self-Issued ID token.</summary>
    public required string Did { get; init; }

    /// <summary>The credentials the caller presented that passed every check.</summary>
    public IReadOnlyList<VerifiedCredential> Credentials { get; init; } = [];

    /// <summary>Whether the caller holds a verified credential of the given type (e.g. <c>MembershipCredential</c>).</summary>
    public bool HasCredential(string type) => Credentials.Any(c => c.Types.Contains(type, StringComparer.Ordinal));
}
