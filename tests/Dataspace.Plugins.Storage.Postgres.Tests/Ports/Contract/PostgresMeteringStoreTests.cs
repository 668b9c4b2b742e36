using Dataspace.Sdk.Testing.Storage;
using Dataspace.Testing;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports.Contract;

/// <summary>The PostgreSQL provider against the <see cref="MeteringStoreContractTests"/> contract (a fresh database per test).</summary>
public sealed class PostgresMeteringStoreTests : MeteringStoreContractTests
{
    protected override Task<StorageUnderTest> CreateStorageAsync() => PostgresStorage.CreateAsync();

    [PostgresFact]
    public Task UsageRecords_SummarizeByAgreementPartyRoleAndPeriod_OnPostgres() => UsageRecords_SummarizeByAgreementPartyRoleAndPeriod();

    [PostgresFact]
    public Task UsageRecords_ListInBoundedPages_OnPostgres() => UsageRecords_ListInBoundedPages();

    [PostgresFact]
    public Task UsageReceipts_SettledReceiptIsNeverReplaced_OnPostgres() => UsageReceipts_SettledReceiptIsNeverReplaced();

    [PostgresFact]
    public Task UsageReceipts_ListByStateNewestFirst_OnPostgres() => UsageReceipts_ListByStateNewestFirst();

    [PostgresFact]
    public Task UsageStatements_CreateListAndPayOnce_OnPostgres() => UsageStatements_CreateListAndPayOnce();
}
