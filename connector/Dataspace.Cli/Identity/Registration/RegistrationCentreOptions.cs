namespace Dataspace.Cli.Identity.Registration;

/// <summary>The settings of the registration centre served by <c>authority serve</c>.</summary>
internal sealed record RegistrationCentreOptions
{
    /// <summary>Where the authority is reached (its <c>publicUrl</c>): the base of the registry's <c>next</c> links.</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>The data space the authority's trust anchor is bound to, put in every credential as <c>dataspace</c>.</summary>
    public string? Dataspace { get; init; }

    public ApprovalMode Approval { get; init; } = ApprovalMode.Manual;

    /// <summary>The rules of <see cref="ApprovalMode.Rules"/>.</summary>
    public ApprovalRules Rules { get; init; } = new();

    /// <summary>How many times a CredentialMessage is sent before the request is rejected (back-off doubles from 1 s, at most 60 s).</summary>
    public int DeliveryAttempts { get; init; } = 8;

    /// <summary>How long the credentials issued over DCP are valid.</summary>
    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromDays(365);
}
