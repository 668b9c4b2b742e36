using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Connector.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Benchmarks.Protocol;

/// <summary>
/// A provider and a consumer connector on loopback that authenticate each other either with static tokens or with DCP
/// (did:web identities, an authority serving its DID document and status lists, a membership credential in the
/// consumer's wallet that the contract policy asks for); the provider publishes one offer.
/// </summary>
internal sealed partial class Space : IAsyncDisposable
{
    private const string Secret = "protocol-benchmark-secret";
    private readonly WebApplication? _authority;

    private Space(WebApplication? authority, Loopback provider, Loopback consumer, string providerId, string offerId)
    {
        _authority = authority;
        Provider = provider;
        Consumer = consumer;
        ProviderId = providerId;
        OfferId = offerId;
    }

    public Loopback Provider { get; }

    public Loopback Consumer { get; }

    public string ProviderId { get; }

    public string OfferId { get; }

    public static async Task<Space> StartStaticAsync(string root)
    {
        var provider = await Loopback.StartAsync(Path.Combine(root, "static-provider"), new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:consumer-token"] = "did:web:consumer.example",
            ["Connector:Dsp:OutboundToken"] = "provider-token",
        });
        var consumer = await Loopback.StartAsync(Path.Combine(root, "static-consumer"), new Dictionary<string, string?>
        {
            ["Connector:ParticipantId"] = "did:web:consumer.example",
            ["Connector:Dsp:StaticTokens:provider-token"] = "did:web:provider.example",
            ["Connector:Dsp:OutboundToken"] = "consumer-token",
        });
        var offer = await provider.PublishAsync(Path.Combine(root, "static-provider"), "data", Loopback.OpenPolicy(), Loopback.OpenPolicy());
        return new Space(null, provider, consumer, "did:web:provider.example", offer);
    }

    /// <summary>Starts a DCP data space below <paramref name="root"/>; <paramref name="presentationCacheSeconds"/> 0 verifies every message's presentation afresh.</summary>
    public static async Task<Space> StartDcpAsync(string root, int presentationCacheSeconds, string? memberId = null)
    {
        root = Path.Combine(root, $"dcp-{presentationCacheSeconds}");
        var (authorityPort, providerPort, consumerPort) = (Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        var authorityDid = $"did:web:127.0.0.1%3A{authorityPort}";
        var authority = await StartAuthorityAsync(authorityPort, authorityDid, Path.Combine(root, "authority"));
        var trustFile = Path.Combine(root, "trust-anchors.json");
        await TrustAnchorFile.SaveAsync(trustFile, new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = ["MembershipCredential"] }]), CancellationToken.None);
        Dictionary<string, string?> Settings(int port) => new()
        {
            ["Connector:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Connector:Identity:KeyStoreSecret"] = Secret,
            ["Connector:Identity:AllowHttpForLoopback"] = "true",
            ["Connector:Identity:TrustAnchorsFile"] = trustFile,
            ["Connector:Identity:Did"] = $"did:web:127.0.0.1%3A{port}",
            ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Connector:Identity:PresentationCacheSeconds"] = presentationCacheSeconds.ToString(CultureInfo.InvariantCulture),
        };

        var provider = await Loopback.StartAsync(Path.Combine(root, "dcp-provider"), Settings(providerPort));
        var consumer = await Loopback.StartAsync(Path.Combine(root, "dcp-consumer"), Settings(consumerPort));
        var consumerDid = $"did:web:127.0.0.1%3A{consumerPort}";
        var credential = await authority.Services.GetRequiredService<CredentialAuthority>().IssueAsync(
            new CredentialRequest { SubjectDid = consumerDid, Type = "MembershipCredential", Claims = new JsonObject { ["dataspace"] = "benchmark", ["memberId"] = memberId ?? "none" }, Profile = CredentialProfile.Vc20BitstringStatusList },
            CancellationToken.None);
        await consumer.SendAsync(HttpMethod.Post, "/identity/credentials", new { credential = credential.Jwt });
        var members = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
            ["@type"] = "Set",
            ["permission"] = new JsonArray(new JsonObject
            {
                ["action"] = "use",
                ["constraint"] = new JsonArray(new JsonObject { ["leftOperand"] = "claim:MembershipCredential.dataspace", ["operator"] = "eq", ["rightOperand"] = "benchmark" }),
            }),
        };
        var offer = await provider.PublishAsync(Path.Combine(root, "dcp-provider"), "data", Loopback.OpenPolicy(), members);
        return new Space(authority, provider, consumer, $"did:web:127.0.0.1%3A{providerPort}", offer);
    }

    public async ValueTask DisposeAsync()
    {
        await Consumer.DisposeAsync();
        await Provider.DisposeAsync();
        if (_authority is not null)
        {
            await _authority.StopAsync();
            await _authority.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartAuthorityAsync(int port, string did, string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            ["Connector:Identity:KeyStoreSecret"] = Secret,
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:PublicUrl"] = $"http://127.0.0.1:{port}",
        });
        builder.Services.AddConnectorIdentity(builder.Configuration);
        builder.Services.AddConnectorAuthority(builder.Configuration);
        var app = builder.Build();
        app.MapDidDocument();
        app.MapStatusLists();
        await app.StartAsync();
        return app;
    }
}
