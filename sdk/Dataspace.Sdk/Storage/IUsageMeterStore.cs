namespace Dataspace.Sdk.Storage;

/// <summary>Counts the data accesses made under each agreement, for count-limited policies and for metering.</summary>
public interface IUsageMeterStore
{
    /// <summary>How many accesses were made under the agreement so far (0 when none).</summary>
    Task<long> UsesAsync(string agreementId, CancellationToken cancellationToken);

    /// <summary>
    /// Records one access only if exactly <paramref name="expectedUses"/> were recorded (no other access was counted since
    /// the caller read the count); false when a concurrent access, maybe on another instance, got there first.
    /// </summary>
    Task<bool> TryRecordAsync(string agreementId, long expectedUses, DateTimeOffset at, CancellationToken cancellationToken);
}
