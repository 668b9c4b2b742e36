using Dataspace.Identity.Dids;
using Dataspace.Identity.StatusLists;
using Dataspace.Identity.Trust;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Credentials;

/// <summary>Verifies credential and presentation JWTs of both DCP profiles: signature, issuer binding, trust, validity, holder and status.</summary>
public sealed class CredentialVerifier
{
    /// <summary>The most credentials one presentation may hold; each costs DID resolutions and status fetches.</summary>
    public const int MaxCredentialsPerPresentation = 64;

    private readonly DidJwsVerifier _signatures;
    private readonly StatusListChecker _status;
    private readonly ITrustAnchorProvider _trust;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;

    /// <summary>Creates the verifier.</summary>
    public CredentialVerifier(DidJwsVerifier signatures, StatusListChecker status, ITrustAnchorProvider trust, TimeProvider time, IdentityOptions options)
    {
        _signatures = signatures;
        _status = status;
        _trust = trust;
        _time = time;
        _options = options;
    }

    /// <summary>Verifies a presentation made by <paramref name="presenterDid"/> and every credential in it.</summary>
    /// <param name="presentationJwt">The presentation as a compact JWT.</param>
    /// <param name="presenterDid">The DID the presentation must come from (the authenticated caller).</param>
    /// <param name="audience">The verifier's DID, checked when the presentation has an <c>aud</c>.</param>
    /// <param name="cancellationToken">Cancels DID resolution and status fetches.</param>
    public async Task<VerificationResult<IReadOnlyList<VerifiedCredential>>> VerifyPresentationAsync(
        string presentationJwt, string presenterDid, string? audience, CancellationToken cancellationToken)
    {
        if (!ParsedPresentation.TryParse(presentationJwt, out var vp, out var reason))
        {
            return new VerificationError(VerificationFailure.MalformedPresentation, reason);
        }

        var signerDid = vp.Jws.KeyId is { } kid && kid.Contains('#', StringComparison.Ordinal) ? Did.WithoutFragment(kid) : vp.Holder;
        if (vp.Holder != presenterDid || signerDid != presenterDid)
        {
            return new VerificationError(VerificationFailure.PresentationNotFromCaller,
                $"the presentation was made by {vp.Holder} and signed with a key of {signerDid}, but the caller is {presenterDid}");
        }

        // DCP: the presentation's key must be in the holder's authentication relationship.
        var signed = await _signatures.VerifyAsync(vp.Jws, presenterDid, VerificationRelationship.Authentication, cancellationToken).ConfigureAwait(false);
        if (!signed.Succeeded)
        {
            return signed.Error;
        }

        var now = _time.GetUtcNow();
        var aud = vp.Jws.GetAudience();
        if (audience is not null && aud.Count > 0 && !aud.Contains(audience))
        {
            return new VerificationError(VerificationFailure.WrongAudience, $"the presentation is for {string.Join(", ", aud)}, not {audience}");
        }

        if (!vp.Jws.TryGetTime("exp", out var vpExp))
        {
            return new VerificationError(VerificationFailure.MalformedPresentation, "the presentation's 'exp' is not a NumericDate (seconds since 1970) before the year 9998");
        }

        if (vpExp is { } exp && exp + _options.ClockLeeway < now)
        {
            return new VerificationError(VerificationFailure.TokenExpired, $"the presentation expired at {exp:O}");
        }

        if (vp.CredentialJwts.Count == 0)
        {
            return new VerificationError(VerificationFailure.MalformedPresentation, "the presentation holds no credentials");
        }

        if (vp.CredentialJwts.Count > MaxCredentialsPerPresentation)
        {
            return new VerificationError(VerificationFailure.MalformedPresentation, $"the presentation holds {vp.CredentialJwts.Count} credentials; at most {MaxCredentialsPerPresentation} are verified");
        }

        var verified = new List<VerifiedCredential>();
        foreach (var jwt in vp.CredentialJwts)
        {
            // DCP homogeneity: a presentation holds credentials of its own data model and proof stack only.
            if (ParsedCredential.TryParse(jwt, out var inner, out _) && inner.Profile != vp.Profile)
            {
                return new VerificationError(VerificationFailure.MalformedPresentation,
                    $"a {CredentialProfiles.ToId(vp.Profile)} presentation holds a {CredentialProfiles.ToId(inner.Profile)} credential; DCP requires one profile per presentation");
            }

            var credential = await VerifyCredentialAsync(jwt, presenterDid, cancellationToken).ConfigureAwait(false);
            if (!credential.Succeeded)
            {
                return credential.Error;
            }

            verified.Add(credential.Value);
        }

        return verified;
    }

