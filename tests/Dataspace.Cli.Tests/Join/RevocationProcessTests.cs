using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// Revocation end to end with real processes: the authority's operator revokes a member (<c>dataspace authority members
/// revoke DID</c>); the provider then refuses that member's new negotiations (its credentials are revoked in the status
/// list) and the member leaves the other member's search at the next crawl.
/// </summary>
public sealed class RevocationProcessTests : IDisposable
{
    private const string Policy = """{"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Set", "permission": [{"action": "use", "constraint": [{"leftOperand": "claim:SubspaceCredential.subspace", "operator": "eq", "rightOperand": "finance"}]}]}""";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("revocation-process-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task RevokedMember_IsRefusedByTheProvider_AndLeavesTheOtherMembersSearch()
    {
        await using var authority = await AuthorityProcess.StartAsync(Path.Combine(_temp.FullName, "authority"));
        await using var provider = await StartConnectorAsync("provider");
        await using var consumer = await StartConnectorAsync("consumer");
        foreach (var (connector, name) in new[] { (provider, "Provider Ltd"), (consumer, "Consumer Ltd") })
        {
            var (exit, output, error) = await ClientAsync(connector, "join", "--authority", authority.Url, "--name", name, "--uscc", "91350100M000100Y43",
                "--contact-email", "ops@example.com", "--subspace", "finance", "--wait", "--timeout", "90");
            Assert.True(exit == 0, $"join exited {exit}: {output}{error}\nauthority:\n{authority.Output}\n{connector.Output}");
        }

        var providerDid = await DidAsync(provider);
        var consumerDid = await DidAsync(consumer);
        await PublishAsync(provider, "rain", "Daily rainfall");
        await PublishAsync(consumer, "stations", "Weather stations of the consumer");

        // Both members find each other's offers by search, with no registry or member settings: joining made them crawl.
        var (_, found, _) = await ClientAsync(provider, "search", "stations", "--refresh", "--json");
        Assert.Contains(consumerDid, found, StringComparison.Ordinal);
        var (_, foundByConsumer, _) = await ClientAsync(consumer, "search", "rainfall", "--refresh", "--json");
        Assert.Contains(providerDid, foundByConsumer, StringComparison.Ordinal);

        var (agreed, agreement, agreedError) = await ClientAsync(consumer, "negotiate", "--from", providerDid, "--offer", "rain-offer", "--wait", "--timeout", "60");
        Assert.True(agreed == 0, $"before revocation: {agreement}{agreedError}\n{provider.Output}");

        var (revoked, revokeOutput, revokeError) = await authority.OperatorAsync("authority", "members", "revoke", consumerDid);
        Assert.True(revoked == 0, revokeOutput + revokeError);
        Assert.Contains("2 credentials revoked", revokeOutput, StringComparison.Ordinal);

        // The connectors here cache status lists and presentations for 1 s (StartConnectorAsync): wait that out.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (refused, refusedOutput, refusedError) = await ClientAsync(consumer, "negotiate", "--from", providerDid, "--offer", "rain-offer", "--wait", "--timeout", "60");
        Assert.True(refused != 0, $"the revoked member's negotiation ended with {refused}: {refusedOutput}");
        // The provider refuses the revoked member's request (its catalog request before the negotiation, or the negotiation) and says why.
        Assert.True(refusedError.Contains("revoked", StringComparison.OrdinalIgnoreCase), $"{refusedError}\n{provider.Output}");

        var (_, after, afterError) = await ClientAsync(provider, "search", "stations", "--refresh", "--json");
        Assert.DoesNotContain(consumerDid, after, StringComparison.Ordinal);
        Assert.Contains("1 removed", afterError, StringComparison.Ordinal);
    }

    private async Task PublishAsync(ConnectorProcess connector, string id, string title)
    {
        var name = Name(connector);
        var files = Path.Combine(_temp.FullName, name, "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        await File.WriteAllTextAsync(Path.Combine(files, id + ".csv"), "day,value\n2026-12-01,1\n");
        var policy = Path.Combine(_temp.FullName, name + "-policy.json");
        await File.WriteAllTextAsync(policy, Policy);
        string[][] commands =
        [
            ["policies", "create", "--id", "finance-members", "--file", policy],
            ["assets", "create", "--id", id, "--address", $"path={id}.csv", "--property", $"title={title}"],
            ["offers", "create", "--id", id + "-offer", "--asset", id, "--access-policy", "finance-members", "--contract-policy", "finance-members"],
        ];
        foreach (var command in commands)
        {
            var (exit, output, error) = await ClientAsync(connector, command);
            Assert.True(exit == 0, $"{string.Join(' ', command)}: {output}{error}");
        }
    }

    private Task<(int ExitCode, string Output, string Error)> ClientAsync(ConnectorProcess connector, params string[] args) =>
        Cli.RunAsync([.. args, "--connector", connector.BaseAddress, "--data-dir", Path.Combine(_temp.FullName, Name(connector))]);

    private string Name(ConnectorProcess connector) =>
        connector.Output.Contains(Path.Combine(_temp.FullName, "provider"), StringComparison.Ordinal) ? "provider" : "consumer";

    private async Task<string> DidAsync(ConnectorProcess connector)
    {
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/management/v1/identity/did");
        request.Headers.Add("X-Api-Key", (await File.ReadAllTextAsync(Path.Combine(_temp.FullName, Name(connector), "management-api-key"))).Trim());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    private async Task<ConnectorProcess> StartConnectorAsync(string name) =>
        await ConnectorProcess.StartAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "dataspace.dll"), "run", "--port", AuthorityProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--data-dir", Path.Combine(_temp.FullName, name)],
            _temp.FullName,
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string>
            {
                // Revocation shows once the verifier's cached status list and presentation expire: 300 s and 60 s by default.
                ["Connector__Identity__StatusListCacheSeconds"] = "1",
                ["Connector__Identity__PresentationCacheSeconds"] = "1",
            });
}
