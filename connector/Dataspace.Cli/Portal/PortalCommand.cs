using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Dataspace.Cli.Management;
using Dataspace.Connector.Client;
using Dataspace.Portal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Cli.Portal;

/// <summary><c>dataspace portal</c>: serves the participant portal on its own, managing a running (possibly remote) connector.</summary>
internal static class PortalCommand
{
    public const int DefaultPort = 8282;

    public static Command Create()
    {
        var connector = new Option<string>("--connector")
        {
            Description = $"The connector's URL. Default: {ManagementOptionsCli.DefaultConnector}",
            DefaultValueFactory = _ => ManagementOptionsCli.DefaultConnector,
        };
        var apiKey = new Option<string?>("--api-key") { Description = $"A management API key to check the connector with before serving (operators still sign in). Default: ${ManagementOptionsCli.ApiKeyVariable}" };
        var port = new Option<int?>("--port") { Description = $"HTTP port of the portal (0 picks a free one). Default: {DefaultPort}" };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on. Default: 127.0.0.1" };
        port.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out var value) && value is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535");
            }
        });

        var command = new Command("portal", "Serve the participant portal (browser UI) for a running connector, e.g. one on another machine.");
        command.Options.Add(connector);
        command.Options.Add(apiKey);
        command.Options.Add(port);
        command.Options.Add(bind);
        command.SetAction(async (result, cancellationToken) =>
        {
            var url = result.GetValue(connector) ?? ManagementOptionsCli.DefaultConnector;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--connector '{url}' must be an http(s) URL such as {ManagementOptionsCli.DefaultConnector}");
            }

            var address = result.GetValue(bind) ?? "127.0.0.1";
            if (!string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(address, out _))
            {
                throw new CliException($"--bind '{address}' is not an IP address (or 'localhost')");
            }

            var key = result.GetValue(apiKey) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(ManagementOptionsCli.ApiKeyVariable);
            var participant = key is { Length: > 0 } ? await CheckConnectorAsync(root, url, key, cancellationToken).ConfigureAwait(false) : null;
            return await ServeAsync(root, result.GetValue(port) ?? DefaultPort, address, participant, result.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<string> CheckConnectorAsync(Uri root, string url, string key, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return (await new ManagementClient(http, key).GetInfoAsync(cancellationToken).ConfigureAwait(false)).ParticipantId;
        }
        catch (ManagementApiException e)
        {
            throw new CliException($"the connector at {url} refused the API key: {e.Detail}");
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"the connector at {url} could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"the connector at {url} did not answer within 30 s");
        }
    }

    private static async Task<int> ServeAsync(Uri root, int port, string bind, string? participant, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = StandalonePortal.Build(root, port, bind);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            throw new CliException($"port {port} is already in use (choose another with --port)");
        }

        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "?";
        await output.WriteLineAsync($"Dataspace portal at {listening}{PortalInfo.DefaultPath}/ managing {root.AbsoluteUri.TrimEnd('/')}{(participant is null ? "" : $" ({participant})")}").ConfigureAwait(false);
        await output.WriteLineAsync("  Sign in with the connector's management API key. Ctrl+C stops the portal.").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        // Ends on Ctrl+C or SIGTERM, whichever of the command line and the web host sees it first.
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
