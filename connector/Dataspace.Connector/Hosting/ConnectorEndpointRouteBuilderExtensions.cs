using Dataspace.Connector.Audit;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Compute;
using Dataspace.Connector.Metering;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Transfer;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Hosting;

/// <summary>Maps the connector's protocol endpoints: the DSP plumbing with each feature's endpoints in it.</summary>
public static class ConnectorEndpointRouteBuilderExtensions
{
    /// <summary>Maps the DSP version document and the catalog, negotiation and transfer endpoints under <see cref="DspOptions.BasePath"/>.</summary>
    /// <remarks>Composed here, not in <c>Protocol</c>, so the protocol plumbing knows nothing of the features.</remarks>
    public static RouteGroupBuilder MapDsp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapDspGroup()
            .MapCatalogDsp()
            .MapNegotiationDsp()
            .MapTransferDsp()
            .MapWitnessDsp()
            .MapMeteringDsp()
            .MapComputeDsp();
}
