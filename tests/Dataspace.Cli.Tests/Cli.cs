namespace Dataspace.Cli.Tests;

/// <summary>Runs the <c>dataspace</c> command in-process, capturing what it prints.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
