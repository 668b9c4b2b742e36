using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.FirstUse;

/// <summary>The <c>dataspace</c> command started as its own process, as a user starts it from a shell.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _lines = new(0);

    private CliProcess(Process process) => _process = process;

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

    public bool HasExited => _process.HasExited;

    public static CliProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = ProcessRunner.StartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), .. arguments], workingDirectory);
        var cli = new CliProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        cli._process.OutputDataReceived += (_, e) => cli.OnLine(e.Data);
        cli._process.ErrorDataReceived += (_, e) => cli.OnLine(e.Data);
        cli._process.Exited += (_, _) => cli._lines.Release();
        cli._process.Start();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails with the output so far when it does not come in time or the process ends.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                // Let the asynchronous readers deliver the last lines.
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"the process exited with {_process.ExitCode} before printing '{text}':\n{Output}");
            }

            try
            {
                await _lines.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not appear within {within}:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not exit within {within}:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (TERM or INT), as a service manager or Ctrl+C does, and waits for the exit code.</summary>
    public async Task<int> SignalAsync(string signal, TimeSpan within)
    {
        using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(within);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lines.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _lines.Release();
    }
}
