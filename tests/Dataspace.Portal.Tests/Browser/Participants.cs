using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Portal.Tests.Browser;

/// <summary>
/// Two participants on loopback that know each other by static DSP tokens: a provider whose connector serves the portal at
/// /portal, and a consumer whose connector has the portal switched off and is managed by a standalone portal instead.
/// </summary>
internal sealed class Participants : IAsyncDisposable
{
    public const string ProviderId = "did:web:provider.portal-test";
    public const string ConsumerId = "did:web:consumer.portal-test";

    private readonly string _root;

    private Participants(string root, RunningConnector provider, RunningConnector consumer, WebApplication consumerPortal, string consumerPortalAddress)
    {
        _root = root;
        Provider = provider;
        Consumer = consumer;
        ConsumerPortalApp = consumerPortal;
        ConsumerPortal = consumerPortalAddress + "/portal/";
    }

    public RunningConnector Provider { get; }

    public RunningConnector Consumer { get; }

    /// <summary>The provider's portal, served by its connector.</summary>
    public string ProviderPortal => Provider.Address + "/portal/";

    /// <summary>The consumer's standalone portal.</summary>
    public string ConsumerPortal { get; }

    private WebApplication ConsumerPortalApp { get; }

    public static async Task<Participants> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("dataspace-portal-e2e-").FullName;
        var providerToken = Token();
        var consumerToken = Token();
        var provider = await RunningConnector.StartAsync(Path.Combine(root, "provider"), Settings(ProviderId, consumerToken, ConsumerId, providerToken, portal: true));
        var consumer = await RunningConnector.StartAsync(Path.Combine(root, "consumer"), Settings(ConsumerId, providerToken, ProviderId, consumerToken, portal: false));
        var portal = StandalonePortal.Build(new Uri(consumer.Address), port: 0);
        await portal.StartAsync();
        var address = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Participants(root, provider, consumer, portal, address);
    }

    public async ValueTask DisposeAsync()
    {
        await ConsumerPortalApp.StopAsync();
        await ConsumerPortalApp.DisposeAsync();
        await Consumer.DisposeAsync();
        await Provider.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temporary folder is cleaned by the system later.
        }
    }

    private static Dictionary<string, string?> Settings(string self, string inboundToken, string peer, string outboundToken, bool portal) => new()
    {
        ["Connector:ParticipantId"] = self,
        [$"Connector:Dsp:StaticTokens:{inboundToken}"] = peer,
        ["Connector:Dsp:OutboundToken"] = outboundToken,
        ["Portal:Enabled"] = portal ? "true" : "false",
    };

    private static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
