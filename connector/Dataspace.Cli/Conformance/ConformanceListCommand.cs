using System.CommandLine;
using Dataspace.Conformance;

namespace Dataspace.Cli.Conformance;

/// <summary><c>dataspace conformance list</c>: the suite's checks, by profile.</summary>
internal static class ConformanceListCommand
{
    public static Command Create()
    {
        var profile = ConformanceOptions.Profile();
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table with what each check verifies (for documentation)" };
        var command = new Command("list", "List the checks of a profile (default: all) with their ids and names.");
        command.Options.Add(profile);
        command.Options.Add(markdown);
        command.SetAction(async (result, cancellationToken) =>
        {
            var checks = ConformanceSuite.ForProfile(result.GetValue(profile)!);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(markdown))
            {
                await output.WriteLineAsync("| id | profile | name | verifies |").ConfigureAwait(false);
                await output.WriteLineAsync("|---|---|---|---|").ConfigureAwait(false);
                foreach (var check in checks)
                {
                    await output.WriteLineAsync($"| `{check.Id}` | {check.Profile} | {Cell(check.Name)} | {Cell(check.Verifies)} |").ConfigureAwait(false);
                }

                return 0;
            }

            var width = checks.Select(c => c.Id.Length).DefaultIfEmpty(2).Max();
            foreach (var check in checks)
            {
                await output.WriteLineAsync($"{check.Id.PadRight(width)}  {check.Profile,-10}  {check.Name}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"{checks.Count} checks (suite {ConformanceSuite.Version})").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
