using System.Globalization;
using Dataspace.Conformance;
using Dataspace.Conformance.Reports;
using Spectre.Console;

namespace Dataspace.Cli.Conformance;

/// <summary>Live progress and the summary of a run, through Spectre.Console on the command's output.</summary>
internal static class ConformanceConsole
{
    public static IAnsiConsole Create(TextWriter output)
    {
        // Colours and a spinner only on a real terminal; captured or piped output (CI logs, tests) stays plain text
        // with one line per check rather than wrapped at a guessed width.
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }

    /// <summary>Runs the checks, printing one line per check as it completes (with a spinner naming the running check on a terminal).</summary>
    public static async Task<ConformanceRunResult> RunAsync(
        IAnsiConsole console, ConformanceRunner runner, IReadOnlyList<ConformanceCheck> checks, string target, CancellationToken cancellationToken)
    {
        var done = 0;
        runner.CheckCompleted += check =>
        {
            done++;
            console.MarkupLine(Line(check, done, checks.Count));
            if (check.Reason is { } reason)
            {
                console.MarkupLine($"      [grey]{Markup.Escape(reason)}[/]");
            }
        };
        if (!console.Profile.Capabilities.Interactive)
        {
            return await runner.RunAsync(checks, target, cancellationToken).ConfigureAwait(false);
        }

        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", async status =>
        {
            runner.CheckStarting += check => status.Status($"{Markup.Escape(check.Id)} {Markup.Escape(check.Name)}");
            return await runner.RunAsync(checks, target, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public static void Summary(IAnsiConsole console, ConformanceRunResult run, ReportFiles? files, string? certificateFile, bool certificateRequested)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("profile", "checks", "passed", "failed", "errors", "time");
        foreach (var profile in run.Profiles)
        {
            var checks = run.Checks.Where(c => c.Profile == profile).ToList();
            var counts = ReportSummary.Of(checks);
            table.AddRow(
                Markup.Escape(profile), Number(counts.Total), Number(counts.Passed), Number(counts.Failed), Number(counts.Errors),
                Seconds(checks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration)));
        }

        console.Write(table);
        if (files is not null)
        {
            console.MarkupLine($"Reports: {Markup.Escape(files.Json)}, {Markup.Escape(files.JUnit)}, {Markup.Escape(files.Html)}");
            console.MarkupLine($"Report digest: {Markup.Escape(files.Digest)}");
        }

        if (certificateFile is not null)
        {
            console.MarkupLine($"Certificate: {Markup.Escape(certificateFile)} (check it with 'dataspace conformance verify-certificate')");
        }
        else if (certificateRequested)
        {
            console.MarkupLine("No certificate: a certificate needs every check to pass");
        }

        var summary = ReportSummary.Of(run);
        console.MarkupLine(run.Passed
            ? $"[green bold]PASSED[/]: all {summary.Total} checks passed in {Seconds(run.Duration)}"
            : $"[red bold]FAILED[/]: {summary.Total - summary.Passed} of {summary.Total} checks did not pass ({summary.Failed} failed, {summary.Errors} could not run)");
    }

    private static string Line(CheckResult check, int done, int total)
    {
        var outcome = check.Outcome switch
        {
            CheckOutcome.Passed => "[green]PASS [/]",
            CheckOutcome.Failed => "[red]FAIL [/]",
            _ => "[yellow]ERROR[/]",
        };
        var counter = $"[{done}/{total}]".PadLeft(2 * total.ToString(CultureInfo.InvariantCulture).Length + 3);
        return $"{Markup.Escape(counter)} {outcome} {Markup.Escape(check.Id),-12} {Markup.Escape(check.Name)} [grey]{Seconds(check.Duration)}[/]";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
