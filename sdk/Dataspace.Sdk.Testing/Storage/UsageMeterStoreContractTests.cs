namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="Sdk.Storage.IUsageMeterStore"/> must do.</summary>
public abstract class UsageMeterStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A use is recorded only from the count the caller read; of concurrent recorders from one count, exactly one wins.</summary>
    public async Task TryRecord_CountsOnlyFromTheReadCount()
    {
        await using var storage = await OpenAsync();
        Check.Equal(0L, await storage.UsageMeter.UsesAsync("agreement-1", None), "uses of an unused agreement");
        Check.True(!await storage.UsageMeter.TryRecordAsync("agreement-1", 3, StoreTestData.T0, None), "a use recorded from a wrong count");
        Check.True(await storage.UsageMeter.TryRecordAsync("agreement-1", 0, StoreTestData.T0, None), "the first use");
        Check.True(!await storage.UsageMeter.TryRecordAsync("agreement-1", 0, StoreTestData.T0, None), "a second first use");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => storage.UsageMeter.TryRecordAsync("agreement-1", 1, StoreTestData.T0, None))));
        Check.Equal(1, results.Count(r => r), "concurrent recorders from the same count that won");
        Check.Equal(2L, await storage.UsageMeter.UsesAsync("agreement-1", None), "uses recorded");
        Check.Equal(0L, await storage.UsageMeter.UsesAsync("agreement-2", None), "uses of another agreement");
    }
}
