using Dataspace.Identity.Issuance;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>
/// The operator's decisions on applications and members, shared by the CLI (<c>authority applications approve|reject</c>,
/// <c>authority members revoke</c>) and the authority's management API, so both do exactly the same.
/// </summary>
internal static class ApplicationReview
{
    /// <summary>The longest rejection reason taken (it is shown to the applicant).</summary>
    public const int MaxReason = 1024;

    /// <summary>Approves a pending application: the member may then request its credentials over DCP.</summary>
    public static Task<(MembershipApplication? Application, RegistrationError? Error)> ApproveAsync(RegistrationStore store, string id, CancellationToken cancellationToken) =>
        DecideAsync(store, id, ApplicationStatuses.Approved, null, cancellationToken);

    /// <summary>Rejects a pending application with the reason the applicant is told.</summary>
    public static Task<(MembershipApplication? Application, RegistrationError? Error)> RejectAsync(RegistrationStore store, string id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult<(MembershipApplication?, RegistrationError?)>((null, RegistrationError.BadRequest("invalid-request", "a rejection needs the reason the applicant is told")));
        }

        if (reason.Length > MaxReason)
        {
            return Task.FromResult<(MembershipApplication?, RegistrationError?)>((null, RegistrationError.BadRequest("invalid-request", $"the reason has {reason.Length} characters; at most {MaxReason} are taken")));
        }

        return DecideAsync(store, id, ApplicationStatuses.Rejected, reason.Trim(), cancellationToken);
    }

    /// <summary>
    /// Revokes every credential issued to <paramref name="did"/> (status lists) and marks its application revoked, so the
    /// registry lists it as revoked; how many credentials were revoked, or why nothing was done.
    /// </summary>
    public static async Task<(int Revoked, RegistrationError? Error)> RevokeMemberAsync(RegistrationStore store, CredentialAuthority desk, string did, CancellationToken cancellationToken)
    {
        var revoked = 0;
        foreach (var record in (await desk.ListAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.SubjectDid == did && !r.Revoked))
        {
            if (await desk.RevokeAsync(record.Id, cancellationToken).ConfigureAwait(false))
            {
                revoked++;
            }
        }

        var application = await store.FindMemberAsync(did, cancellationToken).ConfigureAwait(false);
        var marked = application is not null && await store.DecideAsync(
            application.Id, [ApplicationStatuses.Approved, ApplicationStatuses.Pending], ApplicationStatuses.Revoked, "membership revoked by the operator", cancellationToken).ConfigureAwait(false) is not null;
        // Its data product records were among its credentials (their subject is the member): the registrations end too.
        await store.RevokeProductsOfAsync(did, "membership revoked by the operator", cancellationToken).ConfigureAwait(false);
        if (revoked == 0 && !marked && application?.Status != ApplicationStatuses.Revoked)
        {
            return (0, new RegistrationError(404, "not-found", $"{did} is not a member and holds no credential of this authority"));
        }

        return (revoked, null);
    }

    private static async Task<(MembershipApplication? Application, RegistrationError? Error)> DecideAsync(RegistrationStore store, string id, string to, string? reason, CancellationToken cancellationToken)
    {
        var decided = await store.DecideAsync(id, [ApplicationStatuses.Pending], to, reason, cancellationToken).ConfigureAwait(false);
        if (decided is not null)
        {
            return (decided, null);
        }

        var existing = await store.GetApplicationAsync(id, cancellationToken).ConfigureAwait(false);
        return (null, existing is null
            ? new RegistrationError(404, "not-found", $"no application '{id}'")
            : new RegistrationError(409, "not-pending", $"application {existing.Id} is {existing.Status}, not pending"));
    }
}
