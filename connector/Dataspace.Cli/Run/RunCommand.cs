using System.CommandLine;

namespace Dataspace.Cli.Run;

/// <summary><c>dataspace run</c>: starts a connector in the foreground until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var shared = new ConnectorOptionsCli();
        var port = new Option<int?>("--port") { Description = "HTTP port (0 picks a free one). Default: 8181" };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on. Default: 127.0.0.1" };
        var skipFaulty = new Option<bool>("--skip-faulty-plugins") { Description = "Start without faulty plugins (reporting them) instead of refusing to start" };
        port.Validators.Add(r =>
        {
            // Only range-check what parses; a non-number gets the parser's own error.
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out var value) && value is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535");
            }
        });

        var command = new Command("run", "Start a connector with embedded defaults (SQLite in the data folder, no external server).");
        shared.AddTo(command);
        command.Options.Add(port);
        command.Options.Add(bind);
        command.Options.Add(skipFaulty);
        command.SetAction(async (result, cancellationToken) =>
        {
            var overrides = shared.Overrides(result);
            if (result.GetValue(port) is { } p)
            {
                overrides["Connector:Port"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (result.GetValue(bind) is { } b)
            {
                overrides["Connector:BindAddress"] = b;
            }

            if (result.GetValue(skipFaulty))
            {
                overrides["Connector:SkipFaultyPlugins"] = "true";
            }

            return await shared.RunHostAsync(result, overrides, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
