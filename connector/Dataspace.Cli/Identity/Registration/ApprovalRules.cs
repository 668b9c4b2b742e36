namespace Dataspace.Cli.Identity.Registration;

/// <summary>
/// The rules of <c>--approve rules</c>: what an application must show to be approved without the operator. Each rule
/// that fails gives a reason, recorded on the application so the operator sees why it waits.
/// </summary>
internal sealed record ApprovalRules
{
    /// <summary>The subspaces an application may name to be approved by rule; null: any.</summary>
    public IReadOnlySet<string>? AllowedSubspaces { get; init; }

    /// <summary>Why <paramref name="application"/> is not approved by rule; empty when it passes every rule.</summary>
    public IReadOnlyList<string> Check(MembershipApplication application)
    {
        var reasons = new List<string>();

        // The validator has refused an invalid USCC already; another registry's id cannot be checked here.
        if (application.RegistrationScheme != UnifiedSocialCreditCode.Scheme)
        {
            reasons.Add($"registrationId scheme {application.RegistrationScheme} is not USCC, so its code cannot be checked");
        }

        if (!application.Did.StartsWith("did:web:", StringComparison.Ordinal))
        {
            reasons.Add($"{application.Did} is not a did:web, so it shows no domain the applicant controls");
        }
        else if (!ApplicationValidator.PassesAutoApproval(application, out var why))
        {
            reasons.Add(why ?? "the DID's host could not be read");
        }

        if (AllowedSubspaces is not null && application.Subspaces.Where(s => !AllowedSubspaces.Contains(s)).ToList() is { Count: > 0 } other)
        {
            reasons.Add($"subspaces {string.Join(", ", other)} are not approved by rule (allowed: {(AllowedSubspaces.Count == 0 ? "none" : string.Join(", ", AllowedSubspaces.Order(StringComparer.Ordinal)))})");
        }

        return reasons;
    }
}
