using System.CommandLine;
using Dataspace.Conformance;
using Dataspace.Conformance.Certificates;
using Dataspace.Conformance.Configuration;
using Dataspace.Conformance.Reports;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Spectre.Console;

namespace Dataspace.Cli.Conformance;

/// <summary><c>dataspace conformance run</c>: runs checks against a target with live progress, writes reports and, on a full pass, a certificate.</summary>
internal static class ConformanceRunCommand
{
    /// <summary>The certificate's file name in the report folder.</summary>
    public const string CertificateFileName = "conformance-certificate.jwt";

    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "The connector's DSP endpoint, e.g. https://connector.example/api/dsp (sets dataspacetck.dsp.connector.http.url; default: the file's)" };
        var config = new Option<FileInfo>("--config") { Description = "The run's configuration: a TCK .properties file or a flat JSON object", Required = true };
        var profile = ConformanceOptions.Profile();
        var report = new Option<DirectoryInfo>("--report") { Description = "Write conformance-report.json, junit.xml and conformance-report.html into this folder" };
        var checks = new Option<string[]>("--check") { Description = "Run only these check ids (repeatable), e.g. --check MET:01-01 CAT:01-01", AllowMultipleArgumentsPerToken = true };
        var certifierKeys = new Option<DirectoryInfo>("--certifier-keys") { Description = "The certifier's data folder (or its keys folder) from 'dataspace keys new': on a full pass, sign a certificate" };
        var certifierDid = new Option<string>("--certifier-did") { Description = "The certifier's did:web DID (default: the did:key of its active key)" };
        var connectorDid = new Option<string>("--connector-did") { Description = "The certified connector's DID (default: the configuration's conformance.target.did)" };
        var secretFile = new Option<FileInfo>("--secret-file") { Description = "A file holding the certifier's key-store secret (default: the DATASPACE_KEYSTORE_SECRET environment variable)" };
        var validDays = new Option<int>("--certificate-days") { Description = "How long the certificate is valid", DefaultValueFactory = _ => 365 };
        var command = new Command("run", "Run the conformance suite against a connector: live progress, a summary, reports, and on a full pass a certificate. Exit 0 when every check passed, 1 otherwise, 2 on a usage error.");
        foreach (var option in new Option[] { target, config, profile, report, checks, certifierKeys, certifierDid, connectorDid, secretFile, validDays })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = await LoadConfigurationAsync(result.GetValue(config)!, result.GetValue(target), cancellationToken).ConfigureAwait(false);
            var selected = SelectChecks(result.GetValue(profile)!, result.GetResult(profile) is { Implicit: false }, result.GetValue(checks) ?? []);
            CertificateRequest? certificate = null;
            if (result.GetValue(certifierKeys) is { } keys)
            {
                if (result.GetValue(checks) is { Length: > 0 })
                {
                    throw Usage("--check runs part of a profile and a certificate needs a full pass; drop --check or --certifier-keys");
                }

                if (result.GetValue(validDays) is < 1 or > 3650)
                {
                    throw Usage($"--certificate-days {result.GetValue(validDays)} is outside 1..3650");
                }

                var subject = result.GetValue(connectorDid) ?? configuration.Find("conformance.target.did")
                    ?? throw Usage("--certifier-keys needs the connector's DID: give --connector-did (or conformance.target.did in the configuration)");
                if (!Did.TryParse(subject, out _, out var reason))
                {
                    throw Usage($"--connector-did: {reason}");
                }

                var certifier = await CertifierKeys.LoadAsync(keys, result.GetValue(certifierDid), result.GetValue(secretFile), cancellationToken).ConfigureAwait(false);
                certificate = new CertificateRequest(certifier, subject, TimeSpan.FromDays(result.GetValue(validDays)));
            }
            else if (result.GetValue(connectorDid) is not null || result.GetValue(certifierDid) is not null)
            {
                throw Usage("--connector-did and --certifier-did name a certificate's parties; give --certifier-keys too");
            }

            using var certifierKey = certificate?.Certifier.Signer.Key;
            var console = ConformanceConsole.Create(result.InvocationConfiguration.Output);
            var targetUrl = configuration.GetUrl(DspConfigurationKeys.ProtocolUrl).ToString().TrimEnd('/');
            console.MarkupLine($"Conformance suite [bold]{ConformanceSuite.Version}[/] against [bold]{Markup.Escape(targetUrl)}[/]: {selected.Count} checks");
            var run = await ConformanceConsole.RunAsync(console, new ConformanceRunner(configuration, TimeProvider.System), selected, targetUrl, cancellationToken).ConfigureAwait(false);

            ReportFiles? files = null;
            var reportFolder = result.GetValue(report)?.FullName;
            if (reportFolder is not null)
            {
                files = await ConformanceReportWriter.WriteAsync(run, reportFolder, cancellationToken).ConfigureAwait(false);
            }

            string? certificateFile = null;
            if (certificate is not null && run.Passed)
            {
                ConformanceCertificateClaims claims;
                try
                {
                    claims = ConformanceCertificateIssuer.ClaimsFor(run, certificate.ConnectorDid);
                }
                catch (InvalidOperationException e)
                {
                    throw new CliException("no certificate: " + e.Message);
                }

                var jwt = ConformanceCertificateIssuer.Issue(claims, certificate.Certifier.Signer, TimeProvider.System, certificate.ValidFor);
                certificateFile = Path.Combine(reportFolder ?? Directory.GetCurrentDirectory(), CertificateFileName);
                await File.WriteAllTextAsync(certificateFile, jwt + "\n", cancellationToken).ConfigureAwait(false);
            }

            ConformanceConsole.Summary(console, run, files, certificateFile, certificate is not null);
            return run.Passed ? 0 : 1;
        });
        return command;
    }

    private static async Task<ConformanceConfiguration> LoadConfigurationAsync(FileInfo file, string? target, CancellationToken cancellationToken)
    {
        ConformanceConfiguration configuration;
        try
        {
            configuration = await ConformanceConfigurationFile.LoadAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationFileException e)
        {
            throw Usage("--config: " + e.Message);
        }

        configuration = WithFixtureDefaults(configuration, file.Name);

        if (target is null)
        {
            return configuration.Find(DspConfigurationKeys.ProtocolUrl) is null
                ? throw Usage($"no target: give --target URL or set {DspConfigurationKeys.ProtocolUrl} in {file.Name}")
                : ValidUrl(configuration, DspConfigurationKeys.ProtocolUrl, file.Name);
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw Usage($"--target '{target}' is not an absolute http or https URL");
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal) { [DspConfigurationKeys.ProtocolUrl] = target.TrimEnd('/') };

        // The version document lives at the target's root unless the file says where, for this same host.
        var root = url.GetLeftPart(UriPartial.Authority);
        var baseUrl = configuration.Find(DspConfigurationKeys.BaseUrl);
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var given) || given.GetLeftPart(UriPartial.Authority) != root)
        {
            overrides[DspConfigurationKeys.BaseUrl] = root;
        }

        return configuration.With(overrides);
    }

    /// <summary>The configuration key that fills in unset fixture ids from a known set (<c>tck-sample</c>: the TCK's sample file).</summary>
    public const string FixturesKey = "conformance.fixtures";

    private static ConformanceConfiguration WithFixtureDefaults(ConformanceConfiguration configuration, string file)
    {
        switch (configuration.Find(FixturesKey))
        {
            case null:
                return configuration;
            case "tck-sample":
                // Keys the file sets win: a target may seed most sample ids and rename a few.
                var missing = TckConfiguration.SampleFixtures.Where(p => configuration.Find(p.Key) is null).ToList();
                return configuration.With(missing);
            case var other:
                throw Usage($"{file}: {FixturesKey} '{other}' is unknown; expected tck-sample (the fixture ids of the TCK's sample configuration)");
        }
    }

    private static ConformanceConfiguration ValidUrl(ConformanceConfiguration configuration, string key, string file)
    {
        try
        {
            configuration.GetUrl(key);
            return configuration;
        }
        catch (ConformanceConfigurationException e)
        {
            throw Usage($"{file}: {e.Message}");
        }
    }

    private static List<ConformanceCheck> SelectChecks(string profile, bool profileGiven, string[] ids)
    {
        var inProfile = ConformanceSuite.ForProfile(profile);
        if (ids.Length == 0)
        {
            return inProfile.Count > 0 ? [.. inProfile] : throw Usage($"profile '{profile}' has no checks in suite {ConformanceSuite.Version}");
        }

        var unknown = ids.Where(id => ConformanceSuite.All.All(c => c.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw Usage($"--check: no check has the id {string.Join(", ", unknown.Select(u => $"'{u}'"))} (see 'dataspace conformance list')");
        }

        var outside = profileGiven ? ids.Where(id => inProfile.All(c => c.Id != id)).ToList() : [];
        if (outside.Count > 0)
        {
            throw Usage($"--check {string.Join(", ", outside)} is not in profile '{profile}'");
        }

        // Suite order, so a subset runs as it would in the full profile.
        return [.. ConformanceSuite.All.Where(c => ids.Contains(c.Id, StringComparer.Ordinal))];
    }

    private static CliException Usage(string message) => new(message, ConformanceCommand.UsageError);

    private sealed record CertificateRequest(LocalIdentity Certifier, string ConnectorDid, TimeSpan ValidFor);
}
