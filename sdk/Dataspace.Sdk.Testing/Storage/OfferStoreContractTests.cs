using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IOfferStore"/> must do.</summary>
public abstract class OfferStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>An offer naming what does not exist is refused with the missing id; a taken id too.</summary>
    public async Task Create_RefusesMissingReferencesNamingThem()
    {
        await using var storage = await OpenAsync();
        var asset = StoreTestData.Asset();
        var policy = StoreTestData.Policy();
        await storage.Assets.CreateAsync(asset, None);
        await storage.Policies.CreateAsync(policy, None);

        var missingAsset = await storage.Offers.CreateAsync(new OfferDefinition("o-1", "no-such-asset", policy.Id, policy.Id, StoreTestData.T0), None);
        Check.True(missingAsset?.Contains("no-such-asset", StringComparison.Ordinal) == true, $"the reason for a missing asset names it (was: {missingAsset})");
        var missingAccess = await storage.Offers.CreateAsync(new OfferDefinition("o-1", asset.Id, "no-such-access", policy.Id, StoreTestData.T0), None);
        Check.True(missingAccess?.Contains("no-such-access", StringComparison.Ordinal) == true, $"the reason for a missing access policy names it (was: {missingAccess})");
        var missingContract = await storage.Offers.CreateAsync(new OfferDefinition("o-1", asset.Id, policy.Id, "no-such-contract", StoreTestData.T0), None);
        Check.True(missingContract?.Contains("no-such-contract", StringComparison.Ordinal) == true, $"the reason for a missing contract policy names it (was: {missingContract})");
        Check.Null(await storage.Offers.GetAsync("o-1", None), "an offer that was refused");

        Check.Null(await storage.Offers.CreateAsync(new OfferDefinition("o-1", asset.Id, policy.Id, policy.Id, StoreTestData.T0), None), "the valid offer's creation error");
        var taken = await storage.Offers.CreateAsync(new OfferDefinition("o-1", asset.Id, policy.Id, policy.Id, StoreTestData.T0), None);
        Check.True(taken?.Contains("o-1", StringComparison.Ordinal) == true, $"the reason for a taken offer id names it (was: {taken})");
    }

    /// <summary>Offers list by id (of one asset when asked), delete once, and the catalog reads them by asset with asset and policies.</summary>
    public async Task ListDeleteAndCatalog()
    {
        await using var storage = await OpenAsync();
        var policy = StoreTestData.Policy();
        await storage.Policies.CreateAsync(policy, None);
        foreach (var asset in new[] { "asset-b", "asset-a" })
        {
            await storage.Assets.CreateAsync(StoreTestData.Asset(asset), None);
        }

        foreach (var (id, asset) in new[] { ("o-3", "asset-a"), ("o-1", "asset-b"), ("o-2", "asset-a") })
        {
            Check.Null(await storage.Offers.CreateAsync(new OfferDefinition(id, asset, policy.Id, policy.Id, StoreTestData.T0), None), $"offer {id}'s creation error");
        }

        Check.Sequence(["o-1", "o-2", "o-3"], (await storage.Offers.ListAsync(new PageRequest(), null, None)).Items.Select(o => o.Id), "offers by id");
        var ofA = await storage.Offers.ListAsync(new PageRequest(), "asset-a", None);
        Check.Equal(2L, ofA.Total, "offers of asset-a");
        Check.Sequence(["o-2", "o-3"], ofA.Items.Select(o => o.Id), "offers of asset-a by id");

        var catalog = new List<CatalogOffer>();
        await foreach (var offer in storage.Offers.ReadCatalogAsync(new CatalogOfferQuery(), None))
        {
            catalog.Add(offer);
        }

        Check.Sequence(["o-2", "o-3", "o-1"], catalog.Select(o => o.Id), "catalog offers by asset then offer id");
        Check.True(catalog[0].AssetProperties.Contains("Data", StringComparison.Ordinal), "a catalog offer carries its asset's properties");
        Check.True(catalog[0].AccessPolicy.Contains("permission", StringComparison.Ordinal), "a catalog offer carries its access policy");
        var before = new List<string>();
        await foreach (var offer in storage.Offers.ReadCatalogAsync(new CatalogOfferQuery { Before = "asset-b" }, None))
        {
            before.Add(offer.Id);
        }

        Check.Sequence(["o-3", "o-2"], before, "catalog offers before asset-b, read backwards");

        Check.True(await storage.Offers.DeleteAsync("o-2", None), "deleting an offer");
        Check.True(!await storage.Offers.DeleteAsync("o-2", None), "deleting it again");
        Check.Null(await storage.Offers.GetAsync("o-2", None), "the deleted offer");
        Check.Equal(0, await storage.Offers.RefreshStaleAsync(None), "offers to re-index right after they were stored");
    }
}
