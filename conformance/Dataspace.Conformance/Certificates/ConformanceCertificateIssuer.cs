using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Reports;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;

namespace Dataspace.Conformance.Certificates;

/// <summary>
/// Issues a conformance certificate: a W3C verifiable credential (VC Data Model 2.0 secured as <c>vc+jwt</c>, the
/// format the identity work issues every credential in) signed by the certifier's DID, naming the connector's DID and
/// DSP endpoint, the profiles, the suite version, the report digest and the date. Only a full pass earns one: every
/// check of each profile in the run ran and passed.
/// </summary>
public static class ConformanceCertificateIssuer
{
    /// <summary>The credential type of a conformance certificate.</summary>
    public const string CredentialType = "DataspaceConformanceCertificate";

    /// <summary>How long a certificate is valid unless told otherwise.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    /// <summary>The claims a certificate for <paramref name="run"/> makes; refuses a run that is not a full pass.</summary>
    /// <param name="run">The run.</param>
    /// <param name="connectorDid">The certified connector's DID.</param>
    /// <param name="suiteChecks">The suite's checks a full pass of a profile needs (default: <see cref="ConformanceSuite.All"/>).</param>
    /// <exception cref="InvalidOperationException">A check failed or did not run, or the DID is malformed; the message says which.</exception>
    public static ConformanceCertificateClaims ClaimsFor(ConformanceRunResult run, string connectorDid, IReadOnlyList<ConformanceCheck>? suiteChecks = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!Did.TryParse(connectorDid, out _, out _))
        {
            throw new InvalidOperationException($"'{connectorDid}' is not a DID (expected did:<method>:<id>)");
        }

        var notPassed = run.Checks.Where(c => c.Outcome != CheckOutcome.Passed).Select(c => c.Id).ToList();
        if (run.Checks.Count == 0 || notPassed.Count > 0)
        {
            throw new InvalidOperationException(run.Checks.Count == 0
                ? "the run holds no checks; a certificate needs a full pass"
                : $"a certificate needs a full pass, but {notPassed.Count} check(s) did not pass: {string.Join(", ", notPassed)}");
        }

        var ran = run.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var catalog = suiteChecks ?? ConformanceSuite.All;
        foreach (var profile in run.Profiles)
        {
            var missing = catalog.Where(c => c.Profile == profile && !ran.Contains(c.Id)).Select(c => c.Id).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"a certificate needs every check of profile '{profile}', but {missing.Count} did not run: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}");
            }
        }

        return new ConformanceCertificateClaims
        {
            ConnectorDid = connectorDid,
            Endpoint = run.Target,
            Profiles = run.Profiles,
            SuiteVersion = run.SuiteVersion,
            ReportDigest = ConformanceReportWriter.Digest(run),
            CertifiedAt = run.StartedAt,
            ChecksPassed = run.Checks.Count,
        };
    }

    /// <summary>Signs a certificate with the certifier's key; returns the compact JWT.</summary>
    /// <param name="claims">What the certificate states (<see cref="ClaimsFor"/>).</param>
    /// <param name="certifier">The certifier's DID and key; the key must be in its DID document's assertionMethod.</param>
    /// <param name="time">The clock: the certificate is valid from now.</param>
    /// <param name="validFor">How long it is valid (default <see cref="DefaultValidity"/>).</param>
    public static string Issue(ConformanceCertificateClaims claims, DidSigner certifier, TimeProvider time, TimeSpan? validFor = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(certifier);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var subject = new JsonObject
        {
            ["endpoint"] = claims.Endpoint,
            ["profiles"] = new JsonArray([.. claims.Profiles.Select(p => (JsonNode?)JsonValue.Create(p))]),
            ["suiteVersion"] = claims.SuiteVersion,
            ["reportDigest"] = claims.ReportDigest,
            ["certifiedAt"] = claims.CertifiedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["checksPassed"] = claims.ChecksPassed,
        };
        return JwtCredentials.Issue(
            new CredentialDraft
            {
                Types = [CredentialType],
                SubjectDid = claims.ConnectorDid,
                Claims = subject,
                ValidFrom = now,
                ValidUntil = now + (validFor ?? DefaultValidity),
            },
            certifier,
            CredentialProfile.Vc20BitstringStatusList);
    }
}
