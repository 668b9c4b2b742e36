using System.Net;
using System.Text.Json;

namespace Dataspace.Cli.Tests.Run;

/// <summary><c>dataspace run</c> as its own process: ready, serving, and stopping cleanly on SIGTERM.</summary>
public sealed class RunCommandProcessTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("cli-process-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Run_AnswersReadyListsTheFilesystemPluginAndStopsCleanlyOnSigterm()
    {
        var data = Path.Combine(_temp.FullName, "data");
        await using var connector = await ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", "0", "--data-dir", data],
            _temp.FullName,
            TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };

        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var key = await File.ReadAllTextAsync(Path.Combine(data, "management-api-key"));
        Assert.Contains(key, connector.Output, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/management/v1/plugins");
        request.Headers.Add("X-Api-Key", key);
        using var plugins = await http.SendAsync(request);
        var list = JsonDocument.Parse(await plugins.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == "dataspace.storage.filesystem" && p.GetProperty("status").GetString() == "loaded");

        Assert.Equal(0, await connector.TerminateAsync(TimeSpan.FromSeconds(20)));
        Assert.True(File.Exists(Path.Combine(data, "connector.db")));
    }
}
