using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IAssetStore"/> must do.</summary>
public abstract class AssetStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>An asset reads back as stored; its id is taken once; an update replaces properties and address.</summary>
    public async Task CreateUpdateGet_RoundTrip()
    {
        await using var storage = await OpenAsync();
        var asset = StoreTestData.Asset(secret: "backend-code");

        Check.True(await storage.Assets.CreateAsync(asset, None), "a new asset is created");
        Check.True(!await storage.Assets.CreateAsync(asset, None), "an asset with a taken id is refused");
        var read = Check.NotNull(await storage.Assets.GetAsync(asset.Id, None), "the created asset");
        Check.Equal(asset.Properties.ToJsonString(), read.Properties.ToJsonString(), "the asset's properties");
        Check.Equal("backend-code", read.DataAddress.Properties["authCode"], "the asset's address property");
        Check.Equal(asset.CreatedAt, read.CreatedAt, "the asset's creation time");

        var updated = asset with { DataAddress = new DataAddress("HttpData", new Dictionary<string, string> { ["baseUrl"] = "https://elsewhere.example" }) };
        Check.True(await storage.Assets.UpdateAsync(updated, None), "an update of a stored asset");
        Check.Equal("https://elsewhere.example", (await storage.Assets.GetAsync(asset.Id, None))!.DataAddress.Properties["baseUrl"], "the updated address");
        Check.True(!await storage.Assets.UpdateAsync(StoreTestData.Asset("unknown"), None), "an update of an unknown asset");
    }

    /// <summary>Assets list by id with the filtered total; a prefix filters.</summary>
    public async Task List_ByIdWithPrefix()
    {
        await using var storage = await OpenAsync();
        foreach (var id in new[] { "b-2", "a-1", "b-1", "c-1" })
        {
            await storage.Assets.CreateAsync(StoreTestData.Asset(id), None);
        }

        var page = await storage.Assets.ListAsync(new PageRequest(1, 2), null, None);
        Check.Equal(4L, page.Total, "all assets");
        Check.Sequence(["b-1", "b-2"], page.Items.Select(a => a.Id), "the second and third asset by id");
        var prefixed = await storage.Assets.ListAsync(new PageRequest(), "b-", None);
        Check.Equal(2L, prefixed.Total, "assets starting with b-");
        Check.Sequence(["b-1", "b-2"], prefixed.Items.Select(a => a.Id), "assets starting with b-");
    }

    /// <summary>An offered asset cannot be deleted; an unoffered one can, once.</summary>
    public async Task Delete_RefusedWhileOffered()
    {
        await using var storage = await OpenAsync();
        var offered = StoreTestData.Asset();
        var free = StoreTestData.Asset();
        var policy = StoreTestData.Policy();
        await storage.Assets.CreateAsync(offered, None);
        await storage.Assets.CreateAsync(free, None);
        await storage.Policies.CreateAsync(policy, None);
        Check.Null(await storage.Offers.CreateAsync(new OfferDefinition(StoreTestData.NewId("offer"), offered.Id, policy.Id, policy.Id, StoreTestData.T0), None), "the offer's creation error");

        Check.True(!await storage.Assets.DeleteAsync(offered.Id, None), "deleting an offered asset is refused");
        Check.NotNull(await storage.Assets.GetAsync(offered.Id, None), "the offered asset after a refused delete");
        Check.True(await storage.Assets.DeleteAsync(free.Id, None), "deleting an asset nobody offers");
        Check.True(!await storage.Assets.DeleteAsync(free.Id, None), "deleting it again");
        Check.Null(await storage.Assets.GetAsync(free.Id, None), "the deleted asset");
    }
}
