using System.Net;
using Dataspace.Connector.Egress;
using Dataspace.Connector.Hosting;
using Dataspace.Connector.Protocol.Dsp;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute.Channel;

/// <summary>Registers, listens for and maps the compute task channel between connectors (docs/compute/channel.md).</summary>
public static class ComputeChannelExtensions
{
    // A frame holds up to BatchBytes plus one message of at most MaxPayloadBytes, plus protobuf framing.
    private const int FrameOverhead = 64 * 1024;

    /// <summary>
    /// Adds <see cref="IComputeChannelFactory"/> as the gRPC channel (settings <c>Connector:Compute:Channel</c>), the gRPC
    /// service that receives peers' streams, and the discovery of peers' channel addresses; safe to call more than once.
    /// </summary>
    public static IConnectorBuilder AddComputeChannel(this IConnectorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(GrpcComputeChannelFactory)))
        {
            return builder;
        }

        services.AddSettings<ComputeChannelOptions>(ComputeChannelOptions.Section);
        services.AddConnectorEgress();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ComputeChannelListener>();
        services.TryAddSingleton<ComputeChannelDiscovery>();
        services.AddHttpClient(ComputeChannelDiscovery.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers().UseEgressPolicy();
        services.TryAddSingleton<PeerConnector>();
        services.AddSingleton<GrpcComputeChannelFactory>();
        services.TryAddSingleton<IComputeChannelFactory>(sp => sp.GetRequiredService<GrpcComputeChannelFactory>());
        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions<ComputeChannelService>>().Configure<IOptions<ComputeChannelOptions>>((grpc, channel) =>
        {
            grpc.MaxReceiveMessageSize = channel.Value.BatchBytes + channel.Value.MaxPayloadBytes + FrameOverhead;
            grpc.MaxSendMessageSize = FrameOverhead;
            grpc.EnableDetailedErrors = false;
        });
        return builder;
    }

    /// <summary>
    /// Listens for compute channels on their own HTTP/2 port (<c>Connector:Compute:Channel:Port</c>, by default the DSP port
    /// plus one), unless <c>Connector:Compute:Channel:Enabled</c> is false.
    /// </summary>
    /// <remarks>Kestrel serves HTTP/2 without TLS only on an endpoint that speaks nothing else, so the HTTP/1.1 DSP port cannot carry it.</remarks>
    public static void ListenComputeChannel(this KestrelServerOptions kestrel, IConfiguration configuration, IPAddress address, int dspPort)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ComputeChannelOptions.Section).Get<ComputeChannelOptions>() ?? new ComputeChannelOptions();
        var listener = kestrel.ApplicationServices.GetService<ComputeChannelListener>();
        if (!options.Enabled || listener is null)
        {
            return;
        }

        var port = options.Port ?? (dspPort == 0 ? 0 : dspPort + 1);
        if (port > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"The compute channel's port, the DSP port {dspPort} plus one, is over {IPEndPoint.MaxPort}; set {ComputeChannelOptions.Section}:Port.");
        }

        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listener.Listen = listen;
        });
    }

    /// <summary>Maps the gRPC service and the public document at <see cref="ComputeChannelProtocol.WellKnownPath"/> that names its address.</summary>
    public static IEndpointRouteBuilder MapComputeChannel(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<ComputeChannelService>();
        endpoints.MapGet(ComputeChannelProtocol.WellKnownPath, (ComputeChannelListener listener, IOptions<ComputeChannelOptions> options, DspEndpointsInfo dsp) =>
            listener.Advertised(options.Value, dsp) is { } address
                ? Results.Json(new { channel = address.ToString().TrimEnd('/'), protocol = "grpc", service = "dataspace.compute.channel.v1.ComputeChannel" })
                : Results.NotFound(new { error = "this connector does not listen for compute channels" })).ExcludeFromDescription();
        return endpoints;
    }
}
