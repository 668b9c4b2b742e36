using Dataspace.Connector.Audit;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Compute;
using Dataspace.Connector.FederatedCatalog;
using Dataspace.Connector.Metering;
using Dataspace.Connector.Hosting;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Plugins;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Transfer;
using Dataspace.Sdk.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Management;

/// <summary>Maps the management API (plain JSON, versioned under <see cref="BasePath"/>).</summary>
public static class ManagementEndpoints
{
    /// <summary>The base path of version 1 of the management API.</summary>
    public const string BasePath = "/api/management/v1";

    /// <summary>The OpenAPI document of version 1.</summary>
    public const string OpenApiPath = "/api/management/v1/openapi.json";

    /// <summary>The browsable API reference of version 1.</summary>
    public const string ApiReferencePath = "/api/management/docs/v1";

    /// <summary>Maps the management API; returns its group so features can add resources to it.</summary>
    public static RouteGroupBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath)
            .AddEndpointFilter<ApiKeyEndpointFilter>()
            .AddEndpointFilter<ManagementAuditFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/info", GetInfo)
            .WithName("getConnectorInfo").WithTags("Connector")
            .WithSummary("Who this connector is, its version and where its endpoints are.");

        group.MapGet("/plugins", GetPluginsAsync)
            .WithName("listPlugins").WithTags("Plugins")
            .WithSummary("Every plugin the connector found, loaded or refused, with its health or load error.");

        group.MapGet("/plugins/{id}", GetPluginAsync)
            .WithName("getPlugin").WithTags("Plugins")
            .WithSummary("One plugin by id.");

        group.MapAssets();
        group.MapPolicies();
        group.MapPolicyTemplateEndpoints();
        group.MapOffers();
        group.MapCatalogManagement();
        group.MapFederatedCatalog();
        group.MapNegotiationManagement();
        group.MapTransferManagement();
        group.MapAuditLog();
        group.MapMeteringManagement();
        group.MapComputeManagement();
        return group;
    }

    private static ConnectorInfoResponse GetInfo(HttpContext http, ConnectorInstance instance, DataAddressRegistry addresses, Protocol.Dsp.DspEndpointsInfo self)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new ConnectorInfoResponse(
            instance.ParticipantId,
            ConnectorInstance.Version,
            SdkInfo.Version.ToString(3),
            instance.StartedAt,
            instance.StartCount,
            new ConnectorEndpoints(root + BasePath, root + OpenApiPath, root + ApiReferencePath, root + "/health/live", root + "/health/ready", self.DspUrl),
            [.. addresses.Sources.Keys.Order(StringComparer.Ordinal)],
            [.. addresses.Sinks.Keys.Order(StringComparer.Ordinal)]);
    }

    private static async Task<List<PluginResponse>> GetPluginsAsync(PluginRegistry registry, PluginHealthReader health, CancellationToken cancellationToken)
    {
        var result = new List<PluginResponse>(registry.Plugins.Count);
        foreach (var plugin in registry.Plugins)
        {
            result.Add(await ToResponseAsync(plugin, health, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    private static async Task<Results<Ok<PluginResponse>, ProblemHttpResult>> GetPluginAsync(string id, PluginRegistry registry, PluginHealthReader health, CancellationToken cancellationToken)
    {
        var plugin = registry.Plugins.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
        if (plugin is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no plugin with id '{id}'");
        }

        return TypedResults.Ok(await ToResponseAsync(plugin, health, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<PluginResponse> ToResponseAsync(PluginDescriptor plugin, PluginHealthReader health, CancellationToken cancellationToken)
    {
        var loaded = plugin.Status == PluginStatus.Loaded;
        return new PluginResponse(
            plugin.Id,
            plugin.Manifest?.Version,
            plugin.Manifest?.Kinds ?? [],
            plugin.Manifest?.Description,
            loaded ? "loaded" : "failed",
            plugin.Error,
            plugin.Directory,
            loaded ? await health.CheckAsync(plugin.Id, cancellationToken).ConfigureAwait(false) : null);
    }
}
