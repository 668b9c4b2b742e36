namespace Dataspace.Conformance.Certificates;

/// <summary>What a conformance certificate states about the certified connector (its <c>credentialSubject</c>).</summary>
public sealed record ConformanceCertificateClaims
{
    /// <summary>The connector's DID (<c>credentialSubject.id</c>).</summary>
    public required string ConnectorDid { get; init; }

    /// <summary>The connector's DSP endpoint the suite ran against (<c>endpoint</c>).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The profiles fully passed (<c>profiles</c>).</summary>
    public required IReadOnlyList<string> Profiles { get; init; }

    /// <summary>The suite version that ran (<c>suiteVersion</c>).</summary>
    public required string SuiteVersion { get; init; }

    /// <summary>The JSON report's digest, <c>sha256:…</c> (<c>reportDigest</c>).</summary>
    public required string ReportDigest { get; init; }

    /// <summary>When the certified run started (<c>certifiedAt</c>).</summary>
    public required DateTimeOffset CertifiedAt { get; init; }

    /// <summary>How many checks passed (<c>checksPassed</c>).</summary>
    public required int ChecksPassed { get; init; }
}
