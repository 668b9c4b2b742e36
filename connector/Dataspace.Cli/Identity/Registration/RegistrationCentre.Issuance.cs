using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Identity.Registration;

internal sealed partial class RegistrationCentre
{
    public const string Received = "RECEIVED";
    public const string Issued = "ISSUED";
    public const string Rejected = "REJECTED";

    private const int MaxHolderPid = 256;
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(60);

    /// <summary>The DCP <c>IssuerMetadata</c>: one <c>CredentialObject</c> per type, its id the type name.</summary>
    public JsonObject IssuerMetadata() => new()
    {
        ["@context"] = new JsonArray(DcpContext.Url),
        ["type"] = "IssuerMetadata",
        ["credentialIssuer"] = AuthorityDid,
        ["credentialsSupported"] = new JsonArray([.. IssuanceTypes.All.Select(t => (JsonNode?)new JsonObject
        {
            ["id"] = t,
            ["type"] = "CredentialObject",
            ["credentialType"] = t,
            ["offerReason"] = "membership",
            ["bindingMethods"] = new JsonArray("did:web", "did:key"),
            ["profile"] = CredentialProfiles.Vc20Bssl,
            ["issuancePolicy"] = new JsonObject { ["id"] = "approved-application", ["input_descriptors"] = new JsonArray() },
        })]),
    };

    /// <summary>Takes a <c>CredentialRequestMessage</c> of <paramref name="callerDid"/>: stored as RECEIVED and delivered in the background, or refused.</summary>
    public async Task<(IssuanceRequest? Request, RegistrationError? Error)> RequestCredentialsAsync(JsonElement body, string callerDid, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("holderPid", out var pid) || pid.ValueKind != JsonValueKind.String || pid.GetString() is not { Length: > 0 and <= MaxHolderPid } holderPid
            || !body.TryGetProperty("credentials", out var credentials) || credentials.ValueKind != JsonValueKind.Array || credentials.GetArrayLength() is 0 or > 16)
        {
            return (null, RegistrationError.BadRequest("invalid-request", "a CredentialRequestMessage has 'holderPid' (a string) and 'credentials': 1 to 16 objects {\"id\": \"<credential object id>\"}"));
        }

        if (body.TryGetProperty("type", out var type) && type.GetString() != "CredentialRequestMessage")
        {
            return (null, RegistrationError.BadRequest("invalid-request", $"type is '{type}', expected 'CredentialRequestMessage'"));
        }

        var ids = new List<string>();
        foreach (var credential in credentials.EnumerateArray())
        {
            var id = credential.ValueKind == JsonValueKind.Object && credential.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : null;
            if (id is null || !IssuanceTypes.All.Contains(id, StringComparer.Ordinal))
            {
                return (null, RegistrationError.BadRequest("invalid-request", $"credentials[].id must name a credential object of GET /issuance/metadata: {string.Join(", ", IssuanceTypes.All)}"));
            }

            ids.Add(id);
        }

        var member = await Store.FindMemberAsync(callerDid, cancellationToken).ConfigureAwait(false);
        var allowed = member?.CredentialTypes ?? [];
        if (ids.FirstOrDefault(id => !allowed.Contains(id, StringComparer.Ordinal)) is { } notAllowed)
        {
            return (null, new RegistrationError(403, "not-allowed", member?.Status == ApplicationStatuses.Approved
                ? $"the approved application of {callerDid} does not allow {notAllowed} (it allows {string.Join(", ", allowed)})"
                : $"{callerDid} has no approved application ({member?.Status ?? "none"}); apply at POST /registration/applications first"));
        }

