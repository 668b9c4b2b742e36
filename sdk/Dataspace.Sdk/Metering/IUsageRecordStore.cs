using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>Keeps this connector's usage records (append only) and adds them up per agreement, counter-party and period.</summary>
/// <remarks>Called concurrently, from every data access: appending must be cheap.</remarks>
public interface IUsageRecordStore
{
    /// <summary>Appends one record.</summary>
    Task AppendAsync(UsageRecord record, CancellationToken cancellationToken);

    /// <summary>The records matching <paramref name="query"/>, oldest first, one page of at most <see cref="PageRequest.MaxLimit"/>.</summary>
    Task<Page<UsageRecord>> ListAsync(UsageQuery query, PageRequest page, CancellationToken cancellationToken);

    /// <summary>The matching records added up per agreement, counter-party and role (ordered by agreement, then role).</summary>
    Task<IReadOnlyList<UsageSummary>> SummarizeAsync(UsageQuery query, CancellationToken cancellationToken);
}
