using System.Text.Json.Nodes;
using Dataspace.Connector.Transfer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SdkAddress = Dataspace.Sdk.Transfer.DataAddress;

namespace Dataspace.Connector.Management;

/// <summary>Management API: assets.</summary>
internal static class AssetEndpoints
{
    public static void MapAssets(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets").WithTags("Assets");
        assets.MapPost("/", CreateAsync).WithName("createAsset").WithSummary("Registers an asset: catalog properties and where its data is (a data address of a loaded data-source plugin).");
        assets.MapGet("/", async (int? offset, int? limit, string? idPrefix, IAssetStore store, CancellationToken ct) =>
        {
            var page = await store.ListAsync(ManagementResults.Page(offset, limit), idPrefix, ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<AssetDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listAssets").WithSummary("Lists assets, optionally those whose id starts with idPrefix.");
        assets.MapGet("/{id}", async (string id, IAssetStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } asset ? Results.Ok(ToDto(asset)) : ManagementResults.NotFound($"no asset '{id}'"))
            .WithName("getAsset");
        assets.MapPut("/{id}", async (string id, AssetInput input, IAssetStore store, DataAddressRegistry addresses, TimeProvider time, CancellationToken ct) =>
        {
            var (asset, error) = Validate(input with { Id = id }, addresses, time);
            if (asset is null)
            {
                return ManagementResults.BadRequest(error!);
            }

            return await store.UpdateAsync(asset, ct).ConfigureAwait(false) ? Results.Ok(ToDto((await store.GetAsync(id, ct).ConfigureAwait(false))!)) : ManagementResults.NotFound($"no asset '{id}'");
        }).WithAuditedResource(ReadAsync).WithName("updateAsset").WithSummary("Replaces an asset's properties and data address.");
        assets.MapDelete("/{id}", async (string id, IAssetStore store, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                return ManagementResults.NotFound($"no asset '{id}'");
            }

            return await store.DeleteAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : ManagementResults.Conflict($"asset '{id}' is offered; delete its offers first");
        }).WithAuditedResource(ReadAsync).WithName("deleteAsset");
    }

    // What the audit log digests before and after a change: the asset as GET shows it.
    private static async Task<object?> ReadAsync(string id, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<IAssetStore>().GetAsync(id, ct).ConfigureAwait(false) is { } asset ? ToDto(asset) : null;

    private static async Task<IResult> CreateAsync(AssetInput input, IAssetStore store, DataAddressRegistry addresses, TimeProvider time, CancellationToken ct)
    {
        var (asset, error) = Validate(input, addresses, time);
        if (asset is null)
        {
            return ManagementResults.BadRequest(error!);
        }

        return await store.CreateAsync(asset, ct).ConfigureAwait(false)
            ? Results.Created($"{ManagementEndpoints.BasePath}/assets/{Uri.EscapeDataString(asset.Id)}", ToDto(asset))
            : ManagementResults.Conflict($"an asset with id '{asset.Id}' exists already");
    }

    private static (Asset? Asset, string? Error) Validate(AssetInput input, DataAddressRegistry addresses, TimeProvider time)
    {
        var id = input.Id ?? ManagementResults.NewId();
        if (!ManagementResults.ValidId(id))
        {
            return (null, "'id' must be 1 to 256 characters without control characters, '/' or '\\'");
        }

        if (input.DataAddress is not { Type: { Length: > 0 } type } address)
        {
            return (null, "'dataAddress' with a 'type' is required");
        }

        if (!addresses.Sources.ContainsKey(type))
        {
            return (null, $"no data source handles address type '{type}'; loaded types: {string.Join(", ", addresses.Sources.Keys.Order(StringComparer.Ordinal))}");
        }

        var properties = new Dictionary<string, string>(address.Properties ?? [], StringComparer.Ordinal);
        return (new Asset(id, input.Properties ?? [], new SdkAddress(type, properties), time.GetUtcNow()), null);
    }

    internal static AssetDto ToDto(Asset asset) =>
        new(asset.Id, asset.Properties, new DataAddressDto(asset.DataAddress.Type, new Dictionary<string, string>(asset.DataAddress.Properties, StringComparer.Ordinal)), asset.CreatedAt);
}
