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
    private readonly MemberConnectors _members;

    public RevocationProcessTests() => _members = new MemberConnectors(_temp.FullName);

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task RevokedMember_IsRefusedByTheProvider_AndLeavesTheOtherMembersSearch()
    {
        await using var authority = await AuthorityProcess.StartAsync(Path.Combine(_temp.FullName, "authority"));
        await using var provider = await _members.StartAsync("provider", shortCaches: true);
        await using var consumer = await _members.StartAsync("consumer", shortCaches: true);
        foreach (var (connector, name) in new[] { (provider, "Provider Ltd"), (consumer, "Consumer Ltd") })
        {
            var (exit, output, error) = await _members.ClientAsync(connector, "join", "--authority", authority.Url, "--name", name, "--uscc", "91350100M000100Y43",
                "--contact-email", "ops@example.com", "--subspace", "finance", "--wait", "--timeout", "90");
            Assert.True(exit == 0, $"join exited {exit}: {output}{error}\nauthority:\n{authority.Output}\n{connector.Output}");
        }

        var providerDid = await _members.DidAsync(provider);
        var consumerDid = await _members.DidAsync(consumer);
        await PublishAsync(provider, "rain", "Daily rainfall");
        await PublishAsync(consumer, "stations", "Weather stations of the consumer");

        // Both members find each other's offers by search, with no registry or member settings: joining made them crawl.
        var (_, found, _) = await _members.ClientAsync(provider, "search", "stations", "--refresh", "--json");
        Assert.Contains(consumerDid, found, StringComparison.Ordinal);
        var (_, foundByConsumer, _) = await _members.ClientAsync(consumer, "search", "rainfall", "--refresh", "--json");
        Assert.Contains(providerDid, foundByConsumer, StringComparison.Ordinal);

        var (agreed, agreement, agreedError) = await _members.ClientAsync(consumer, "negotiate", "--from", providerDid, "--offer", "rain-offer", "--wait", "--timeout", "60");
        Assert.True(agreed == 0, $"before revocation: {agreement}{agreedError}\n{provider.Output}");

        var (revoked, revokeOutput, revokeError) = await authority.OperatorAsync("authority", "members", "revoke", consumerDid);
        Assert.True(revoked == 0, revokeOutput + revokeError);
        Assert.Contains("2 credentials revoked", revokeOutput, StringComparison.Ordinal);

        // The connectors here cache status lists and presentations for 1 s (MemberConnectors.StartAsync with shortCaches): wait that out.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (refused, refusedOutput, refusedError) = await _members.ClientAsync(consumer, "negotiate", "--from", providerDid, "--offer", "rain-offer", "--wait", "--timeout", "60");
        Assert.True(refused != 0, $"the revoked member's negotiation ended with {refused}: {refusedOutput}");
        // The provider refuses the revoked member's request (its catalog request before the negotiation, or the negotiation) and says why.
        Assert.True(refusedError.Contains("revoked", StringComparison.OrdinalIgnoreCase), $"{refusedError}\n{provider.Output}");

        var (_, after, afterError) = await _members.ClientAsync(provider, "search", "stations", "--refresh", "--json");
        Assert.DoesNotContain(consumerDid, after, StringComparison.Ordinal);
        Assert.Contains("1 removed", afterError, StringComparison.Ordinal);
    }

    private async Task PublishAsync(ConnectorProcess connector, string id, string title)
    {
        var name = _members.Name(connector);
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
            var (exit, output, error) = await _members.ClientAsync(connector, command);
            Assert.True(exit == 0, $"{string.Join(' ', command)}: {output}{error}");
        }
    }
}
