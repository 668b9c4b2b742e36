using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Registry;
using Dataspace.Identity.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A data space on loopback: an authority (its did:web DID document and status lists on a Kestrel server) and a provider
/// and a consumer connector that authenticate each other with DCP, as did:web or did:key identities.
/// </summary>
internal sealed class DcpDataspace : IAsyncDisposable
{
    public const string Secret = "dcp-negotiation-test-secret";
    private readonly TempDirectory _temp;
    private readonly WebApplication _authority;

    private DcpDataspace(TempDirectory temp, WebApplication authority, List<RegistryListing> registry, TestConnector provider, TestConnector consumer, string providerDid, string consumerDid)
    {
        _temp = temp;
        Registry = registry;
        _authority = authority;
        Provider = provider;
        Consumer = consumer;
        ProviderDid = providerDid;
        ConsumerDid = consumerDid;
        ProviderKey = provider.ApiKey;
        ConsumerKey = consumer.ApiKey;
    }

    public TestConnector Provider { get; }

    /// <summary>What the authority's participant registry lists (<c>GET /registry/participants</c>, signed when served); the connectors' <c>Connector:FederatedCatalog:Registry</c> points there.</summary>
    public List<RegistryListing> Registry { get; }

    public TestConnector Consumer { get; }

    public string ProviderDid { get; }

    public string ConsumerDid { get; }

    public string ProviderKey { get; }

    public string ConsumerKey { get; }

    public string ProviderDsp => Provider.BaseAddress + "/api/dsp";

