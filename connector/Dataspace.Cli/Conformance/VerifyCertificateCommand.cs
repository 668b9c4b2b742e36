using System.CommandLine;
using Dataspace.Conformance.Certificates;
using Dataspace.Conformance.Reports;

namespace Dataspace.Cli.Conformance;

/// <summary><c>dataspace conformance verify-certificate FILE [--report FILE]</c>.</summary>
internal static class VerifyCertificateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The certificate (the JWT 'conformance run' wrote)" };
        var report = new Option<FileInfo>("--report") { Description = "The run's JSON report (conformance-report.json, or the report folder): check the certificate names its digest" };
        var allowHttp = new Option<bool>("--allow-http-loopback") { Description = "Resolve a did:web issuer over plain HTTP when its host is a loopback address (tests)" };
        var command = new Command("verify-certificate", "Verify a conformance certificate: its signature by the issuer's DID, its validity period and, with --report, that it certifies that report. Exit 0 when valid, 1 when not.");
        command.Arguments.Add(file);
        command.Options.Add(report);
        command.Options.Add(allowHttp);
        command.SetAction(async (result, cancellationToken) =>
        {
            var certificate = result.GetValue(file)!;
            if (!certificate.Exists)
            {
                throw new CliException($"{certificate.FullName} does not exist", ConformanceCommand.UsageError);
            }

            var digest = result.GetValue(report) is { } reportFile ? await DigestAsync(reportFile.FullName, cancellationToken).ConfigureAwait(false) : null;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var verifier = ConformanceCertificateVerifier.Create(http, TimeProvider.System, result.GetValue(allowHttp));
            var text = await File.ReadAllTextAsync(certificate.FullName, cancellationToken).ConfigureAwait(false);
            var verified = await verifier.VerifyAsync(text, digest, cancellationToken).ConfigureAwait(false);
            if (!verified.Valid)
            {
                throw new CliException($"{certificate.Name} is not a valid conformance certificate: {verified.Reason}");
            }

            var claims = verified.Claims!;
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Valid conformance certificate{(digest is null ? "" : " for the given report")}").ConfigureAwait(false);
            await output.WriteLineAsync($"  connector:     {claims.ConnectorDid}").ConfigureAwait(false);
            await output.WriteLineAsync($"  endpoint:      {claims.Endpoint}").ConfigureAwait(false);
            await output.WriteLineAsync($"  profiles:      {string.Join(", ", claims.Profiles)} ({claims.ChecksPassed} checks passed)").ConfigureAwait(false);
            await output.WriteLineAsync($"  suite version: {claims.SuiteVersion}").ConfigureAwait(false);
            await output.WriteLineAsync($"  report digest: {claims.ReportDigest}").ConfigureAwait(false);
            await output.WriteLineAsync($"  certified at:  {claims.CertifiedAt:yyyy-MM-dd HH:mm:ss} UTC").ConfigureAwait(false);
            await output.WriteLineAsync($"  issued by:     {verified.Issuer}").ConfigureAwait(false);
            await output.WriteLineAsync($"  valid:         {verified.ValidFrom:yyyy-MM-dd} to {(verified.ValidUntil is { } until ? until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "no end")}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<string> DigestAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, ConformanceReportWriter.JsonFileName);
        }

        if (!File.Exists(path))
        {
            throw new CliException($"--report {path} does not exist", ConformanceCommand.UsageError);
        }

        try
        {
            return await ReportDigest.ComputeFromFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"--report: {e.Message}", ConformanceCommand.UsageError);
        }
    }
}
