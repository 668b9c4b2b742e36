using Dataspace.Sdk.Testing.Storage;

namespace Dataspace.Connector.Tests.Storage.Sqlite;

/// <summary>The embedded SQLite provider against the <see cref="MeteringStoreContractTests"/> contract.</summary>
public sealed class SqliteMeteringStoreTests : MeteringStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => SqliteStorage.CreateAsync();

    [Fact]
    public Task Sqlite_UsageRecords_SummarizeByAgreementPartyRoleAndPeriod() => UsageRecords_SummarizeByAgreementPartyRoleAndPeriod();

    [Fact]
    public Task Sqlite_UsageRecords_ListInBoundedPages() => UsageRecords_ListInBoundedPages();

    [Fact]
    public Task Sqlite_UsageReceipts_SettledReceiptIsNeverReplaced() => UsageReceipts_SettledReceiptIsNeverReplaced();

    [Fact]
    public Task Sqlite_UsageReceipts_ListByStateNewestFirst() => UsageReceipts_ListByStateNewestFirst();

    [Fact]
    public Task Sqlite_UsageStatements_CreateListAndPayOnce() => UsageStatements_CreateListAndPayOnce();
}
