using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// Fresh <c>dataspace run</c> processes, each in a folder named by its role ("provider", "consumer") inside
/// <paramref name="folder"/>, and the CLI and management API used against them as their operator would.
/// </summary>
internal sealed class MemberConnectors(string folder)
{
    /// <summary>Starts a connector in <c>folder/name</c>; with <paramref name="shortCaches"/>, revocation shows within seconds.</summary>
    public Task<ConnectorProcess> StartAsync(string name, bool shortCaches = false) =>
        ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", AuthorityProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--data-dir", Path.Combine(folder, name)],
            folder,
            TimeSpan.FromSeconds(90),
            shortCaches
                ? new Dictionary<string, string>
                {
                    // Revocation shows once the verifier's cached status list and presentation expire: 300 s and 60 s by default.
                    ["Connector__Identity__StatusListCacheSeconds"] = "1",
                    ["Connector__Identity__PresentationCacheSeconds"] = "1",
                }
                : null);

    /// <summary>Runs the CLI against <paramref name="connector"/> with its data folder (for its API key).</summary>
    public Task<(int ExitCode, string Output, string Error)> ClientAsync(ConnectorProcess connector, params string[] args) =>
        Cli.RunAsync([.. args, "--connector", connector.BaseAddress, "--data-dir", Path.Combine(folder, Name(connector))]);

    /// <summary>The role folder <paramref name="connector"/> was started in.</summary>
    public string Name(ConnectorProcess connector) =>
        connector.Output.Contains(Path.Combine(folder, "provider"), StringComparison.Ordinal) ? "provider" : "consumer";

    /// <summary>The management API key the connector generated in its data folder.</summary>
    public string ApiKey(ConnectorProcess connector) =>
        File.ReadAllText(Path.Combine(folder, Name(connector), "management-api-key")).Trim();

    /// <summary>The connector's DID, from its management API.</summary>
    public async Task<string> DidAsync(ConnectorProcess connector)
    {
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/management/v1/identity/did");
        request.Headers.Add("X-Api-Key", ApiKey(connector));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }
}
