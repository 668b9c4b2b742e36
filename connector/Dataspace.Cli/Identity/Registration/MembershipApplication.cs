namespace Dataspace.Cli.Identity.Registration;

/// <summary>An enterprise's application to join the data space, as the registration centre stores it.</summary>
internal sealed record MembershipApplication
{
    public required string Id { get; init; }

    public required string Did { get; init; }

    public required string LegalName { get; init; }

    public required string RegistrationScheme { get; init; }

    public required string RegistrationValue { get; init; }

    public required string ContactName { get; init; }

    public required string ContactEmail { get; init; }

    public required IReadOnlyList<string> Subspaces { get; init; }

    public required string DspEndpoint { get; init; }

    /// <summary>See <see cref="ApplicationStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why it was rejected or revoked.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The credential types the member may request over DCP issuance (none unless approved).</summary>
    public IReadOnlyList<string> CredentialTypes => Status == ApplicationStatuses.Approved
        ? Subspaces.Count > 0 ? [IssuanceTypes.Membership, IssuanceTypes.Subspace] : [IssuanceTypes.Membership]
        : [];
}
