using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataspace.Conformance.Reports;

/// <summary>
/// Writes a run as one self-contained HTML page a certifier can hand over: no scripts and no external resources,
/// every value escaped; per check its id, name, what it verifies, outcome, duration, failure reason and the recorded
/// exchanges with their bodies (collapsible).
/// </summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1c1c1c;max-width:80rem}
        h1{font-size:1.5rem;margin-bottom:.25rem}table{border-collapse:collapse;margin:1rem 0}
        th,td{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}
        .passed{color:#11692b}.failed{color:#b3261e}.error{color:#8a4b00}.verdict{font-size:1.25rem;font-weight:600}
        section.check{border:1px solid #ddd;border-left-width:6px;border-radius:4px;margin:.75rem 0;padding:.5rem 1rem}
        section.check.passed{border-left-color:#11692b}section.check.failed{border-left-color:#b3261e}section.check.error{border-left-color:#8a4b00}
        .reason{background:#fdf1f0;padding:.5rem;white-space:pre-wrap}pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
        code{font-family:ui-monospace,monospace}td>a>code,h3>code{white-space:nowrap}summary{cursor:pointer}.muted{color:#666}
        """;

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the page to <paramref name="output"/> (UTF-8); <paramref name="digest"/> is the JSON report's digest, shown for reference.</summary>
    public static async Task WriteAsync(ConformanceRunResult run, string digest, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var summary = ReportSummary.Of(run);
            var verdict = run.Passed ? "passed" : "failed";
            await writer.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Conformance report: {E(run.Target)}</title><style>{Style}</style></head><body>
                <h1>Dataspace conformance report</h1>
                <p class="verdict {verdict}">{(run.Passed ? "PASSED" : "NOT PASSED")}: {summary.Passed} of {summary.Total} checks passed, {summary.Failed} failed, {summary.Errors} could not run</p>
                <table>
                <tr><th>target</th><td><code>{E(run.Target)}</code></td></tr>
                <tr><th>profiles</th><td>{E(string.Join(", ", run.Profiles))}</td></tr>
                <tr><th>suite version</th><td>{E(run.SuiteVersion)}</td></tr>
                <tr><th>started</th><td>{E(ConformanceReportJson.Timestamp(run.StartedAt))}</td></tr>
                <tr><th>duration</th><td>{E(Duration(run.Duration))}</td></tr>
                <tr><th>report digest</th><td><code>{E(digest)}</code> <span class="muted">(SHA-256 of the canonical JSON report; certificates name it)</span></td></tr>
                </table>
                <h2>Checks</h2>
                <table><tr><th>id</th><th>name</th><th>profile</th><th>outcome</th><th>duration</th></tr>

                """.AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var check in run.Checks)
            {
                var outcome = ConformanceReportJson.OutcomeName(check.Outcome);
                await writer.WriteAsync($"<tr><td><a href=\"#{E(Anchor(check.Id))}\"><code>{E(check.Id)}</code></a></td><td>{E(check.Name)}</td><td>{E(check.Profile)}</td><td class=\"{outcome}\">{outcome}</td><td>{E(Duration(check.Duration))}</td></tr>\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteAsync("</table>\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var check in run.Checks)
            {
                await WriteCheckAsync(writer, check, cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteAsync("</body></html>\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteCheckAsync(StreamWriter writer, CheckResult check, CancellationToken cancellationToken)
    {
        var outcome = ConformanceReportJson.OutcomeName(check.Outcome);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"check {outcome}\" id=\"{E(Anchor(check.Id))}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h3><code>{E(check.Id)}</code> {E(check.Name)} <span class=\"{outcome}\">{outcome}</span> <span class=\"muted\">{E(Duration(check.Duration))}</span></h3>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>Verifies:</strong> {E(check.Verifies)}</p>\n");
        if (check.Reason is { } reason)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"reason\"><strong>{(check.Outcome == CheckOutcome.Failed ? "Violation" : "Could not run")}:</strong> {E(reason)}</div>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<details><summary>{check.Exchanges.Count} message{(check.Exchanges.Count == 1 ? "" : "s")} exchanged</summary>\n");
        foreach (var exchange in check.Exchanges)
        {
            var status = exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? "no response";
            html.Append(CultureInfo.InvariantCulture, $"<details><summary>{E(exchange.Direction)} <code>{E(exchange.Method)} {E(exchange.Url)}</code> &rarr; {E(status)} <span class=\"muted\">{E(ConformanceReportJson.Timestamp(exchange.At))}</span></summary>\n");
            if (exchange.RequestBody is { } request)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>request body</p><pre>{E(Pretty(request))}</pre>\n");
            }

            if (exchange.ResponseBody is { } response)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>response body</p><pre>{E(Pretty(response))}</pre>\n");
            }

            html.Append("</details>\n");
        }

        html.Append("</details>\n</section>\n");
        await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Anchor(string id) => "check-" + string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static string Duration(TimeSpan duration) =>
        duration.TotalSeconds >= 1 ? duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    // JSON bodies are indented so a reader can follow them; anything else is shown as received.
    private static string Pretty(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return body;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, IndentedJson);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
