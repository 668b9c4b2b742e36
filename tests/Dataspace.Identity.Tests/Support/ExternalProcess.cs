using System.Diagnostics;

namespace Dataspace.Identity.Tests.Support;

/// <summary>Runs a command-line tool to completion with a time limit and returns its exit code and output.</summary>
internal static class ExternalProcess
{
    public static string? FindOnPath(string tool)
    {
        var extensions = OperatingSystem.IsWindows() ? new[] { ".cmd", ".exe" } : [string.Empty];
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => extensions.Select(ext => Path.Combine(dir, tool + ext)))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(FindOnPath(tool) ?? tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds}s.");
        }

        return (process.ExitCode, await output, await error);
    }
}
