using System.Text.Json;
using System.Xml.Linq;
using Dataspace.Conformance;
using Dataspace.Conformance.Reports;

namespace Dataspace.Cli.Tests.Conformance;

/// <summary><c>dataspace conformance run</c> against a real <c>dataspace run</c> process, and <c>verify-certificate</c> on what it wrote.</summary>
public sealed class ConformanceRunCommandTests(TckModeConnectorProcess connector) : IClassFixture<TckModeConnectorProcess>
{
    private const string Secret = "certifier-secret-of-the-cli-test";

    // One case of each group of the dsp profile and the suite's own protocol checks; the whole profile against our
    // connector is the all-profiles integration test's (tests/Dataspace.Conformance.Tests/AllProfiles).
    private static readonly string[] DspSample = ["MET:01-01", "CAT:01-01", "CAT:01-03", "CN:01-03", "CN_C:01-01", "TP:01-02", "DSP:01-01", "DSP:01-02"];

    [Fact]
    public async Task DspChecks_PassLineByLineAndAreReportedInEveryFormat()
    {
        var properties = await connector.WritePropertiesAsync("target.properties");
        var reports = Path.Combine(connector.Folder, "reports");

        var run = await Cli.RunAsync(["conformance", "run", "--target", connector.DspEndpoint, "--config", properties, "--profile", "dsp", "--report", reports, "--check", .. DspSample]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}\n{connector.Output}");
        var lines = run.Output.Split('\n');
        Assert.StartsWith($"Conformance suite {ConformanceSuite.Version} against {connector.DspEndpoint}: {DspSample.Length} checks", lines[0], StringComparison.Ordinal);
        for (var i = 0; i < DspSample.Length; i++)
        {
            var check = ConformanceSuite.Get(DspSample[i]);
            Assert.Matches($@"^\s*\[{i + 1}/{DspSample.Length}\] PASS\s+{System.Text.RegularExpressions.Regex.Escape(check.Id)}\s+{System.Text.RegularExpressions.Regex.Escape(check.Name)} \d+\.\d\d s\r?$", lines[i + 1]);
        }

        Assert.Contains($"PASSED: all {DspSample.Length} checks passed", run.Output, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(reports, ConformanceReportWriter.JUnitFileName));
        var suite = Assert.Single(junit.Root!.Elements("testsuite"));
        Assert.Equal(DspSample, suite.Elements("testcase").Select(c => ((string)c.Attribute("name")!).Split(' ')[0]));
        Assert.Empty(suite.Descendants("failure"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, ConformanceReportWriter.JsonFileName)));
        Assert.Equal(connector.DspEndpoint, json.RootElement.GetProperty("target").GetString());
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.All(json.RootElement.GetProperty("checks").EnumerateArray(), c => Assert.NotEqual(0, c.GetProperty("exchanges").GetArrayLength()));
        var html = await File.ReadAllTextAsync(Path.Combine(reports, ConformanceReportWriter.HtmlFileName));
        Assert.All(DspSample, id => Assert.Contains($"<code>{id}</code>", html, StringComparison.Ordinal));
        Assert.Contains($"Report digest: {await ReportDigest.ComputeFromFileAsync(Path.Combine(reports, ConformanceReportWriter.JsonFileName), CancellationToken.None)}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingRun_ExitsOneNamingTheFailedChecksAndWritesNoCertificate()
    {
        // The target refuses the suite's credentials, as it would a certifier configured with the wrong token.
        var properties = await connector.WriteShortPropertiesAsync("wrong-token.properties", token: "not-the-token");
        var certifier = Path.Combine(connector.Folder, "certifier-of-failing-run");
        var secret = Path.Combine(connector.Folder, "failing.secret");
        await File.WriteAllTextAsync(secret, Secret);
        Assert.Equal(0, (await Cli.RunAsync("keys", "new", "--data-dir", certifier, "--secret-file", secret)).ExitCode);
        var reports = Path.Combine(connector.Folder, "failing-reports");

        var run = await Cli.RunAsync(
            "conformance", "run", "--target", connector.DspEndpoint, "--config", properties, "--check", "MET:01-01", "CAT:01-01", "CN:01-01", "--report", reports);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("PASS", StringComparison.Ordinal) && l.Contains(" MET:01-01 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("FAIL", StringComparison.Ordinal) && l.Contains(" CAT:01-01 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("FAIL", StringComparison.Ordinal) && l.Contains(" CN:01-01 ", StringComparison.Ordinal));
        Assert.Contains("FAILED: 2 of 3 checks did not pass", run.Output, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(reports, ConformanceReportWriter.JUnitFileName));
        Assert.Equal(["CAT:01-01", "CN:01-01"], junit.Descendants("failure").Select(f => ((string)f.Parent!.Attribute("name")!).Split(' ')[0]));

        // A run that does not pass never yields a certificate.
        var full = await Cli.RunAsync(
            "conformance", "run", "--target", connector.DspEndpoint, "--config", properties, "--profile", "dsp", "--report", reports,
            "--certifier-keys", certifier, "--secret-file", secret, "--connector-did", TckModeConnectorProcess.ParticipantId);
        Assert.Equal(1, full.ExitCode);
        Assert.Contains("No certificate: a certificate needs every check to pass", full.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(reports, "conformance-certificate.jwt")));
    }
}