    /// <summary>Verifies one credential JWT held by <paramref name="holderDid"/> (null skips the holder check, e.g. on import).</summary>
    public async Task<VerificationResult<VerifiedCredential>> VerifyCredentialAsync(string credentialJwt, string? holderDid, CancellationToken cancellationToken)
    {
        if (!ParsedCredential.TryParse(credentialJwt, out var vc, out var reason))
        {
            return new VerificationError(VerificationFailure.MalformedCredential, reason);
        }

        var label = vc.Id ?? string.Join('/', vc.Types);
        var trust = _trust.Current;
        if (!trust.IsTrusted(vc.Issuer))
        {
            return new VerificationError(VerificationFailure.UntrustedIssuer, $"credential {label} was issued by {vc.Issuer}, which is not a trust anchor of any data space here");
        }

        var types = vc.Types.Where(t => t != "VerifiableCredential").ToList();
        if (types.FirstOrDefault(t => !trust.MayIssue(vc.Issuer, t)) is { } forbidden)
        {
            return new VerificationError(VerificationFailure.IssuerNotAllowedForType, $"{vc.Issuer} is a trust anchor but may not issue {forbidden} (credential {label})");
        }

        // An anchor vouches only within its scope: one trusted for data space A does not make members of B.
        foreach (var type in types)
        {
            if (trust.OutOfScope(vc.Issuer, type, vc.Subject) is { } outside)
            {
                return new VerificationError(VerificationFailure.IssuerOutOfScope, $"{vc.Issuer} may issue {type}, but not credential {label}: {outside}");
            }
        }

        var signed = await _signatures.VerifyAsync(vc.Jws, vc.Issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        if (!signed.Succeeded)
        {
            return new VerificationError(signed.Error.Failure, $"credential {label}: {signed.Error.Reason}");
        }

        var now = _time.GetUtcNow();
        if (vc.ValidFrom is { } from && from - _options.ClockLeeway > now)
        {
            return new VerificationError(VerificationFailure.CredentialNotYetValid, $"credential {label} is valid only from {from:O}");
        }

        if (vc.ValidUntil is { } until && until + _options.ClockLeeway < now)
        {
            return new VerificationError(VerificationFailure.CredentialExpired, $"credential {label} expired at {until:O}");
        }

        if (holderDid is not null && vc.SubjectId != holderDid)
        {
            return new VerificationError(VerificationFailure.HolderMismatch, $"credential {label} is about {vc.SubjectId ?? "no subject id"}, but was presented by {holderDid}");
        }

        foreach (var entry in vc.Status)
        {
            var bit = await _status.IsSetAsync(entry, vc.Issuer, cancellationToken).ConfigureAwait(false);
            if (!bit.Succeeded)
            {
                return new VerificationError(bit.Error.Failure, $"credential {label}: {bit.Error.Reason}");
            }

            if (bit.Value)
            {
                return entry.Purpose == StatusPurposes.Suspension
                    ? new VerificationError(VerificationFailure.CredentialSuspended, $"credential {label} is suspended (bit {entry.Index} of {entry.StatusListCredential})")
                    : new VerificationError(VerificationFailure.CredentialRevoked, $"credential {label} is revoked (bit {entry.Index} of {entry.StatusListCredential})");
            }
        }

        return new VerifiedCredential
        {
            Id = vc.Id,
            Types = types,
            Issuer = vc.Issuer,
            Claims = vc.Subject.Clone(),
            ValidUntil = vc.ValidUntil,
            Jwt = credentialJwt,
        };
    }
}
