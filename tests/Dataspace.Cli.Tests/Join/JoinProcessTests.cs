using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Cli.Tests.Run;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// Two fresh <c>dataspace run</c> processes (no identity settings) join the real authority (<c>dataspace authority serve
/// --approve auto</c>) with <c>dataspace join --wait</c>, and can then talk over DSP with DCP: the consumer names the
/// provider by DID only.
/// </summary>
public sealed class JoinProcessTests : IDisposable
{
    private const string Uscc = "91350100M000100Y43";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("join-process-");
    private readonly MemberConnectors _members;

    public JoinProcessTests() => _members = new MemberConnectors(_temp.FullName);

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task FreshConnectors_JoinOneAuthority_ThenTalkOverDcp_NamingThePeerByDid()
    {
        await using var authority = await AuthorityProcess.StartAsync(Path.Combine(_temp.FullName, "authority"));
        await using var provider = await _members.StartAsync("provider");
        await using var consumer = await _members.StartAsync("consumer");
        var providerDid = await DidAsync(provider);
        var consumerDid = await DidAsync(consumer);
        Assert.Equal($"did:web:127.0.0.1%3A{new Uri(provider.BaseAddress).Port}", providerDid);
        Assert.Equal("-rw-------", Mode(Path.Combine(_temp.FullName, "provider", "keystore-secret")));

        // Before joining there is no registry to find a DID in: a clear refusal naming what to do.
        using (var before = await ManagementAsync(consumer, HttpMethod.Post, "catalog/request", new JsonObject { ["counterPartyAddress"] = providerDid }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
            Assert.Contains("dataspace join", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var (connector, name) in new[] { (provider, "Provider Ltd"), (consumer, "Consumer Ltd") })
        {
            var (exit, output, error) = await Cli.RunAsync(
                "join", "--connector", connector.BaseAddress, "--api-key", _members.ApiKey(connector), "--authority", authority.Url,
                "--name", name, "--uscc", Uscc, "--contact-email", "ops@example.com", "--subspace", "finance", "--wait", "--timeout", "90");
            Assert.True(exit == 0, $"join exited {exit}: {output}{error}\nauthority:\n{authority.Output}\n{connector.Output}");
            Assert.Contains("joined: 2 credentials stored", output, StringComparison.Ordinal);
        }

        using (var credentials = await ManagementAsync(consumer, HttpMethod.Get, "identity/credentials", null))
        {
            var list = JsonNode.Parse(await credentials.Content.ReadAsStringAsync())!.AsArray();
            Assert.Contains(list, c => c!["types"]!.AsArray().Any(t => t!.GetValue<string>() == "MembershipCredential") && c["state"]!.GetValue<string>() == "Valid" && c["issuer"]!.GetValue<string>() == authority.Did);
        }

        // The provider is named by its DID only: its DSP endpoint comes from the authority's signed registry entry.
        using (var catalog = await ManagementAsync(consumer, HttpMethod.Post, "catalog/request", new JsonObject { ["counterPartyAddress"] = providerDid }))
        {
            var text = await catalog.Content.ReadAsStringAsync();
            Assert.True(catalog.StatusCode == HttpStatusCode.OK, $"{(int)catalog.StatusCode} {text}\n{consumer.Output}\n{provider.Output}");
            Assert.Equal(providerDid, JsonNode.Parse(text)!["participantId"]!.GetValue<string>());
        }

        // The Credential Service takes credentials only for a request it made, from an authority it trusts, with a token.
        var storage = provider.BaseAddress + "/api/identity/credentials";
        using var http = new HttpClient();
        var message = new JsonObject { ["type"] = "CredentialMessage", ["issuerPid"] = "x", ["holderPid"] = "urn:uuid:not-ours", ["status"] = "ISSUED", ["credentials"] = new JsonArray(new JsonObject { ["payload"] = "a.b.c", ["format"] = "jwt" }) };
        using (var noToken = await http.PostAsync(storage, new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, storage) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") })
        {
            request.Headers.Authorization = new("Bearer", await authority.IdTokenAsync(providerDid));
            using var unknown = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("UnknownProcess", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // For the provider's own request, from its authority, a credential about another member is refused and nothing is stored.
        var holderPid = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.FullName, "provider", "join.json")))!["holderPid"]!.GetValue<string>();
        var foreign = new JsonObject
        {
            ["type"] = "CredentialMessage", ["issuerPid"] = "x", ["holderPid"] = holderPid, ["status"] = "ISSUED",
            ["credentials"] = new JsonArray(
                new JsonObject { ["credentialType"] = "MembershipCredential", ["payload"] = await authority.IssueAsync(providerDid, "MembershipCredential"), ["format"] = "jwt" },
                new JsonObject { ["credentialType"] = "MembershipCredential", ["payload"] = await authority.IssueAsync(consumerDid, "MembershipCredential"), ["format"] = "jwt" }),
        };
        var heldBefore = await CredentialCountAsync(provider);
        using (var request = new HttpRequestMessage(HttpMethod.Post, storage) { Content = new StringContent(foreign.ToJsonString(), Encoding.UTF8, "application/json") })
        {
            request.Headers.Authorization = new("Bearer", await authority.IdTokenAsync(providerDid));
            using var refused = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(consumerDid, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(heldBefore, await CredentialCountAsync(provider));
        Assert.NotEqual(providerDid, consumerDid);
    }

    private async Task<int> CredentialCountAsync(ConnectorProcess connector)
    {
        using var response = await ManagementAsync(connector, HttpMethod.Get, "identity/credentials", null);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Count;
    }

    private async Task<string> DidAsync(ConnectorProcess connector)
    {
        using var response = await ManagementAsync(connector, HttpMethod.Get, "identity/did", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> ManagementAsync(ConnectorProcess connector, HttpMethod method, string path, JsonObject? body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(connector.BaseAddress) };
        using var request = new HttpRequestMessage(method, "/api/management/v1/" + path);
        request.Headers.Add("X-Api-Key", _members.ApiKey(connector));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string Mode(string path) =>
        OperatingSystem.IsWindows() ? "-rw-------" : "-" + new string([.. ((int)File.GetUnixFileMode(path)).ToString("B9", System.Globalization.CultureInfo.InvariantCulture).Select((b, i) => b == '1' ? "rwx"[i % 3] : '-')]);
}
