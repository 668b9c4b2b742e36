using System.Globalization;
using System.Text.Json;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;

namespace Dataspace.Conformance.Certificates;

/// <summary>
/// Verifies a conformance certificate: it is a credential of type <see cref="ConformanceCertificateIssuer.CredentialType"/>
/// whose subject names a connector, endpoint, profiles, suite version and report digest; its signature verifies with an
/// assertionMethod key of the issuer's resolved DID document (did:key; did:web as the resolver registry allows); it is
/// within its validity period; and, when a report digest is given, it names that digest.
/// </summary>
public sealed class ConformanceCertificateVerifier
{
    private static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(30);
    private readonly DidJwsVerifier _signatures;
    private readonly TimeProvider _time;

    /// <summary>Creates the verifier over a DID resolver registry.</summary>
    public ConformanceCertificateVerifier(DidResolverRegistry resolver, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(time);
        _signatures = new DidJwsVerifier(resolver);
        _time = time;
    }

    /// <summary>A verifier resolving did:key, and did:web over HTTPS (plain HTTP to loopback hosts only when <paramref name="allowHttpForLoopback"/>).</summary>
    public static ConformanceCertificateVerifier Create(HttpClient http, TimeProvider time, bool allowHttpForLoopback) =>
        new(new DidResolverRegistry([new DidKeyResolver(), new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = allowHttpForLoopback })], time, TimeSpan.Zero), time);

    /// <summary>Verifies the certificate JWT; with <paramref name="expectedReportDigest"/>, also that it certifies that report.</summary>
    public async Task<CertificateVerification> VerifyAsync(string certificate, string? expectedReportDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!ParsedCredential.TryParse(certificate.Trim(), out var credential, out var reason))
        {
            return Invalid($"not a verifiable credential JWT: {reason}", null, null, credential);
        }

        if (!credential.Types.Contains(ConformanceCertificateIssuer.CredentialType))
        {
            return Invalid($"the credential's types are {string.Join(", ", credential.Types)}; a conformance certificate has type {ConformanceCertificateIssuer.CredentialType}", credential.Issuer, null, credential);
        }

        if (!TryReadClaims(credential, out var claims, out reason))
        {
            return Invalid(reason, credential.Issuer, null, credential);
        }

        var signed = await _signatures.VerifyAsync(credential.Jws, credential.Issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);
        if (!signed.Succeeded)
        {
            return Invalid($"signature: {signed.Error}", credential.Issuer, claims, credential);
        }

        var now = _time.GetUtcNow();
        if (credential.ValidFrom is { } from && from - ClockLeeway > now)
        {
            return Invalid($"the certificate is valid only from {from:O}", credential.Issuer, claims, credential);
        }

        if (credential.ValidUntil is { } until && until + ClockLeeway < now)
        {
            return Invalid($"the certificate expired at {until:O}", credential.Issuer, claims, credential);
        }

        if (expectedReportDigest is not null && !string.Equals(expectedReportDigest, claims.ReportDigest, StringComparison.Ordinal))
        {
            return Invalid($"the report's digest is {expectedReportDigest}, but the certificate certifies the report with digest {claims.ReportDigest}", credential.Issuer, claims, credential);
        }

        return new CertificateVerification(true, null, credential.Issuer, claims, credential.ValidFrom, credential.ValidUntil);
    }

    private static CertificateVerification Invalid(string reason, string? issuer, ConformanceCertificateClaims? claims, ParsedCredential? credential) =>
        new(false, reason, issuer, claims, credential?.ValidFrom, credential?.ValidUntil);

    private static bool TryReadClaims(ParsedCredential credential, out ConformanceCertificateClaims claims, out string reason)
    {
        claims = null!;
        var subject = credential.Subject;
        string? Text(string name) => subject.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var missing = new List<string>();
        var endpoint = Text("endpoint");
        var suiteVersion = Text("suiteVersion");
        var digest = Text("reportDigest");
        var certifiedAt = Text("certifiedAt");
        if (credential.SubjectId is null) missing.Add("id");
        if (endpoint is null) missing.Add("endpoint");
        if (suiteVersion is null) missing.Add("suiteVersion");
        if (digest is null) missing.Add("reportDigest");
        if (certifiedAt is null) missing.Add("certifiedAt");
        var profiles = subject.TryGetProperty("profiles", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : null;
        if (profiles is not { Count: > 0 }) missing.Add("profiles");
        if (missing.Count > 0)
        {
            reason = $"the certificate's credentialSubject lacks {string.Join(", ", missing)}";
            return false;
        }

        if (!digest!.StartsWith(Reports.ReportDigest.Prefix, StringComparison.Ordinal))
        {
            reason = $"the reportDigest '{digest}' is not a {Reports.ReportDigest.Prefix} digest";
            return false;
        }

        if (!DateTimeOffset.TryParse(certifiedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            reason = $"certifiedAt '{certifiedAt}' is not a date";
            return false;
        }

        claims = new ConformanceCertificateClaims
        {
            ConnectorDid = credential.SubjectId!,
            Endpoint = endpoint!,
            Profiles = profiles!,
            SuiteVersion = suiteVersion!,
            ReportDigest = digest,
            CertifiedAt = at,
            ChecksPassed = subject.TryGetProperty("checksPassed", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) ? count : 0,
        };
        reason = string.Empty;
        return true;
    }
}
