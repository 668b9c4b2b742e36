using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IAgreementStore"/> must do (agreements are written by negotiation transitions).</summary>
public abstract class AgreementStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Agreements list newest first, filtered by asset, with the filtered total.</summary>
    public async Task List_NewestFirstByAsset()
    {
        await using var storage = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var negotiation = StoreTestData.Negotiation();
            await storage.Negotiations.CreateAsync(negotiation, ProcessEffects.None, None);
            var agreement = StoreTestData.Agreement(negotiation.Id, assetId: i < 3 ? "asset-a" : "asset-b", signedAt: StoreTestData.T0.AddMinutes(i));
            Check.True(await storage.Negotiations.TransitionAsync(negotiation with { State = NegotiationState.Agreed, AgreementId = agreement.Id }, NegotiationState.Requested,
                new ProcessEffects { Agreement = agreement }, None), "the transition storing the agreement");
            ids.Add(agreement.Id);
        }

        var page = await storage.Agreements.ListAsync(new PageRequest(0, 2), "asset-a", None);
        Check.Equal(3L, page.Total, "agreements of asset-a");
        Check.Sequence([ids[2], ids[1]], page.Items.Select(a => a.Id), "the first page of asset-a's agreements, newest first");
        Check.Equal(4L, (await storage.Agreements.ListAsync(new PageRequest(), null, None)).Total, "all agreements");
        var read = Check.NotNull(await storage.Agreements.GetAsync(ids[3], None), "an agreement by id");
        Check.Equal("asset-b", read.AssetId, "the agreement's asset");
        Check.Equal(StoreTestData.T0.AddMinutes(3), read.SignedAt, "the agreement's signing time");
        Check.Null(await storage.Agreements.GetAsync("unknown", None), "an unknown agreement");
    }
}
