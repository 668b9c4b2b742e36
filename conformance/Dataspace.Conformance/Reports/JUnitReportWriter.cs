using System.Globalization;
using System.Text;
using System.Xml;

namespace Dataspace.Conformance.Reports;

/// <summary>
/// Writes a run as JUnit XML that CI systems read: one <c>testsuite</c> per profile, one <c>testcase</c> per check
/// (<c>classname</c> <c>conformance.&lt;profile&gt;</c>, <c>name</c> the check's id and name) with a <c>failure</c>
/// (violation) or <c>error</c> (the check could not run) element. It follows the common JUnit schema (the Ant/windyroad
/// XSD, which Jenkins' and GitLab's readers accept): required attributes only, timestamps without zone (UTC).
/// </summary>
public static class JUnitReportWriter
{
    /// <summary>Writes the report to <paramref name="output"/> (UTF-8).</summary>
    public static async Task WriteAsync(ConformanceRunResult run, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = true };
        var writer = XmlWriter.Create(output, settings);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteStartDocumentAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync(null, "testsuites", null).ConfigureAwait(false);
            var host = Uri.TryCreate(run.Target, UriKind.Absolute, out var target) && target.Host.Length > 0 ? target.Host : "unknown";
            var id = 0;
            foreach (var profile in ProfilesInOrder(run))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var checks = run.Checks.Where(c => c.Profile == profile).ToList();
                var summary = ReportSummary.Of(checks);
                await writer.WriteStartElementAsync(null, "testsuite", null).ConfigureAwait(false);
                await Attribute(writer, "name", $"conformance.{profile}").ConfigureAwait(false);
                await Attribute(writer, "package", "dataspace.conformance").ConfigureAwait(false);
                await Attribute(writer, "id", (id++).ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await Attribute(writer, "timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await Attribute(writer, "hostname", host).ConfigureAwait(false);
                await Attribute(writer, "tests", summary.Total.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await Attribute(writer, "failures", summary.Failed.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await Attribute(writer, "errors", summary.Errors.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await Attribute(writer, "time", Seconds(checks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration))).ConfigureAwait(false);

                await writer.WriteStartElementAsync(null, "properties", null).ConfigureAwait(false);
                await Property(writer, "suiteVersion", run.SuiteVersion).ConfigureAwait(false);
                await Property(writer, "target", run.Target).ConfigureAwait(false);
                await Property(writer, "profile", profile).ConfigureAwait(false);
                await writer.WriteEndElementAsync().ConfigureAwait(false);

                foreach (var check in checks)
                {
                    await TestCase(writer, check).ConfigureAwait(false);
                }

                await writer.WriteElementStringAsync(null, "system-out", null, XmlText.Clean($"Dataspace conformance suite {run.SuiteVersion} against {run.Target}")).ConfigureAwait(false);
                await writer.WriteElementStringAsync(null, "system-err", null, string.Empty).ConfigureAwait(false);
                await writer.WriteEndElementAsync().ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndDocumentAsync().ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> ProfilesInOrder(ConformanceRunResult run) =>
        run.Profiles.Concat(run.Checks.Select(c => c.Profile)).Distinct(StringComparer.Ordinal);

    private static async Task TestCase(XmlWriter writer, CheckResult check)
    {
        await writer.WriteStartElementAsync(null, "testcase", null).ConfigureAwait(false);
        await Attribute(writer, "name", $"{check.Id} {check.Name}").ConfigureAwait(false);
        await Attribute(writer, "classname", $"conformance.{check.Profile}").ConfigureAwait(false);
        await Attribute(writer, "time", Seconds(check.Duration)).ConfigureAwait(false);
        if (check.Outcome != CheckOutcome.Passed)
        {
            var reason = check.Reason ?? "no reason given";
            await writer.WriteStartElementAsync(null, check.Outcome == CheckOutcome.Failed ? "failure" : "error", null).ConfigureAwait(false);
            await Attribute(writer, "message", reason).ConfigureAwait(false);
            await Attribute(writer, "type", check.Outcome == CheckOutcome.Failed ? "ConformanceViolation" : "CheckError").ConfigureAwait(false);
            await writer.WriteStringAsync(XmlText.Clean(Details(check, reason))).ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static string Details(CheckResult check, string reason)
    {
        var text = new StringBuilder();
        text.Append(reason).Append("\n\nVerifies: ").Append(check.Verifies).Append('\n');
        foreach (var exchange in check.Exchanges)
        {
            text.Append(CultureInfo.InvariantCulture, $"{exchange.Direction} {exchange.Method} {exchange.Url} -> {exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? "no response"}\n");
        }

        return text.ToString();
    }

    private static Task Attribute(XmlWriter writer, string name, string value) =>
        writer.WriteAttributeStringAsync(null, name, null, XmlText.Clean(value));

    private static async Task Property(XmlWriter writer, string name, string value)
    {
        await writer.WriteStartElementAsync(null, "property", null).ConfigureAwait(false);
        await Attribute(writer, "name", name).ConfigureAwait(false);
        await Attribute(writer, "value", value).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