    /// <summary>Starts the authority and both connectors; <paramref name="didWeb"/> false gives the connectors did:key identities.</summary>
    public static async Task<DcpDataspace> StartAsync(bool didWeb, string providerAlgorithm, string consumerAlgorithm, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var temp = new TempDirectory();
        var (authorityPort, providerPort, consumerPort) = (LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        var registry = new List<RegistryListing>();
        var authority = await StartAuthorityAsync(authorityPort, authorityDid, temp.Sub("authority"), registry);

        var trustFile = Path.Combine(temp.Path, "trust-anchors.json");
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["MembershipCredential"] }]), CancellationToken.None);
        var providerDid = didWeb ? $"did:web:127.0.0.1%3A{providerPort}" : await PrepareDidKeyAsync(temp.Sub("provider"), providerAlgorithm);
        var consumerDid = didWeb ? $"did:web:127.0.0.1%3A{consumerPort}" : await PrepareDidKeyAsync(temp.Sub("consumer"), consumerAlgorithm);
        Dictionary<string, string?> Settings(int port, string did, string algorithm)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Connector:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Connector:Identity:KeyStoreSecret"] = Secret,
                ["Connector:Identity:KeyAlgorithm"] = algorithm,
                ["Connector:Identity:AllowHttpForLoopback"] = "true",
                ["Connector:Identity:TrustAnchorsFile"] = trustFile,
                // Every message is verified afresh, so a credential imported between two negotiations counts at once.
                ["Connector:Identity:PresentationCacheSeconds"] = "0",
                // A revocation counts at the next message rather than after the default five minutes.
                ["Connector:Identity:StatusListCacheSeconds"] = "0",
                ["Connector:FederatedCatalog:Registry"] = $"http://127.0.0.1:{authorityPort}",
            };
            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            if (didWeb)
            {
                settings["Connector:Identity:Did"] = did;
                settings["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}";
            }
            else
            {
                // did:key documents list no services: the peers' Credential Services come from configuration.
                settings["Connector:Identity:CredentialServices:0:Did"] = providerDid;
                settings["Connector:Identity:CredentialServices:0:Url"] = $"http://127.0.0.1:{providerPort}/api/identity";
                settings["Connector:Identity:CredentialServices:1:Did"] = consumerDid;
                settings["Connector:Identity:CredentialServices:1:Url"] = $"http://127.0.0.1:{consumerPort}/api/identity";
            }

            return settings;
        }

        var provider = await TestConnector.StartAsync(temp.Sub("provider"), settings: Settings(providerPort, providerDid, providerAlgorithm));
        var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: Settings(consumerPort, consumerDid, consumerAlgorithm));
        return new DcpDataspace(temp, authority, registry, provider, consumer, providerDid, consumerDid);
    }

    public string ProviderFiles => Path.Combine(_temp.Sub("provider"), "plugins", "dataspace.storage.filesystem", "files");

    /// <summary>Starts a third did:web connector trusting the same authority and holding a membership credential of the same data space.</summary>
    public async Task<(TestConnector Connector, string Did)> StartMemberAsync(string name, JsonObject claims)
    {
        var port = LoopbackPorts.Next();
        var did = $"did:web:127.0.0.1%3A{port}";
        var member = await TestConnector.StartAsync(_temp.Sub(name), settings: new Dictionary<string, string?>
        {
            ["Connector:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connector:Identity:KeyStoreSecret"] = Secret,
            ["Connector:Identity:AllowHttpForLoopback"] = "true",
            ["Connector:Identity:TrustAnchorsFile"] = Path.Combine(_temp.Path, "trust-anchors.json"),
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
        });
        using var request = member.Management(HttpMethod.Post, "/identity/credentials", member.ApiKey);
        request.Content = JsonContent.Create(new { credential = await IssueAsync(did, "MembershipCredential", claims, CredentialProfile.Vc20BitstringStatusList) });
        using var response = await member.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (member, did);
    }

    /// <summary>The authority issues a credential to the subject.</summary>
    public async Task<string> IssueAsync(string subjectDid, string type, JsonObject claims, CredentialProfile profile) =>
        (await IssueRecordAsync(subjectDid, type, claims, profile)).Jwt;

    /// <summary>The authority issues a credential to the subject, valid for <paramref name="validFor"/> (a year by default).</summary>
    public async Task<(string Jwt, string Id)> IssueRecordAsync(string subjectDid, string type, JsonObject claims, CredentialProfile profile, TimeSpan? validFor = null)
    {
        var (jwt, record) = await _authority.Services.GetRequiredService<CredentialAuthority>().IssueAsync(
            new CredentialRequest { SubjectDid = subjectDid, Type = type, Claims = claims, Profile = profile, ValidFor = validFor ?? TimeSpan.FromDays(365) }, CancellationToken.None);
        return (jwt, record.Id);
    }

    /// <summary>The authority revokes a credential it issued; verifiers see it in the next status list they fetch.</summary>
    public async Task RevokeAsync(string credentialId) =>
        Assert.True(await _authority.Services.GetRequiredService<CredentialAuthority>().RevokeAsync(credentialId, CancellationToken.None), $"the authority issued no {credentialId}");

    /// <summary>Publishes an asset with an offer on the provider; returns the offer id.</summary>
    public Task<string> PublishAsync(string assetId, JsonObject accessPolicy, JsonObject contractPolicy) => PublishAsync(assetId, [1, 2, 3], accessPolicy, contractPolicy);

    /// <summary>Publishes a file as an asset with an offer on the provider; returns the offer id.</summary>
    public async Task<string> PublishAsync(string assetId, byte[] content, JsonObject accessPolicy, JsonObject contractPolicy)
    {
        Directory.CreateDirectory(ProviderFiles);
        await File.WriteAllBytesAsync(Path.Combine(ProviderFiles, assetId + ".bin"), content);
        await ProviderPostAsync("/assets", new { id = assetId, properties = new { title = assetId }, dataAddress = new { type = "FileSystem", properties = new { path = assetId + ".bin" } } });
        await ProviderPostAsync("/policies", new { id = assetId + "-access", policy = accessPolicy });
        await ProviderPostAsync("/policies", new { id = assetId + "-contract", policy = contractPolicy });
        await ProviderPostAsync("/offers", new { id = assetId + "-offer", assetId, accessPolicyId = assetId + "-access", contractPolicyId = assetId + "-contract" });
        return assetId + "-offer";
    }

    public Task<JsonNode> ProviderPostAsync(string path, object body) => ConnectorPair.SendAsync(Provider, ProviderKey, HttpMethod.Post, path, body);

    public Task<JsonNode> ConsumerPostAsync(string path, object body) => ConnectorPair.SendAsync(Consumer, ConsumerKey, HttpMethod.Post, path, body);

    public Task<JsonNode> ProviderGetAsync(string path) => ConnectorPair.SendAsync(Provider, ProviderKey, HttpMethod.Get, path, null);

    public Task<JsonNode> ConsumerGetAsync(string path) => ConnectorPair.SendAsync(Consumer, ConsumerKey, HttpMethod.Get, path, null);

    /// <summary>The consumer's catalog request to the provider, addressed to the provider's DID as DCP needs.</summary>
    public Task<JsonNode> RequestCatalogAsync() => ConsumerPostAsync("/catalog/request", new { counterPartyAddress = ProviderDsp, counterPartyId = ProviderDid });

    /// <summary>Imports a credential JWT into the consumer's wallet through the management API, as an operator would.</summary>
    public Task<JsonNode> ImportIntoConsumerWalletAsync(string jwt) => ImportAsync(Consumer, ConsumerKey, jwt);

    /// <summary>Imports a credential JWT into the provider's wallet through the management API.</summary>
    public Task<JsonNode> ImportIntoProviderWalletAsync(string jwt) => ImportAsync(Provider, ProviderKey, jwt);

    private static async Task<JsonNode> ImportAsync(TestConnector connector, string key, string jwt)
    {
        using var request = connector.Management(HttpMethod.Post, "/identity/credentials", key);
        request.Content = JsonContent.Create(new { credential = jwt });
        using var response = await connector.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"import answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Removes a credential from the consumer's wallet through the management API.</summary>
    public async Task ConsumerDeleteCredentialAsync(string id) =>
        await ConnectorPair.SendAsync(Consumer, ConsumerKey, HttpMethod.Delete, "/identity/credentials/" + Uri.EscapeDataString(id), null);

    /// <summary>Polls a negotiation or transfer until it reaches one of <paramref name="states"/>.</summary>
    public async Task<JsonNode> WaitForStateAsync(TestConnector connector, string key, string path, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ConnectorPair.SendAsync(connector, key, HttpMethod.Get, path, null);
            if (states.Contains(last["state"]!.GetValue<string>()))
            {
                return last;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{path} did not reach {string.Join("/", states)}; last: {last?.ToJsonString()}");
    }

    /// <summary>Negotiates an offer from the consumer until FINALIZED or TERMINATED.</summary>
    public async Task<JsonNode> NegotiateAsync(string offerId)
    {
        var started = await ConsumerPostAsync("/negotiations", new { counterPartyAddress = ProviderDsp, offerId, counterPartyId = ProviderDid });
        var path = "/negotiations/" + started["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode last;
        do
        {
            last = await ConnectorPair.SendAsync(Consumer, ConsumerKey, HttpMethod.Get, path, null);
            if (last["state"]!.GetValue<string>() is "FINALIZED" or "TERMINATED")
            {
                return last;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{path} did not end; last: {last.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync();
        await Provider.DisposeAsync();
        await _authority.StopAsync();
        await _authority.DisposeAsync();
        _temp.Dispose();
    }

    private static async Task<WebApplication> StartAuthorityAsync(int port, string did, string dataDirectory, List<RegistryListing> registry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            // Everything runs on 127.0.0.1: the egress policy's development mode, switched on explicitly.
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Identity:KeyStoreSecret"] = Secret,
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
        });
        builder.Services.AddConnectorIdentity(builder.Configuration);
        builder.Services.AddConnectorAuthority(builder.Configuration);
        var app = builder.Build();
        app.MapDidDocument();
        app.MapStatusLists();
        app.MapGet("/registry/participants", () =>
        {
            var signer = new ParticipantRegistrySigner(app.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer, TimeProvider.System);
            return Results.Json(new { participants = registry.ToList().Select(e => signer.Sign(e.Did, e.Name, e.DspEndpoint, e.Subspaces, e.Status)).ToArray(), next = (string?)null });
        });
        await app.StartAsync();
        return app;
    }

    // The did:key a connector will have is known before it starts by creating its first key now.
    private static async Task<string> PrepareDidKeyAsync(string dataDirectory, string algorithm)
    {
        using var keys = new KeyStore(Path.Combine(dataDirectory, "keys"), Secret, TimeProvider.System);
        var identity = await LocalIdentities.LoadAsync(keys, null, [], algorithm, TimeProvider.System, CancellationToken.None);
        identity.Signer.Key.Dispose();
        return identity.Did;
    }
}
