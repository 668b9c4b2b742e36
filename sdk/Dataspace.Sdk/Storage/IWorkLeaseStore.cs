namespace Dataspace.Sdk.Storage;

/// <summary>Named leases in the shared database, so that of several connector instances only one runs a periodic job at a time.</summary>
/// <remarks>Called concurrently, by instances whose clocks are assumed to agree to well within a lease's duration.</remarks>
public interface IWorkLeaseStore
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/> when it is free, expired or already the holder's; false, changing nothing, when
    /// another holder's lease has not expired.
    /// </summary>
    Task<bool> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);
}
