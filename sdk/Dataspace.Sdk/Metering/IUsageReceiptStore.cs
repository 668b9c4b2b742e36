using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>Keeps usage receipts, one per id.</summary>
public interface IUsageReceiptStore
{
    /// <summary>
    /// Stores the receipt, replacing the one with its id unless that one is settled (agreed or disputed): a settled
    /// receipt is kept as it is and returned, so a repeated exchange cannot overwrite what both parties signed.
    /// </summary>
    /// <returns>The receipt as stored now.</returns>
    Task<UsageReceipt> SaveAsync(UsageReceipt receipt, CancellationToken cancellationToken);

    /// <summary>The receipt with this id, or null.</summary>
    Task<UsageReceipt?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The matching receipts, newest period first, one page of at most <see cref="PageRequest.MaxLimit"/>.</summary>
    Task<Page<UsageReceipt>> ListAsync(ReceiptQuery query, PageRequest page, CancellationToken cancellationToken);
}
