namespace Dataspace.Cli.Identity.Registration;

/// <summary>A data product (a dataset of a member's catalog) registered with the registration centre, and its record.</summary>
internal sealed record ProductRegistration
{
    public const string Registered = "registered";

    /// <summary>Replaced by a later registration of the same dataset; its record is revoked.</summary>
    public const string Superseded = "superseded";

    /// <summary>Revoked by the operator (<c>authority products revoke</c>) or with the membership.</summary>
    public const string Revoked = "revoked";

    public static readonly IReadOnlyList<string> Statuses = [Registered, Superseded, Revoked];

    /// <summary>The registration number (登记编号), also the URL's id.</summary>
    public required string Number { get; init; }

    /// <summary>The provider's DID (the authenticated member).</summary>
    public required string ProviderDid { get; init; }

    /// <summary>The dataset's id in the provider's catalog.</summary>
    public required string DatasetId { get; init; }

    /// <summary>The provider's DSP endpoint, the one of its approved application.</summary>
    public required string DspEndpoint { get; init; }

    public required string Owner { get; init; }

    public required string Source { get; init; }

    /// <summary>One of <see cref="Dataspace.Connector.Catalog.DataProductTerms.ClassificationLevels"/>.</summary>
    public required string Classification { get; init; }

    /// <summary>An IRI of the EU frequency vocabulary.</summary>
    public required string UpdateFrequency { get; init; }

    public required string LegalBasis { get; init; }

    public required string Status { get; init; }

    /// <summary>The registration record: the <c>DataProductRegistrationCredential</c> JWT.</summary>
    public required string Credential { get; init; }

    /// <summary>The credential's id (its revocation entry in the status list).</summary>
    public required string CredentialId { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset? ValidUntil { get; init; }

    public string? Reason { get; init; }
}
