using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// A consumer names a push destination on the provider's own network: with the production egress policy the
/// provider never connects to it, and the transfer ends TERMINATED with a reason that reveals nothing of that network.
/// </summary>
public sealed class PushEgressTests
{
    [Fact]
    public async Task PushToAnInternalAddress_IsRefusedByTheProvider_NothingArrives_AndTheTransferIsTerminated()
    {
        // Production policy on the provider, with only the consumer's loopback address allowed so DSP works.
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?>
        {
            ["Connector:Egress:AllowPrivateNetworks"] = "false",
            ["Connector:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
        });
        await using var internalService = await InternalService.StartAsync(IPAddress.Parse("127.0.0.2"));
        var offerId = await pair.PublishAsync("pushed", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var negotiation = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + negotiation["id"]!.GetValue<string>(), "FINALIZED");

        var transfer = await pair.ConsumerPostAsync("/transfers", new
        {
            agreementId = finalized["agreementId"]!.GetValue<string>(),
            transferType = "HttpData-PUSH",
            destination = new { endpoint = internalService.Url },
        });
        var ended = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, $"/transfers/{transfer["id"]!.GetValue<string>()}", "COMPLETED", "TERMINATED");
        var providerSide = await pair.ProviderGetAsync($"/transfers/{Uri.EscapeDataString(ended["providerPid"]!.GetValue<string>())}");

        Assert.Equal("TERMINATED", ended["state"]!.GetValue<string>());
        Assert.Contains("egress policy", providerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, internalService.Requests);
    }

    private sealed class InternalService : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private InternalService(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<InternalService> StartAsync(IPAddress address)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(address, 0));
            var app = builder.Build();
            var service = new InternalService(app);
            app.Run(context =>
            {
                Interlocked.Increment(ref service._requests);
                return context.Response.WriteAsync("internal");
            });
            await app.StartAsync();
            service.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/admin/upload";
            return service;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
