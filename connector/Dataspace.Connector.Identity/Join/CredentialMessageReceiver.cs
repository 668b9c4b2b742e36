using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Wallet;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// The holder's storage endpoint of the DCP Credential Issuance Protocol (<c>POST {credentialService}/credentials</c>):
/// accepts a <c>CredentialMessage</c> only from a trust anchor, for a request this connector made to that authority,
/// with credentials about this connector whose signatures and status verify; stores them in the wallet, all or none.
/// </summary>
internal sealed partial class CredentialMessageReceiver
{
    private readonly JoinStore _store;
    private readonly SelfIssuedTokenValidator _tokens;
    private readonly ITrustAnchorProvider _trust;
    private readonly CredentialVerifier _verifier;
    private readonly CredentialWallet _wallet;
    private readonly ILocalIdentityProvider _identity;
    private readonly TimeProvider _time;
    private readonly ILogger<CredentialMessageReceiver> _logger;

    public CredentialMessageReceiver(
        JoinStore store, SelfIssuedTokenValidator tokens, ITrustAnchorProvider trust, CredentialVerifier verifier, CredentialWallet wallet,
        ILocalIdentityProvider identity, TimeProvider time, ILogger<CredentialMessageReceiver> logger)
    {
        _store = store;
        _tokens = tokens;
        _trust = trust;
        _verifier = verifier;
        _wallet = wallet;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    /// <summary>Handles one message: the status code and the error body (null on success).</summary>
    public async Task<(int Status, JsonObject? Error)> ReceiveAsync(string? authorization, JsonElement body, CancellationToken cancellationToken)
    {
        var self = _identity.Current.Did;
        var token = await _tokens.ValidateAsync(DcpVerifier.ExtractToken(authorization), self, cancellationToken).ConfigureAwait(false);
        if (!token.Succeeded)
        {
            return Refuse(401, token.Error.Failure.ToString(), token.Error.Reason);
        }

        var issuer = token.Value.Issuer;
        if (!_trust.Current.IsTrusted(issuer))
        {
            return Refuse(401, "UntrustedIssuer", $"{issuer} is not a trust anchor of this connector; only the authorities it joined deliver credentials");
        }

        if (!TryParse(body, out var message, out var problem))
        {
            return Refuse(400, "InvalidRequest", problem);
        }

        var (holderPid, status, credentials) = message;
        return await _store.UpdateAsync(async state =>
        {
            if (state?.HolderPid is null || state.HolderPid != holderPid || state.AuthorityDid != issuer)
            {
                return (null, Refuse(400, "UnknownProcess", $"holderPid '{holderPid}' is not a credential request this connector made to {issuer}"));
            }

            if (status == "REJECTED")
            {
                LogRejected(_logger, issuer, holderPid);
                return (state with { Phase = JoinState.Rejected, Reason = "the authority rejected the credential request", UpdatedAt = _time.GetUtcNow() }, (200, (JsonObject?)null));
            }

            // Every credential is checked before any is stored: a message with one bad credential changes nothing.
            var accepted = new List<string>();
            foreach (var jwt in credentials)
            {
                if (!StoredCredential.TryCreate(jwt, out var parsed, out var reason))
                {
                    return (null, Refuse(400, "MalformedCredential", reason));
                }

                if (parsed.Issuer != issuer || parsed.SubjectDid != self)
                {
                    return (null, Refuse(400, "WrongCredential", $"credential {parsed.Id} is issued by {parsed.Issuer} about {parsed.SubjectDid}; expected one by {issuer} about {self}"));
                }

                var verified = await _verifier.VerifyCredentialAsync(jwt, self, cancellationToken).ConfigureAwait(false);
                if (!verified.Succeeded)
                {
                    return (null, Refuse(400, verified.Error.Failure.ToString(), $"credential {parsed.Id}: {verified.Error.Reason}"));
                }

                accepted.Add(jwt);
            }

            var ids = new List<string>();
            foreach (var jwt in accepted)
            {
                var stored = await _wallet.ImportAsync(jwt, cancellationToken).ConfigureAwait(false);
                ids.Add(stored.Succeeded ? stored.Value.Id : throw new InvalidOperationException(stored.Error.Reason));
            }

            LogStored(_logger, ids.Count, issuer);
            return (state with { Phase = JoinState.Joined, Received = [.. state.Received, .. ids], Reason = null, LastError = null, UpdatedAt = _time.GetUtcNow() }, (200, (JsonObject?)null));
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryParse(JsonElement body, out (string HolderPid, string Status, List<string> Credentials) message, out string problem)
    {
        message = default;
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("holderPid", out var h) || h.ValueKind != JsonValueKind.String
            || !body.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.String)
        {
            problem = "expected a DCP CredentialMessage: an object with string 'holderPid', 'issuerPid' and 'status' and a 'credentials' array";
            return false;
        }

        if (body.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "CredentialMessage")
        {
            problem = $"the message's type is '{type.GetString()}'; expected CredentialMessage";
            return false;
        }

        var status = s.GetString()!;
        var credentials = new List<string>();
        if (status == "ISSUED")
        {
            if (!body.TryGetProperty("credentials", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > CredentialVerifier.MaxCredentialsPerPresentation)
            {
                problem = $"an ISSUED CredentialMessage carries 1 to {CredentialVerifier.MaxCredentialsPerPresentation} credentials in 'credentials'";
                return false;
            }

            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.String
                    || (item.TryGetProperty("format", out var format) && format.GetString() is not ("jwt" or "vcdm11_jwt" or "vcdm20_jwt")))
                {
                    problem = "each credential is {\"credentialType\": ..., \"payload\": \"<VC JWT>\", \"format\": \"jwt\"}";
                    return false;
                }

                credentials.Add(payload.GetString()!);
            }
        }
        else if (status != "REJECTED")
        {
            problem = $"status '{status}' is not ISSUED or REJECTED";
            return false;
        }

        message = (h.GetString()!, status, credentials);
        problem = string.Empty;
        return true;
    }

    private static (int, JsonObject?) Refuse(int status, string code, string reason) => (status, new JsonObject { ["error"] = code, ["reason"] = reason });

    [LoggerMessage(EventId = 4033, Level = LogLevel.Information, Message = "Stored {Count} credentials issued by {Authority}: this connector is a member")]
    private static partial void LogStored(ILogger logger, int count, string authority);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "{Authority} rejected credential request {HolderPid}")]
    private static partial void LogRejected(ILogger logger, string authority, string holderPid);
}
