using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Readme;

/// <summary>
/// A user's terminal: one bash that runs the README's lines one after another (so variables carry over), with
/// <c>dataspace</c> being the CLI this test run built, and the long-running lines started in terminals of their own.
/// </summary>
internal sealed partial class ReadmeShell : IAsyncDisposable
{
    private readonly Process _bash;
    private readonly StringBuilder _current = new();
    private TaskCompletionSource<(int, string)>? _done;

    private ReadmeShell(Process bash) => _bash = bash;

    /// <summary>Defines <c>dataspace</c> as the built CLI (stdin closed, so no command reads the script) and makes a pipeline fail when any part fails.</summary>
    public static string Prelude =>
        $"set -o pipefail\ndataspace() {{ dotnet '{Path.Combine(AppContext.BaseDirectory, "dataspace.dll")}' \"$@\" </dev/null; }}\n";

    public static ReadmeShell Start(string workingDirectory)
    {
        var start = ProcessRunner.StartInfo("bash", ["--noprofile", "--norc"], workingDirectory);
        start.RedirectStandardInput = true;
        var shell = new ReadmeShell(new Process { StartInfo = start });
        shell._bash.OutputDataReceived += (_, e) => shell.OnLine(e.Data);
        shell._bash.ErrorDataReceived += (_, e) => shell.OnLine(e.Data);
        shell._bash.Start();
        shell._bash.BeginOutputReadLine();
        shell._bash.BeginErrorReadLine();
        shell._bash.StandardInput.Write(Prelude + "exec 2>&1\n");
        shell._bash.StandardInput.Flush();
        return shell;
    }

    /// <summary>Runs one line as typed at the prompt; its exit code and what it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string line, TimeSpan within)
    {
        var done = new TaskCompletionSource<(int, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_current)
        {
            _current.Clear();
            _done = done;
        }

        // The marker goes on a line of its own even when the command's output does not end with a newline.
        await _bash.StandardInput.WriteAsync(line + "\n__rc=$?; printf '\\n@@readme-done:%d\\n' \"$__rc\"\n");
        await _bash.StandardInput.FlushAsync();
        try
        {
            return await done.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"`{line}` did not finish within {within}:\n{Current()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_bash.HasExited)
        {
            _bash.Kill(entireProcessTree: true);
            await _bash.WaitForExitAsync();
        }

        _bash.Dispose();
    }

    private string Current()
    {
        lock (_current)
        {
            return _current.ToString();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_current)
        {
            if (Marker().Match(line) is { Success: true } marker)
            {
                _done?.TrySetResult((int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), _current.ToString().TrimEnd('\n')));
                return;
            }

            _current.AppendLine(line);
        }
    }

    [GeneratedRegex(@"^@@readme-done:(\d+)$")]
    private static partial Regex Marker();
}
