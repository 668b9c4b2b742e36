using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IWorkLeaseStore"/> must do.</summary>
public abstract class WorkLeaseStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Another handle on the same database, as another instance has (its own connections); the default is the same store.</summary>
    protected virtual Task<IWorkLeaseStore> CreateSecondInstanceAsync(StorageUnderTest storage) => Task.FromResult(Leases(storage));

    /// <summary>A lease is its holder's until it expires: renewed by the holder, refused to others, taken over once expired; names are independent.</summary>
    public async Task TryAcquire_HeldUntilItExpires_ThenTakenOver()
    {
        await using var storage = await OpenAsync();
        var leases = Leases(storage);
        var t0 = StoreTestData.T0;
        Check.True(await leases.TryAcquireAsync("job", "a", t0, Minute, None), "a free lease is taken");
        Check.True(!await leases.TryAcquireAsync("job", "b", t0.AddSeconds(30), Minute, None), "another holder is refused before expiry");
        Check.True(await leases.TryAcquireAsync("job", "a", t0.AddSeconds(50), Minute, None), "the holder renews it");
        Check.True(!await leases.TryAcquireAsync("job", "b", t0.AddSeconds(80), Minute, None), "the renewal holds past the first expiry");
        Check.True(await leases.TryAcquireAsync("other-job", "b", t0.AddSeconds(80), Minute, None), "another lease is independent");
        Check.True(await leases.TryAcquireAsync("job", "b", t0.AddSeconds(111), Minute, None), "an expired lease is taken over");
        Check.True(!await leases.TryAcquireAsync("job", "a", t0.AddSeconds(112), Minute, None), "the former holder is refused then");
        await Check.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("job", "a", t0, TimeSpan.Zero, None), "a lease of no duration");
    }

    /// <summary>Instances racing for a free lease: exactly one gets it.</summary>
    public async Task TryAcquire_ConcurrentInstances_ExactlyOneHolds()
    {
        await using var storage = await OpenAsync();
        var stores = new[] { Leases(storage), await CreateSecondInstanceAsync(storage) };
        var t0 = StoreTestData.T0;
        var won = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => stores[i % 2].TryAcquireAsync("race", $"instance-{i}", t0, Minute, None))));
        Check.Equal(1, won.Count(w => w), "holders of one lease after a race");
    }

    private static IWorkLeaseStore Leases(StorageUnderTest storage) =>
        storage.Services.GetRequiredService<IWorkLeaseStore>();
}
