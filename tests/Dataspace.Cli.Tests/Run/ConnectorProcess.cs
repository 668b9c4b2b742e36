using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dataspace.Testing;

namespace Dataspace.Cli.Tests.Run;

/// <summary>A connector started as its own process, the way an operator starts it.</summary>
internal sealed partial class ConnectorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConnectorProcess(Process process) => _process = process;

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

    public string BaseAddress { get; private set; } = "";

    public static async Task<ConnectorProcess> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan readyWithin, IDictionary<string, string>? environment = null)
    {
        var start = ProcessRunner.StartInfo(fileName, arguments, workingDirectory, environment);
        var connector = new ConnectorProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        connector._process.OutputDataReceived += (_, e) => connector.OnLine(e.Data);
        connector._process.ErrorDataReceived += (_, e) => connector.OnLine(e.Data);
        connector._process.Exited += (_, _) => connector._ready.TrySetException(new InvalidOperationException($"the connector exited with {connector._process.ExitCode} before it was ready:\n{connector.Output}"));
        connector._process.Start();
        connector._process.BeginOutputReadLine();
        connector._process.BeginErrorReadLine();
        try
        {
            connector.BaseAddress = await connector._ready.Task.WaitAsync(readyWithin);
        }
        catch (TimeoutException)
        {
            await connector.DisposeAsync();
            throw new TimeoutException($"the connector was not ready within {readyWithin}:\n{connector.Output}");
        }

        return connector;
    }

    /// <summary>Sends SIGTERM, as a service manager does, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
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
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ReadyLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"ready at (http://\S+)")]
    private static partial Regex ReadyLine();
}
