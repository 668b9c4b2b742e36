namespace Dataspace.Connector.FederatedCatalog;

/// <summary>What one crawl did.</summary>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Members">Members listed by the directory.</param>
/// <param name="Changed">Members whose part of the index was replaced.</param>
/// <param name="Unchanged">Members whose catalog had not changed.</param>
/// <param name="Failed">Members whose catalog could not be read (their part stays), with why.</param>
/// <param name="BackingOff">Members not tried this time because they failed recently.</param>
/// <param name="Removed">Members no longer listed, removed from the index.</param>
/// <param name="Skipped">Directory entries not crawled, with why.</param>
/// <param name="DirectoryError">Why the directory could not be read at all (then nothing was crawled), if so.</param>
public sealed record CrawlReport(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Members,
    int Changed,
    int Unchanged,
    IReadOnlyList<SkippedMember> Failed,
    int BackingOff,
    int Removed,
    IReadOnlyList<SkippedMember> Skipped,
    string? DirectoryError)
{
    /// <summary>Registration records not trusted at this crawl, with why: their datasets are indexed as not registered.</summary>
    public IReadOnlyList<IgnoredRegistration> IgnoredRegistrations { get; init; } = [];
}
