using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Connector.Testing;

namespace Dataspace.Cli.Tests.Cluster;

/// <summary>One `dataspace run` process with its own port; several may share a data folder and a PostgreSQL schema.</summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly string _workingDirectory;
    private readonly string _config;
    // Generous: on a loaded machine a request the consumer forwards to a provider instance being killed takes long.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(120) };
    private ConnectorProcess? _process;

    /// <param name="workingDirectory">Where configuration files go.</param>
    /// <param name="name">The instance's name (its configuration file).</param>
    /// <param name="data">The data folder (shared by the instances of one connector: management key, plugin files).</param>
    /// <param name="connector">The <c>Connector</c> configuration section.</param>
    public ClusterNode(string workingDirectory, string name, string data, Dictionary<string, object> connector)
    {
        _workingDirectory = workingDirectory;
        Name = name;
        Data = data;
        Port = FreePort();
        _config = Path.Combine(workingDirectory, name + ".json");
        File.WriteAllText(_config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Connector"] = connector,
            ["Logging"] = new { LogLevel = new { Default = "Warning" } },
        }));
    }

    public string Name { get; }

    public string Data { get; }

    public int Port { get; }

    public bool Running => _process is not null;

    public string Output => _process?.Output ?? "";

    public async Task StartAsync()
    {
        _process = await ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", Data, "--config", _config],
            _workingDirectory,
            TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no shutdown hooks; its PostgreSQL sessions end with the process.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    public async Task<JsonNode?> PostAsync(string path, object? body)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = body is null ? null : JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Name} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<List<JsonNode>> ListAsync(string path)
    {
        var all = new List<JsonNode>();
        for (var offset = 0; ; offset += 500)
        {
            using var request = Request(HttpMethod.Get, $"{path}?offset={offset}&limit=500");
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{Name} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
            }

            var page = JsonNode.Parse(text)!;
            all.AddRange(page["items"]!.AsArray().Select(n => n!));
            if (all.Count >= page["total"]!.GetValue<long>() || page["items"]!.AsArray().Count == 0)
            {
                return all;
            }
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, $"http://127.0.0.1:{Port}/api/management/v1{path}");
        request.Headers.Add("X-Api-Key", File.ReadAllText(Path.Combine(Data, "management-api-key")).Trim());
        return request;
    }

    internal static int FreePort() => LoopbackPorts.Next();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await KillAsync();
    }
}
