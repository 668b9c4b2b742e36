using System.CommandLine;
using System.Text.Json;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary>Options of commands that talk to a running connector's management API, and how they run.</summary>
internal sealed class ManagementOptionsCli
{
    public const string DefaultConnector = "http://127.0.0.1:8181";
    public const string ApiKeyVariable = "DATASPACE_API_KEY";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Option<string> Connector { get; } = new("--connector")
    {
        Description = $"The connector's URL. Default: {DefaultConnector}",
        DefaultValueFactory = _ => DefaultConnector,
    };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = $"The management API key. Default: ${ApiKeyVariable}, else the key file in --data-dir" };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "The connector's data folder, to read its management-api-key file. Default: ./data" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of a table" };

    public void AddTo(Command command)
    {
        command.Options.Add(Connector);
        command.Options.Add(ApiKey);
        command.Options.Add(DataDir);
        command.Options.Add(Json);
    }

    /// <summary>Runs <paramref name="action"/> with a client for the chosen connector; refusals and network faults become one-line errors.</summary>
    public async Task<int> RunAsync(ParseResult result, Func<ManagementClient, TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var url = result.GetValue(Connector) ?? DefaultConnector;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--connector '{url}' must be an http(s) URL such as {DefaultConnector}");
        }

        var key = ResolveApiKey(result);
        // The default 100 s bounds each call until its response headers arrive; downloads then stream without a limit.
        using var http = new HttpClient { BaseAddress = root };
        var client = new ManagementClient(http, key);
        try
        {
            return await action(client, result.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        }
        catch (ManagementApiException e)
        {
            throw new CliException(e.Message);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"the connector at {url} could not be reached: {e.Message}");
        }
    }

    public static Task WriteJsonAsync(TextWriter output, object value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, value.GetType(), Indented));

    private string ResolveApiKey(ParseResult result)
    {
        if (result.GetValue(ApiKey) is { Length: > 0 } given)
        {
            return given;
        }

        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var file = Path.GetFullPath(Path.Combine(result.GetValue(DataDir) ?? "data", "management-api-key"));
        if (!File.Exists(file))
        {
            throw new CliException($"no management API key: pass --api-key, set {ApiKeyVariable}, or point --data-dir at the connector's data folder ({file} does not exist)");
        }

        var key = File.ReadAllText(file).Trim();
        return key.Length > 0 ? key : throw new CliException($"the API key file {file} is empty");
    }
}
