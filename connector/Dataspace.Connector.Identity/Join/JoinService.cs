using System.Text.Json.Nodes;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// Joins a data space: applies to its authority, follows the application, requests the membership and subspace
/// credentials over DCP issuance once approved; the credentials arrive at the Credential Service
/// (<see cref="CredentialMessageReceiver"/>).
/// </summary>
internal sealed partial class JoinService : IDisposable
{
    /// <summary>What a joined authority is trusted to issue: nothing else it signs is accepted under this entry.</summary>
    public static readonly IReadOnlyList<string> AuthorityCredentialTypes = ["MembershipCredential", "SubspaceCredential", Dataspace.Connector.Catalog.DataProductTerms.CredentialType];

    private readonly JoinStore _store;
    private readonly JoinedTrustAnchors _anchors;
    private readonly AuthorityClient _authority;
    private readonly ILocalIdentityProvider _identity;
    private readonly TimeProvider _time;
    private readonly ILogger<JoinService> _logger;
    private readonly SemaphoreSlim _advance = new(1, 1);

    public JoinService(JoinStore store, JoinedTrustAnchors anchors, AuthorityClient authority, ILocalIdentityProvider identity, TimeProvider time, ILogger<JoinService> logger)
    {
        _store = store;
        _anchors = anchors;
        _authority = authority;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    public Task<JoinState?> GetAsync(CancellationToken cancellationToken) => _store.GetAsync(cancellationToken);

    /// <summary>Applies to the authority (or returns the application already made there) and advances as far as it can.</summary>
    /// <exception cref="JoinException">The request is incomplete, this connector cannot apply, or the authority refused.</exception>
    public async Task<JoinState> ApplyAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        if (request.Problem() is { } problem)
        {
            throw new JoinException(problem);
        }

        var identity = _identity.Current;
        var dsp = identity.Document.Services.FirstOrDefault(s => s.Type == DidServiceTypes.DataService)?.ServiceEndpoint
            ?? throw new JoinException($"this connector's DID {identity.Did} lists no DSP endpoint (a did:key cannot): give it a did:web by starting it on a fixed --port or with Connector:Identity:PublicUrl");
        try
        {
            // Trust decision: the operator named this authority's URL, so the DID its issuer metadata names
            // (DCP's 'credentialIssuer'; without one, the did:web of that URL) becomes a trust anchor, for membership
            // and subspace credentials only.
            var metadata = await _authority.GetMetadataAsync(request.Authority, cancellationToken).ConfigureAwait(false);
            var named = (metadata["credentialIssuer"] ?? metadata["issuer"]) is JsonValue v && v.TryGetValue<string>(out var issuer) ? issuer : null;
            var authorityDid = named is not null && Did.TryParse(named, out _, out _) ? named : DidWeb.FromUrl(request.Authority);
            await _anchors.AddAsync(new TrustAnchor { Did = authorityDid, CredentialTypes = AuthorityCredentialTypes }, cancellationToken).ConfigureAwait(false);

            var application = new JsonObject
            {
                ["did"] = identity.Did,
                ["legalName"] = request.LegalName.Trim(),
                ["registrationId"] = new JsonObject { ["scheme"] = request.RegistryScheme.Trim(), ["value"] = request.RegistryValue.Trim() },
                ["contact"] = new JsonObject { ["name"] = request.ContactName ?? request.LegalName.Trim(), ["email"] = request.ContactEmail.Trim() },
                ["subspaces"] = new JsonArray([.. request.Subspaces.Select(s => (JsonNode?)JsonValue.Create(s.Trim()))]),
                ["dspEndpoint"] = dsp,
            };
            var answer = await _authority.ApplyAsync(request.Authority, authorityDid, application, cancellationToken).ConfigureAwait(false);
            var id = answer["id"]?.GetValue<string>() ?? throw new JoinException("the authority's answer to the application has no 'id'");
            var status = answer["status"]?.GetValue<string>();
            LogApplied(_logger, authorityDid, id, status);
            await _store.UpdateAsync(current =>
            {
                var state = current is not null && current.ApplicationId == id && current.AuthorityDid == authorityDid
                    ? current
                    : new JoinState { AuthorityUrl = request.Authority, AuthorityDid = authorityDid, ApplicationId = id, Phase = JoinState.Applied, UpdatedAt = _time.GetUtcNow() };
                return Task.FromResult<(JoinState?, bool)>((FromApplication(state, answer), true));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthorityException e)
        {
            throw new JoinException(e.Message, e);
        }

        return await AdvanceAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("the join state was just written");
    }

    /// <summary>Takes the next step the state allows (poll the application, request credentials, poll the request); errors are kept in the state.</summary>
    public async Task<JoinState?> AdvanceAsync(CancellationToken cancellationToken)
    {
        await _advance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
            if (state is null || state.IsFinal)
            {
                return state;
            }

            try
            {
                if (state.Phase == JoinState.Applied)
                {
                    var answer = await _authority.GetApplicationAsync(state.AuthorityUrl, state.AuthorityDid, state.ApplicationId, cancellationToken).ConfigureAwait(false);
                    state = await SaveAsync(s => FromApplication(s, answer), cancellationToken).ConfigureAwait(false);
                }

                if (state is { Phase: JoinState.Approved } or { Phase: JoinState.Requested, IssuerPid: null })
                {
                    state = await RequestCredentialsAsync(state, cancellationToken).ConfigureAwait(false);
                }
                else if (state is { Phase: JoinState.Requested, IssuerPid: { } issuerPid })
                {
                    var status = await _authority.GetRequestStatusAsync(state.AuthorityUrl, state.AuthorityDid, issuerPid, cancellationToken).ConfigureAwait(false);
                    if (status["status"]?.GetValue<string>() == "REJECTED")
                    {
                        state = await SaveAsync(s => s.Phase == JoinState.Requested ? s with { Phase = JoinState.Rejected, Reason = status["reason"]?.GetValue<string>() ?? "the authority rejected the credential request" } : s, cancellationToken).ConfigureAwait(false);
                    }
                }

                return state is { LastError: not null } ? await SaveAsync(s => s with { LastError = null }, cancellationToken).ConfigureAwait(false) : state;
            }
            catch (Exception e) when (e is AuthorityException or JoinException or InvalidOperationException or FormatException)
            {
                LogStepFailed(_logger, state.Phase, e.Message);
                return await SaveAsync(s => s with { LastError = e.Message }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _advance.Release();
        }
    }

    public void Dispose() => _advance.Dispose();

    private async Task<JoinState> RequestCredentialsAsync(JoinState state, CancellationToken cancellationToken)
    {
        var metadata = await _authority.GetMetadataAsync(state.AuthorityUrl, cancellationToken).ConfigureAwait(false);
        var ids = (metadata["credentialsSupported"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(o => o["credentialType"]?.GetValue<string>() is { } type && state.CredentialTypes.Contains(type, StringComparer.Ordinal))
            .Select(o => o["id"]?.GetValue<string>())
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count == 0)
        {
            throw new JoinException($"the authority's issuer metadata offers none of the approved credential types ({string.Join(", ", state.CredentialTypes)})");
        }

        // The holder's process id is saved before the request goes out: the authority may deliver the credentials
        // before it answers, and the Credential Service accepts them only for a process id it knows.
        var holderPid = "urn:uuid:" + Guid.NewGuid().ToString();
        state = await SaveAsync(s => s with { Phase = JoinState.Requested, HolderPid = holderPid, IssuerPid = null }, cancellationToken).ConfigureAwait(false);
        var issuerPid = await _authority.RequestCredentialsAsync(state.AuthorityUrl, state.AuthorityDid, holderPid, ids, cancellationToken).ConfigureAwait(false);
        var requested = string.Join(", ", ids);
        LogRequested(_logger, state.AuthorityDid, issuerPid, requested);
        return await SaveAsync(s => s.HolderPid == holderPid ? s with { IssuerPid = issuerPid } : s, cancellationToken).ConfigureAwait(false);
    }

    private JoinState FromApplication(JoinState state, JsonObject application)
    {
        var status = application["status"]?.GetValue<string>();
        var types = application["credentialTypes"] is JsonArray a ? a.Select(t => t?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal).ToList() : [];
        var phase = status switch
        {
            "approved" when state.Phase == JoinState.Applied => JoinState.Approved,
            "approved" => state.Phase,
            "rejected" => JoinState.Rejected,
            "pending" => JoinState.Applied,
            _ => throw new JoinException($"the authority's application status '{status}' is not pending, approved or rejected"),
        };
        return state with { Phase = phase, Reason = application["reason"]?.GetValue<string>(), CredentialTypes = types.Count > 0 ? types : state.CredentialTypes, UpdatedAt = _time.GetUtcNow() };
    }

    private Task<JoinState> SaveAsync(Func<JoinState, JoinState> change, CancellationToken cancellationToken) =>
        _store.UpdateAsync(current =>
        {
            var next = current is null ? throw new InvalidOperationException("the join state disappeared") : change(current);
            next = ReferenceEquals(next, current) ? next : next with { UpdatedAt = _time.GetUtcNow() };
            return Task.FromResult<(JoinState?, JoinState)>((next, next));
        }, cancellationToken);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Applied to join the data space of {Authority}: application {Id} is {Status}")]
    private static partial void LogApplied(ILogger logger, string authority, string id, string? status);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "Requested credentials from {Authority} (issuance {IssuerPid}): {Credentials}")]
    private static partial void LogRequested(ILogger logger, string authority, string issuerPid, string credentials);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "Joining step in phase {Phase} failed (tried again later): {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string phase, string reason);
}
