using System.Text.Json;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Registry;

public sealed partial class ParticipantRegistryClient
{
    /// <summary>Verifies one signed entry as the registry contract says; the entry, or why it is skipped.</summary>
    public async Task<VerificationResult<ParticipantRegistryEntry>> VerifyEntryAsync(string entry, CancellationToken cancellationToken)
    {
        var outcome = await VerifyAsync(entry, cancellationToken).ConfigureAwait(false);
        return outcome.Entry is { } ok
            ? ok
            : new VerificationError(VerificationFailure.MalformedToken, outcome.Skipped!.Reason);
    }

    private async Task<VerifiedEntry> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (!CompactJws.TryParse(token, out var jws, out var reason))
        {
            return Skip(null, "the entry is not a compact JWS: " + reason);
        }

        var sub = jws.GetString("sub");
        if (sub is null || !Did.TryParse(sub, out _, out _))
        {
            return Skip(null, "the entry's 'sub' is not a DID");
        }

        var iss = jws.GetString("iss");
        if (iss is null)
        {
            return Skip(sub, "the entry has no 'iss'");
        }

        if (!_anchors.Current.IsTrusted(iss))
        {
            return Skip(sub, $"the entry's issuer {iss} is not a trust anchor");
        }

        var signer = await _signatures.VerifyAsync(jws, iss, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        if (!signer.Succeeded)
        {
            return Skip(sub, $"the entry's signature does not verify as {iss}: {signer.Reason}");
        }

        if (!jws.TryGetTime("iat", out var iat) || !jws.TryGetTime("exp", out var exp) || iat is null || exp is null)
        {
            return Skip(sub, "the entry needs 'iat' and 'exp' as NumericDates");
        }

        var now = _time.GetUtcNow();
        if (exp.Value + _identity.ClockLeeway < now)
        {
            return Skip(sub, $"the entry expired at {exp:O}");
        }

        if (iat.Value - _identity.ClockLeeway > now)
        {
            return Skip(sub, $"the entry is issued in the future ({iat:O})");
        }

        var name = jws.GetString("name");
        var endpoint = jws.GetString("dspEndpoint");
        var status = jws.GetString("status");
        if (name is null || endpoint is null || status is null || !TryStrings(jws.Payload, "subspaces", out var subspaces))
        {
            return Skip(sub, "the entry needs string 'name', 'dspEndpoint' and 'status' and an array of strings 'subspaces'");
        }

        if (status != ParticipantStatuses.Active)
        {
            return Skip(sub, status == ParticipantStatuses.Revoked ? "the member is revoked" : $"the entry's status '{status}' is not 'active'");
        }

        var member = await _resolver.ResolveAsync(sub, cancellationToken).ConfigureAwait(false);
        if (member.Document is not { } document)
        {
            return Skip(sub, $"the member's DID could not be resolved ({member.Error}): {member.Reason}");
        }

        var dataService = document.FindServiceEndpoint(DidServiceTypes.DataService);
        if (dataService is null)
        {
            return Skip(sub, "the member's DID document has no DataService entry");
        }

        if (!SameEndpoint(dataService, endpoint))
        {
            return Skip(sub, $"the entry's dspEndpoint {endpoint} is not the DataService entry of the member's DID document ({dataService})");
        }

        return new VerifiedEntry(new ParticipantRegistryEntry(sub, name, endpoint, subspaces, status, iat.Value, exp.Value), null);

        static VerifiedEntry Skip(string? did, string why) => new(null, new SkippedRegistryEntry(did, why));
    }

    // Exact, but a trailing slash does not make two endpoints different.
    private static bool SameEndpoint(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    private static bool TryStrings(JsonElement payload, string claim, out IReadOnlyList<string> values)
    {
        values = [];
        if (!payload.TryGetProperty(claim, out var array) || array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return false;
        }

        values = [.. array.EnumerateArray().Select(e => e.GetString()!)];
        return true;
    }

    private sealed record VerifiedEntry(ParticipantRegistryEntry? Entry, SkippedRegistryEntry? Skipped);
}
