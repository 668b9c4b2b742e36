using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IPolicyDefinitionStore"/> must do.</summary>
public abstract class PolicyDefinitionStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A policy reads back as stored, its id is taken once, lists go by id, and one in use cannot be deleted.</summary>
    public async Task CreateListDelete()
    {
        await using var storage = await OpenAsync();
        var used = StoreTestData.Policy("p-1");
        var free = StoreTestData.Policy("p-2");
        Check.True(await storage.Policies.CreateAsync(free, None), "a new policy");
        Check.True(await storage.Policies.CreateAsync(used, None), "another new policy");
        Check.True(!await storage.Policies.CreateAsync(used, None), "a policy with a taken id");
        var read = Check.NotNull(await storage.Policies.GetAsync(used.Id, None), "the stored policy");
        Check.Equal(used.Policy.ToJsonString(), read.Policy.ToJsonString(), "the stored policy's JSON");

        var page = await storage.Policies.ListAsync(new PageRequest(0, 1), None);
        Check.Equal(2L, page.Total, "all policies");
        Check.Sequence(["p-1"], page.Items.Select(p => p.Id), "the first policy by id");

        var asset = StoreTestData.Asset();
        await storage.Assets.CreateAsync(asset, None);
        Check.Null(await storage.Offers.CreateAsync(new OfferDefinition(StoreTestData.NewId("offer"), asset.Id, used.Id, used.Id, StoreTestData.T0), None), "the offer's creation error");
        Check.True(!await storage.Policies.DeleteAsync(used.Id, None), "deleting a policy an offer uses is refused");
        Check.True(await storage.Policies.DeleteAsync(free.Id, None), "deleting an unused policy");
        Check.Null(await storage.Policies.GetAsync(free.Id, None), "the deleted policy");
        Check.True(!await storage.Policies.DeleteAsync(free.Id, None), "deleting it again");
    }
}
