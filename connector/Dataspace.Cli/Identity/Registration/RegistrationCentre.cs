using System.Text.Json;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Registry;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>
/// The authority as registration service: takes applications, decides them by rule or leaves them to the operator,
/// takes DCP credential requests of approved members and delivers the credentials to their Credential Services.
/// </summary>
internal sealed partial class RegistrationCentre : IDisposable
{
    private readonly ApplicationValidator _validator;
    private readonly SelfIssuedTokenValidator _tokens;
    private readonly SecureTokenService _sts;
    private readonly DidResolverRegistry _resolver;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);

    public RegistrationCentre(
        RegistrationStore store,
        CredentialAuthority desk,
        ParticipantRegistrySigner registry,
        ApplicationValidator validator,
        SelfIssuedTokenValidator tokens,
        SecureTokenService sts,
        DidResolverRegistry resolver,
        HttpClient http,
        RegistrationCentreOptions options,
        TimeProvider time,
        ILogger<RegistrationCentre> logger)
    {
        Store = store;
        Desk = desk;
        Registry = registry;
        _validator = validator;
        _tokens = tokens;
        _sts = sts;
        _resolver = resolver;
        _http = http;
        Options = options;
        _time = time;
        _logger = logger;
    }

    public RegistrationStore Store { get; }

    public CredentialAuthority Desk { get; }

    public ParticipantRegistrySigner Registry { get; }

    public RegistrationCentreOptions Options { get; }

    public string AuthorityDid => Desk.Did;

    /// <summary>The member DID of a request's <c>Authorization: Bearer</c> Self-Issued ID token for this authority, or why not.</summary>
    public async Task<(string? Did, RegistrationError? Error)> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RegistrationError(401, "unauthorized", "send 'Authorization: Bearer <Self-Issued ID token>' signed by your DID, with aud = " + AuthorityDid));
        }

        var result = await _tokens.ValidateAsync(authorization[prefix.Length..].Trim(), AuthorityDid, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? (result.Value!.Issuer, null)
            : (null, new RegistrationError(401, "unauthorized", $"{result.Failure}: {result.Reason}"));
    }

    /// <summary>
    /// Takes an application: the existing one of the DID (not created), a new one (approved at once by <c>--approve auto</c>
    /// or <c>rules</c> when it passes, else left pending with the reasons), or a refusal.
    /// </summary>
    public async Task<(MembershipApplication? Application, bool Created, RegistrationError? Error)> ApplyAsync(JsonElement body, string callerDid, CancellationToken cancellationToken)
    {
        var (application, error) = await _validator.ValidateAsync(body, callerDid, cancellationToken).ConfigureAwait(false);
        if (application is null)
        {
            return (null, false, error);
        }

        var (stored, created) = await Store.AddApplicationAsync(application, cancellationToken).ConfigureAwait(false);
        if (!created && stored.Status == ApplicationStatuses.Revoked)
        {
            return (null, false, new RegistrationError(403, "member-revoked", $"the membership of {callerDid} was revoked; only the operator can restore it"));
        }

        if (created && Options.Approval != ApprovalMode.Manual)
        {
            IReadOnlyList<string> reasons = Options.Approval == ApprovalMode.Rules
                ? Options.Rules.Check(stored)
                : ApplicationValidator.PassesAutoApproval(stored, out var why) ? [] : [why ?? "the DID's host could not be read"];
            if (reasons.Count == 0)
            {
                stored = await Store.DecideAsync(stored.Id, [ApplicationStatuses.Pending], ApplicationStatuses.Approved, null, cancellationToken).ConfigureAwait(false) ?? stored;
                LogDecided(_logger, stored.Id, stored.Did, stored.Status, "approved automatically");
            }
            else
            {
                // Recorded on the application, so the operator (and the applicant) see why it waits for review.
                var note = "waiting for the operator: " + string.Join("; ", reasons);
                stored = await Store.NoteAsync(stored.Id, note, cancellationToken).ConfigureAwait(false) ?? stored;
                LogDecided(_logger, stored.Id, stored.Did, stored.Status, note);
            }
        }

        return (stored, created, null);
    }

    /// <summary>Releases the delivery loop's wake-up signal.</summary>
    public void Dispose() => _wake.Dispose();

    [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Application {Id} of {Did} is {Status}: {Detail}")]
    private static partial void LogDecided(ILogger logger, string id, string did, string status, string detail);
}