        var request = new IssuanceRequest
        {
            IssuerPid = Guid.NewGuid().ToString("N"),
            HolderPid = holderPid,
            Did = callerDid,
            CredentialIds = [.. ids.Distinct(StringComparer.Ordinal)],
            Status = Received,
            NextAttemptAt = _time.GetUtcNow(),
        };
        await Store.AddRequestAsync(request, cancellationToken).ConfigureAwait(false);
        _wake.Release();
        return (request, null);
    }

    /// <summary>The DCP <c>CredentialStatus</c> of a request.</summary>
    public static JsonObject CredentialStatus(IssuanceRequest request)
    {
        var json = new JsonObject
        {
            ["@context"] = new JsonArray(DcpContext.Url),
            ["type"] = "CredentialStatus",
            ["issuerPid"] = request.IssuerPid,
            ["holderPid"] = request.HolderPid,
            ["status"] = request.Status,
        };
        if (request.Reason is not null)
        {
            json["rejectionReason"] = request.Reason;
        }

        return json;
    }

    /// <summary>Delivers due requests until stopped: woken by each new request, and every second for retries.</summary>
    public async Task RunDeliveryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var request in await Store.DueRequestsAsync(16, cancellationToken).ConfigureAwait(false))
                {
                    await DeliverAsync(request, cancellationToken).ConfigureAwait(false);
                }

                await _wake.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // A busy or failing disk: keep the loop alive and try again shortly.
                LogDeliveryLoopFailed(_logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverAsync(IssuanceRequest request, CancellationToken cancellationToken)
    {
        var member = await Store.FindMemberAsync(request.Did, cancellationToken).ConfigureAwait(false);
        if (member?.Status != ApplicationStatuses.Approved)
        {
            await RejectAsync(request, $"{request.Did} is no longer an approved member ({member?.Status ?? "none"})", cancellationToken).ConfigureAwait(false);
            return;
        }

        var credentials = request.Credentials;
        if (credentials.Count == 0)
        {
            credentials = await IssueAsync(request, member, cancellationToken).ConfigureAwait(false);
            await Store.SaveIssuedAsync(request.IssuerPid, credentials, cancellationToken).ConfigureAwait(false);
        }

        var attempt = request.Attempts + 1;
        var failure = await SendAsync(request, credentials, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            await Store.UpdateRequestAsync(request.IssuerPid, Issued, null, attempt, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            LogDelivered(_logger, request.IssuerPid, request.Did, credentials.Count);
            return;
        }

        if (attempt >= Options.DeliveryAttempts)
        {
            await RejectAsync(request with { Credentials = credentials }, $"the credentials could not be delivered in {attempt} attempts; last: {failure}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var backOff = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, attempt - 1)));
        LogDeliveryRetry(_logger, request.IssuerPid, request.Did, attempt, backOff.TotalSeconds, failure);
        await Store.UpdateRequestAsync(request.IssuerPid, Received, failure, attempt, _time.GetUtcNow() + backOff, cancellationToken).ConfigureAwait(false);
    }

    // Rejecting a request revokes what was issued for it but never delivered, so no valid credential is left behind.
    private async Task RejectAsync(IssuanceRequest request, string reason, CancellationToken cancellationToken)
    {
        foreach (var credential in request.Credentials)
        {
            await Desk.RevokeAsync(credential.CredentialId, cancellationToken).ConfigureAwait(false);
        }

        await Store.UpdateRequestAsync(request.IssuerPid, Rejected, reason, request.Attempts, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogRejected(_logger, request.IssuerPid, request.Did, reason);
    }

    private async Task<IReadOnlyList<IssuedForRequest>> IssueAsync(IssuanceRequest request, MembershipApplication member, CancellationToken cancellationToken)
    {
        var issued = new List<IssuedForRequest>();
        foreach (var id in request.CredentialIds)
        {
            IEnumerable<JsonObject> claimSets = id == IssuanceTypes.Subspace
                ? member.Subspaces.Select(s => Claims(member, s))
                : [Claims(member, null)];
            foreach (var claims in claimSets)
            {
                var (jwt, record) = await Desk.IssueAsync(
                    new CredentialRequest { SubjectDid = member.Did, Type = id, Claims = claims, Profile = CredentialProfile.Vc20BitstringStatusList, ValidFor = Options.CredentialLifetime },
                    cancellationToken).ConfigureAwait(false);
                issued.Add(new IssuedForRequest(id, record.Id, jwt));
            }
        }

        return issued;
    }

    private JsonObject Claims(MembershipApplication member, string? subspace)
    {
        var claims = new JsonObject
        {
            ["legalName"] = member.LegalName,
            ["registrationId"] = new JsonObject { ["scheme"] = member.RegistrationScheme, ["value"] = member.RegistrationValue },
        };
        if (Options.Dataspace is not null)
        {
            claims["dataspace"] = Options.Dataspace;
        }

        if (subspace is not null)
        {
            claims["subspace"] = subspace;
        }

        return claims;
    }

    // POST {credentialService}/credentials with the CredentialMessage; null on a 2xx answer, else why not.
    private async Task<string?> SendAsync(IssuanceRequest request, IReadOnlyList<IssuedForRequest> credentials, CancellationToken cancellationToken)
    {
        var resolved = await _resolver.ResolveAsync(request.Did, cancellationToken).ConfigureAwait(false);
        var service = resolved.Document?.FindServiceEndpoint(DidServiceTypes.CredentialService);
        if (service is null || !Uri.TryCreate(service.TrimEnd('/') + "/credentials", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return resolved.Document is null
                ? $"{request.Did} could not be resolved: {resolved.Reason}"
                : $"the DID document of {request.Did} has no usable CredentialService entry";
        }

        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DcpContext.Url),
            ["type"] = "CredentialMessage",
            ["issuerPid"] = request.IssuerPid,
            ["holderPid"] = request.HolderPid,
            ["status"] = Issued,
            ["credentials"] = new JsonArray([.. credentials.Select(c => (JsonNode?)new JsonObject
            {
                ["credentialType"] = c.CredentialType,
                ["payload"] = c.Jwt,
                ["format"] = "jwt",
            })]),
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sts.CreateIdToken(request.Did));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            using var response = await _http.SendAsync(post, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"POST {url} answered HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"POST {url} did not answer within 15 s";
        }
        catch (HttpRequestException e)
        {
            return $"POST {url} failed: {e.EgressRefusal()?.Message ?? e.Message}";
        }
    }

    [LoggerMessage(EventId = 4151, Level = LogLevel.Information, Message = "Credential request {IssuerPid} of {Did}: {Count} credentials delivered")]
    private static partial void LogDelivered(ILogger logger, string issuerPid, string did, int count);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Warning, Message = "Credential request {IssuerPid} of {Did}: delivery attempt {Attempt} failed, next in {Seconds} s: {Reason}")]
    private static partial void LogDeliveryRetry(ILogger logger, string issuerPid, string did, int attempt, double seconds, string reason);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Warning, Message = "Credential request {IssuerPid} of {Did} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string issuerPid, string did, string reason);

    [LoggerMessage(EventId = 4154, Level = LogLevel.Error, Message = "The credential delivery loop failed; retrying")]
    private static partial void LogDeliveryLoopFailed(ILogger logger, Exception exception);
}
