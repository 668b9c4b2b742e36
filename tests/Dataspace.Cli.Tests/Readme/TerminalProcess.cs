using System.Diagnostics;
using System.Text;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Readme;

/// <summary>A long-running command (an authority, a connector) in a terminal of its own, as a user leaves it running.</summary>
internal sealed class TerminalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TerminalProcess(string line, Process process)
    {
        Line = line;
        _process = process;
    }

    public string Line { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="line"/> and waits until it prints <paramref name="ready"/>.</summary>
    public static Task<TerminalProcess> StartAsync(string workingDirectory, string line, string ready, TimeSpan within) =>
        StartAsync(ProcessRunner.StartInfo("bash", ["--noprofile", "--norc", "-c", ReadmeShell.Prelude + line], workingDirectory), line,
            terminal => Task.FromResult(terminal.Output.Contains(ready, StringComparison.Ordinal)), within);

    /// <summary>Starts <paramref name="start"/> (named <paramref name="line"/> in errors) and waits until <paramref name="isReady"/> says so.</summary>
    public static async Task<TerminalProcess> StartAsync(ProcessStartInfo start, string line, Func<TerminalProcess, Task<bool>> isReady, TimeSpan within)
    {
        var terminal = new TerminalProcess(line, new Process { StartInfo = start });
        terminal._process.OutputDataReceived += (_, e) => terminal.OnLine(e.Data);
        terminal._process.ErrorDataReceived += (_, e) => terminal.OnLine(e.Data);
        terminal._process.Start();
        terminal._process.BeginOutputReadLine();
        terminal._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(within);
        while (!await isReady(terminal))
        {
            if (terminal._process.HasExited || timeout.IsCancellationRequested)
            {
                var why = terminal._process.HasExited ? $"exited with {terminal._process.ExitCode}" : $"was not ready within {within}";
                await terminal.DisposeAsync();
                throw new InvalidOperationException($"`{line}` {why}:\n{terminal.Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return terminal;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
