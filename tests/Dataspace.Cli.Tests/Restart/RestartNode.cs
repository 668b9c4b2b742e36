using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;
using Dataspace.Connector.Testing;
using Microsoft.Data.Sqlite;

namespace Dataspace.Cli.Tests.Restart;

/// <summary>One `dataspace run` connector process: a fixed port and data folder across SIGKILLs and restarts.</summary>
internal sealed class RestartNode : IAsyncDisposable
{
    private readonly string _workingDirectory;
    private readonly string _config;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private ConnectorProcess? _process;

    public RestartNode(string workingDirectory, string name, string peer)
    {
        _workingDirectory = workingDirectory;
        Name = name;
        Data = Path.Combine(workingDirectory, name);
        Port = FreePort();
        _config = Path.Combine(workingDirectory, name + ".json");
        File.WriteAllText(_config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Connector"] = new Dictionary<string, object>
            {
                ["ParticipantId"] = $"did:web:{name}.example",

                // Both nodes run on 127.0.0.1: the egress policy's development mode, switched on explicitly.
                ["Egress"] = new Dictionary<string, object> { ["AllowPrivateNetworks"] = true },
                ["Dsp"] = new Dictionary<string, object>
                {
                    ["StaticTokens"] = new Dictionary<string, string> { [peer + "-token"] = $"did:web:{peer}.example" },
                    ["OutboundToken"] = name + "-token",
                },
            },
            ["Logging"] = new { LogLevel = new { Default = "Warning" } },
        }));
    }

    public string Name { get; }

    public string Data { get; }

    public int Port { get; }

    public string Dsp => $"http://127.0.0.1:{Port}/api/dsp";

    /// <summary>What the current process printed (for failure messages).</summary>
    public string Output => _process?.Output ?? "";

    public async Task StartAsync()
    {
        _process = await ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", Data, "--config", _config],
            _workingDirectory,
            TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void Kill() => _process!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async Task<JsonNode?> PostAsync(string path, object? body)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = body is null ? null : JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return JsonNode.Parse(text)!;
    }

    /// <summary>GET returning the raw body and status (downloads).</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> GetBytesAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<List<JsonNode>> ListAsync(string path)
    {
        var all = new List<JsonNode>();
        for (var offset = 0; ; offset += 500)
        {
            var page = await GetAsync($"{path}?offset={offset}&limit=500");
            all.AddRange(page["items"]!.AsArray().Select(n => n!));
            if (all.Count >= page["total"]!.GetValue<long>() || page["items"]!.AsArray().Count == 0)
            {
                return all;
            }
        }
    }

    /// <summary>The messages still waiting in the connector's outbox, read from its database beside the running process.</summary>
    public async Task<List<string>> PendingOutboxAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Data, "connector.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type || ' for ' || process_id || ' (attempts ' || attempts || ', ' || COALESCE(last_error, '') || ')' FROM outbox ORDER BY id";
        var pending = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pending.Add(reader.GetString(0));
        }

        return pending;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, $"http://127.0.0.1:{Port}/api/management/v1{path}");
        request.Headers.Add("X-Api-Key", File.ReadAllText(Path.Combine(Data, "management-api-key")).Trim());
        return request;
    }

    private static int FreePort() => LoopbackPorts.Next();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
