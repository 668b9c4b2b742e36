using System.Text.Json;
using System.Text.RegularExpressions;
using Dataspace.Identity.Dids;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>Checks an application body: the shape, the registration id, the DID and its DataService endpoint.</summary>
internal sealed partial class ApplicationValidator
{
    private const int MaxText = 256;
    private const int MaxSubspaces = 32;

    private readonly DidResolverRegistry _resolver;
    private readonly TimeProvider _time;

    public ApplicationValidator(DidResolverRegistry resolver, TimeProvider time)
    {
        _resolver = resolver;
        _time = time;
    }

    /// <summary>A new pending application from the body sent by <paramref name="callerDid"/>, or why it is refused.</summary>
    public async Task<(MembershipApplication? Application, RegistrationError? Error)> ValidateAsync(JsonElement body, string callerDid, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Bad("invalid-request", "the body is a JSON object: {did, legalName, registrationId: {scheme, value}, contact: {name, email}, subspaces, dspEndpoint}");
        }

        var did = Text(body, "did");
        var legalName = Text(body, "legalName");
        var endpoint = Text(body, "dspEndpoint");
        var registration = body.TryGetProperty("registrationId", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var contact = body.TryGetProperty("contact", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var scheme = registration.ValueKind == JsonValueKind.Object ? Text(registration, "scheme") : null;
        var value = registration.ValueKind == JsonValueKind.Object ? Text(registration, "value") : null;
        var contactName = contact.ValueKind == JsonValueKind.Object ? Text(contact, "name") : null;
        var email = contact.ValueKind == JsonValueKind.Object ? Text(contact, "email") : null;
        if (did is null || legalName is null || endpoint is null || scheme is null || value is null || contactName is null || email is null)
        {
            return Bad("invalid-request", "did, legalName, registrationId.scheme, registrationId.value, contact.name, contact.email and dspEndpoint are required non-empty strings of at most 256 characters");
        }

        if (did != callerDid)
        {
            return (null, new RegistrationError(403, "did-mismatch", $"the application is for {did} but the token was issued by {callerDid}; a member applies for its own DID"));
        }

        if (!EmailPattern().IsMatch(email))
        {
            return Bad("invalid-request", $"contact.email '{email}' is not an e-mail address");
        }

        if (!body.TryGetProperty("subspaces", out var subspacesJson) || subspacesJson.ValueKind != JsonValueKind.Array || subspacesJson.GetArrayLength() > MaxSubspaces
            || subspacesJson.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || !SubspacePattern().IsMatch(s.GetString()!)))
        {
            return Bad("invalid-request", $"subspaces is an array of at most {MaxSubspaces} names (lower-case letters, digits and '-', e.g. \"finance\")");
        }

        if (scheme == UnifiedSocialCreditCode.Scheme)
        {
            if (!UnifiedSocialCreditCode.IsValid(value, out var why))
            {
                return Bad("invalid-registration-id", $"registrationId '{value}' is not a valid unified social credit code: {why}");
            }
        }
        else if (!SchemePattern().IsMatch(scheme))
        {
            return Bad("invalid-registration-id", $"registrationId.scheme '{scheme}' is not USCC or the name of another registry (letters, digits, '-', '_', '.')");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUrl) || endpointUrl.Scheme is not ("http" or "https"))
        {
            return Bad("invalid-endpoint", $"dspEndpoint '{endpoint}' is not an absolute http(s) URL");
        }

        var resolved = await _resolver.ResolveAsync(did, cancellationToken).ConfigureAwait(false);
        if (resolved.Document is not { } document)
        {
            return Bad("unresolvable-did", $"{did} could not be resolved ({resolved.Error}): {resolved.Reason}");
        }

        var dataService = document.FindServiceEndpoint(DidServiceTypes.DataService);
        if (dataService is null || !string.Equals(dataService.TrimEnd('/'), endpoint.TrimEnd('/'), StringComparison.Ordinal))
        {
            return Bad("invalid-endpoint", dataService is null
                ? $"the DID document of {did} has no DataService entry; publish the DSP endpoint there first"
                : $"dspEndpoint {endpoint} is not the DataService entry of the DID document of {did} ({dataService})");
        }

        return (new MembershipApplication
        {
            Id = Guid.NewGuid().ToString("N"),
            Did = did,
            LegalName = legalName,
            RegistrationScheme = scheme,
            RegistrationValue = value,
            ContactName = contactName,
            ContactEmail = email,
            Subspaces = [.. subspacesJson.EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.Ordinal)],
            DspEndpoint = endpoint,
            Status = ApplicationStatuses.Pending,
            CreatedAt = _time.GetUtcNow(),
        }, null);

        static (MembershipApplication?, RegistrationError?) Bad(string error, string reason) => (null, RegistrationError.BadRequest(error, reason));
    }

    /// <summary>
    /// Whether <c>--approve auto</c> approves a valid application: for did:web, the DSP endpoint's host must be the
    /// DID's host (the applicant controls that domain); a did:key has no domain and is approved on the other rules.
    /// </summary>
    public static bool PassesAutoApproval(MembershipApplication application, out string? reason)
    {
        reason = null;
        if (!application.Did.StartsWith("did:web:", StringComparison.Ordinal))
        {
            return true;
        }

        if (!DidWeb.TryGetDocumentUrl(application.Did, useHttp: false, out var documentUrl, out reason))
        {
            return false;
        }

        var endpointHost = new Uri(application.DspEndpoint).Host;
        if (!string.Equals(endpointHost, documentUrl.Host, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"the DSP endpoint's host {endpointHost} is not the DID's host {documentUrl.Host}";
            return false;
        }

        return true;
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= MaxText } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SubspacePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SchemePattern();
}
