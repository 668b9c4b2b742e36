using System.Diagnostics;
using System.Globalization;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Demo;

/// <summary>Runs the demo's numbered steps, printing each with its timing; a failing step becomes one line naming it and why.</summary>
internal sealed class DemoSteps
{
    private readonly TextWriter _output;
    private readonly int _total;
    private int _number;

    public DemoSteps(TextWriter output, int total)
    {
        _output = output;
        _total = total;
    }

    /// <summary>Runs a step; it returns its value and the lines describing what it did.</summary>
    public async Task<T> RunAsync<T>(string title, Func<CancellationToken, Task<(T Value, IReadOnlyList<string> Lines)>> step, CancellationToken cancellationToken)
    {
        _number++;
        var started = Stopwatch.GetTimestamp();
        (T Value, IReadOnlyList<string> Lines) result;
        try
        {
            result = await step(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Reason(e) is { } reason && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"step {_number} ({title}) failed: {reason}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await _output.WriteLineAsync($"[{_number}/{_total}] {title} ({Format(elapsed)})").ConfigureAwait(false);
        foreach (var line in result.Lines)
        {
            await _output.WriteLineAsync("      " + line).ConfigureAwait(false);
        }

        return result.Value;
    }

    private static string? Reason(Exception e) => e switch
    {
        CliException or ManagementApiException or HttpRequestException or IOException => e.Message,
        OperationCanceledException => "it did not finish in time",
        _ => null,
    };

    private static string Format(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1
            ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : ((int)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
}
