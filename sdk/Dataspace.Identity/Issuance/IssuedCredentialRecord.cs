namespace Dataspace.Identity.Issuance;

/// <summary>What an authority remembers of a credential it issued (never the claims' secrets beyond what the credential holds).</summary>
public sealed record IssuedCredentialRecord
{
    /// <summary>The credential id.</summary>
    public required string Id { get; init; }

    /// <summary>The subject's DID.</summary>
    public required string SubjectDid { get; init; }

    /// <summary>The credential types.</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The profile it was issued in.</summary>
    public required string Profile { get; init; }

    /// <summary>Its index in the profile's revocation list.</summary>
    public required int StatusIndex { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When it expires, if ever.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Whether it was revoked.</summary>
    public bool Revoked { get; init; }
}
