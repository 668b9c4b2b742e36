namespace Dataspace.Identity;

/// <summary>Why a token, credential or presentation was refused; each has a specific reason text beside it.</summary>
public enum VerificationFailure
{
    /// <summary>The request carried no token.</summary>
    MissingToken = 1,

    /// <summary>The token is not a well-formed JWT or lacks a required claim.</summary>
    MalformedToken = 2,

    /// <summary>The token's algorithm is not ES256 or EdDSA.</summary>
    UnsupportedAlgorithm = 3,

    /// <summary>A Self-Issued ID token whose <c>iss</c> and <c>sub</c> differ.</summary>
    IssuerSubjectMismatch = 4,

    /// <summary>The token's audience is not this participant.</summary>
    WrongAudience = 5,

    /// <summary>The token's <c>exp</c> has passed (beyond the clock leeway).</summary>
    TokenExpired = 6,

    /// <summary>The token's <c>iat</c> or <c>nbf</c> lies in the future beyond the clock leeway.</summary>
    TokenNotYetValid = 7,

    /// <summary>The token lives longer than allowed (DCP: at most 5 minutes).</summary>
    TokenLifetimeTooLong = 8,

    /// <summary>The token's <c>jti</c> was seen before.</summary>
    ReplayedToken = 9,

    /// <summary>The DID could not be resolved (not found, invalid, or of an unsupported method).</summary>
    UnknownDid = 10,

    /// <summary>The signing key (<c>kid</c>) is not in the signer's DID document.</summary>
    KeyNotInDidDocument = 11,

    /// <summary>The key is in the DID document but not in the relationship required for this use.</summary>
    KeyNotAuthorized = 12,

    /// <summary>The signature does not verify with the referenced key.</summary>
    InvalidSignature = 13,

    /// <summary>The caller's DID document lists no CredentialService.</summary>
    NoCredentialService = 14,

    /// <summary>The caller's Credential Service refused or failed the presentation query.</summary>
    CredentialServiceFailed = 15,

    /// <summary>The presentation is not malformed JWT or lacks required members.</summary>
    MalformedPresentation = 16,

    /// <summary>The presentation was signed by someone other than the caller.</summary>
    PresentationNotFromCaller = 17,

    /// <summary>A credential is malformed.</summary>
    MalformedCredential = 18,

    /// <summary>A credential's subject is not the presenter.</summary>
    HolderMismatch = 19,

    /// <summary>A credential's issuer is not a trust anchor of the data space.</summary>
    UntrustedIssuer = 20,

    /// <summary>The issuer is a trust anchor but may not issue this credential type.</summary>
    IssuerNotAllowedForType = 21,

    /// <summary>A credential's validity period has ended.</summary>
    CredentialExpired = 22,

    /// <summary>A credential's validity period has not begun.</summary>
    CredentialNotYetValid = 23,

    /// <summary>A credential's revocation bit is set.</summary>
    CredentialRevoked = 24,

    /// <summary>A credential's suspension bit is set.</summary>
    CredentialSuspended = 25,

    /// <summary>A credential's status list could not be fetched or verified.</summary>
    StatusUnavailable = 26,

    /// <summary>The access token does not grant what was asked (Credential Service side).</summary>
    AccessDenied = 27,

    /// <summary>The issuer may issue the credential's type, but not with these claims (another data space, a claim value outside its scope).</summary>
    IssuerOutOfScope = 28,

    /// <summary>The token replay cache had to forget token ids expiring no later than this token, so it may be a replay; a freshly issued token is accepted.</summary>
    ReplayCacheFull = 29,
}
