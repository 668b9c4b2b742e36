namespace Dataspace.Sdk.Testing.Storage;

/// <summary>
/// The base of every storage contract test class: each public test method throws <see cref="StoreContractException"/> on
/// a violation, so a derived class calls them from any test framework (e.g. one xUnit <c>[Fact]</c> per method).
/// </summary>
public abstract class StoreContractTests
{
    /// <summary>A fresh, empty storage for one test (a new database file, schema or database); disposed after it.</summary>
    protected abstract Task<StorageUnderTest> CreateStorageAsync();

    /// <summary>A fresh storage, migrated.</summary>
    protected async Task<StorageUnderTest> OpenAsync()
    {
        var storage = await CreateStorageAsync().ConfigureAwait(false);
        await storage.Lifecycle.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return storage;
    }
}
