using System.CommandLine;
using System.Text.RegularExpressions;
using Dataspace.Cli.Audit;
using Dataspace.Cli.Conformance;
using Dataspace.Cli.Demo;
using Dataspace.Cli.Identity;
using Dataspace.Cli.JsonLd;
using Dataspace.Cli.Management;
using Dataspace.Cli.Compute;
using Dataspace.Cli.Metering;
using Dataspace.Cli.Plugins;
using Dataspace.Cli.Policy;
using Dataspace.Cli.Portal;
using Dataspace.Cli.Run;

namespace Dataspace.Cli;

/// <summary>The <c>dataspace</c> command tree. Each feature adds its command group here.</summary>
internal static partial class CliApplication
{
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Operate a Dataspace Protocol connector: run it, manage plugins, identities, policies and data sharing.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CatalogCrawlerCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(JsonLdCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(DidCommand.Create());
        root.Subcommands.Add(VcCommand.Create());
        root.Subcommands.Add(AuthorityCommand.Create());
        root.Subcommands.Add(JoinCommand.Create());
        root.Subcommands.Add(AssetsCommand.Create());
        root.Subcommands.Add(PoliciesCommand.Create());
        root.Subcommands.Add(OffersCommand.Create());
        root.Subcommands.Add(MeteringCommand.Create());
        root.Subcommands.Add(ComputeCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(SearchCommand.Create());
        root.Subcommands.Add(DataProductsCommand.Create());
        root.Subcommands.Add(NegotiateCommand.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(PortalCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(Audit.AuditCommand.Create());
        return root;
    }

    /// <summary>
    /// The parser's conversion error names the .NET type (<c>System.Nullable`1[System.Int32]</c>); a user needs the
    /// option, the value given and what kind of value is expected.
    /// </summary>
    internal static string Friendly(string message)
    {
        var match = ConversionError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("System.Int", StringComparison.Ordinal) || type.Contains("System.UInt", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("System.Double", StringComparison.Ordinal) || type.Contains("System.Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("System.Uri", StringComparison.Ordinal) => "a URI",
            _ when type.Contains("System.TimeSpan", StringComparison.Ordinal) => "a duration such as 00:01:30",
            _ => "a valid value",
        };
        return $"{match.Groups["symbol"].Value} '{match.Groups["value"].Value}' is not {expected}";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command) '(?<symbol>[^']+)' as expected type '(?<type>[^']+)'\.?$", RegexOptions.Singleline)]
    private static partial Regex ConversionError();

    /// <summary>Parses and runs <paramref name="args"/>; errors are one line on <paramref name="error"/> and a non-zero exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var root = BuildRootCommand();
            var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
            if (parse.Errors.Count > 0)
            {
                // One line per problem and a pointer to help, rather than the whole help text.
                var command = parse.CommandResult.Command;
                var errors = parse.Errors.Select(e => Friendly(e.Message)).ToList();
                if (errors.Any(m => m.StartsWith("Unrecognized", StringComparison.Ordinal)))
                {
                    errors.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
                }

                var path = string.Join(' ', command.Parents.OfType<Command>().Reverse().Append(command).Select(c => c.Name).Skip(1).Prepend("dataspace"));
                await error.WriteLineAsync($"error: {string.Join("; ", errors)} (see '{path} --help')").ConfigureAwait(false);
                return 2;
            }

            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
