using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataspace.Conformance.Reports;

/// <summary>Writes a run's reports into a folder: <c>conformance-report.json</c>, <c>junit.xml</c> and <c>conformance-report.html</c>.</summary>
public static class ConformanceReportWriter
{
    /// <summary>The JSON report's file name.</summary>
    public const string JsonFileName = "conformance-report.json";

    /// <summary>The JUnit XML report's file name.</summary>
    public const string JUnitFileName = "junit.xml";

    /// <summary>The HTML report's file name.</summary>
    public const string HtmlFileName = "conformance-report.html";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The digest of the run's JSON report (<see cref="ReportDigest"/>), without writing anything.</summary>
    public static string Digest(ConformanceRunResult run) => ReportDigest.Compute(ConformanceReportJson.Create(run));

    /// <summary>Writes the three reports into <paramref name="directory"/> (created if missing) and returns their paths and the digest.</summary>
    public static async Task<ReportFiles> WriteAsync(ConformanceRunResult run, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(directory);
        var json = ConformanceReportJson.Create(run);
        var digest = ReportDigest.Compute(json);
        var files = new ReportFiles(
            Path.Combine(directory, JsonFileName), Path.Combine(directory, JUnitFileName), Path.Combine(directory, HtmlFileName), digest);

        await WriteFileAsync(files.Json, (stream, ct) => JsonSerializer.SerializeAsync(stream, json, Indented, ct), cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(files.JUnit, (stream, ct) => JUnitReportWriter.WriteAsync(run, stream, ct), cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(files.Html, (stream, ct) => HtmlReportWriter.WriteAsync(run, digest, stream, ct), cancellationToken).ConfigureAwait(false);
        return files;
    }

    // Written beside the target and moved into place, so a report is never left half-written.
    private static async Task WriteFileAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
