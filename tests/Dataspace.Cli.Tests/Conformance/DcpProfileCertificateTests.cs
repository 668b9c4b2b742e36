using System.Text.Json;

namespace Dataspace.Cli.Tests.Conformance;

/// <summary>A full pass of the dcp profile against a <c>dataspace run</c> target earns a certificate; the target comes from the configuration file.</summary>
public sealed class DcpProfileCertificateTests(ReferenceTargetProcess target) : IClassFixture<ReferenceTargetProcess>
{
    [Fact]
    public async Task DcpProfile_FullPass_IssuesACertificateThatVerifiesAgainstItsReportOnly()
    {
        var certifier = Path.Combine(target.Folder, "certifier");
        var secret = Path.Combine(target.Folder, "certifier.secret");
        await File.WriteAllTextAsync(secret, "certifier-secret-of-the-policy-test");
        var keys = await Cli.RunAsync("keys", "new", "--data-dir", certifier, "--secret-file", secret);
        var certifierDid = JsonDocument.Parse(keys.Output).RootElement.GetProperty("didKey").GetString();
        var reports = Path.Combine(target.Folder, "reports");

        // No --target and no --connector-did: the reference conformance.properties names the DSP endpoint and the DID.
        var run = await Cli.RunAsync("conformance", "run", "--config", target.Properties, "--profile", "dcp", "--report", reports, "--certifier-keys", certifier, "--secret-file", secret);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}\n{target.Output}");
        Assert.Contains("PASSED: all", run.Output, StringComparison.Ordinal);
        var verified = await Cli.RunAsync("conformance", "verify-certificate", Path.Combine(reports, "conformance-certificate.jwt"), "--report", Path.Combine(reports, "conformance-report.json"));
        Assert.True(verified.ExitCode == 0, verified.Error);
        Assert.Contains($"connector:     {target.TargetDid}", verified.Output, StringComparison.Ordinal);
        Assert.Contains($"endpoint:      {target.DspEndpoint}", verified.Output, StringComparison.Ordinal);
        Assert.Contains("profiles:      dcp (", verified.Output, StringComparison.Ordinal);
        Assert.Contains($"issued by:     {certifierDid}", verified.Output, StringComparison.Ordinal);

        // The certificate certifies this report only: an edited copy no longer matches.
        var edited = Path.Combine(target.Folder, "edited-report.json");
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(Path.Combine(reports, "conformance-report.json"))).Replace("\"outcome\": \"passed\"", "\"outcome\": \"failed\"", StringComparison.Ordinal));
        var mismatch = await Cli.RunAsync("conformance", "verify-certificate", Path.Combine(reports, "conformance-certificate.jwt"), "--report", edited);
        Assert.Equal(1, mismatch.ExitCode);
        Assert.Contains("is not a valid conformance certificate: the report's digest is", mismatch.Error, StringComparison.Ordinal);
    }
}
