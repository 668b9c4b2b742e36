using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Metering;

/// <summary>Keeps statements and their payment.</summary>
public interface IUsageStatementStore
{
    /// <summary>Stores a new statement; false (nothing changed) when one with its id exists.</summary>
    Task<bool> CreateAsync(UsageStatement statement, CancellationToken cancellationToken);

    /// <summary>The statement with this id, or null.</summary>
    Task<UsageStatement?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The statements with <paramref name="counterPartyId"/> (all when null) or charging <paramref name="agreementId"/> (all when null), newest period first.</summary>
    Task<Page<UsageStatement>> ListAsync(string? counterPartyId, string? agreementId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an open statement paid; a paid one is left as it was (the first payment recorded stands). Null when no
    /// statement has the id.
    /// </summary>
    Task<UsageStatement?> MarkPaidAsync(string id, string? paymentReference, DateTimeOffset paidAt, CancellationToken cancellationToken);
}
