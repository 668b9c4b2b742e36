namespace Dataspace.Conformance.Certificates;

/// <summary>The outcome of verifying a conformance certificate.</summary>
/// <param name="Valid">Whether every verification step passed.</param>
/// <param name="Reason">Why it is not valid; null when valid.</param>
/// <param name="Issuer">The certifier's DID, when the certificate could be read.</param>
/// <param name="Claims">What the certificate states, when it could be read.</param>
/// <param name="ValidFrom">Start of validity, when given.</param>
/// <param name="ValidUntil">End of validity, when given.</param>
public sealed record CertificateVerification(
    bool Valid, string? Reason, string? Issuer, ConformanceCertificateClaims? Claims, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);
