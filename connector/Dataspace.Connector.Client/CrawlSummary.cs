namespace Dataspace.Connector.Client;

/// <summary>What one crawl of the federated catalog did.</summary>
/// <param name="Members">Members listed by the directory (the participant registry or the configured list).</param>
/// <param name="Changed">Members whose part of the index was replaced.</param>
/// <param name="Unchanged">Members whose catalog had not changed.</param>
/// <param name="Failed">Members whose catalog could not be read (their part stays), with why.</param>
/// <param name="BackingOff">Members not tried this time because they failed recently.</param>
/// <param name="Removed">Members no longer listed (or revoked), removed from the index.</param>
/// <param name="Skipped">Directory entries not crawled, with why.</param>
/// <param name="DirectoryError">Why the directory could not be read at all (then nothing was crawled), if so.</param>
public sealed record CrawlSummary(
    int Members,
    int Changed,
    int Unchanged,
    IReadOnlyList<CrawlSkip> Failed,
    int BackingOff,
    int Removed,
    IReadOnlyList<CrawlSkip> Skipped,
    string? DirectoryError)
{
    /// <summary>Registration records not trusted at this crawl (forged, another dataset's, revoked, expired), with why.</summary>
    public IReadOnlyList<IgnoredRegistration> IgnoredRegistrations { get; init; } = [];
}
