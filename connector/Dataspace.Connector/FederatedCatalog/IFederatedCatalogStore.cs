namespace Dataspace.Connector.FederatedCatalog;

/// <summary>The search index of crawled catalogs: each member's part, replaced whole, and the search over all parts.</summary>
/// <remarks>Called concurrently (one crawl per member at a time, and searches); every change is atomic, so a search sees a member's old part or its new one, never none.</remarks>
public interface IFederatedCatalogStore
{
    /// <summary>Every member known to the index, by DID.</summary>
    Task<IReadOnlyDictionary<string, MemberCrawlState>> GetMembersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="member"/>'s part with <paramref name="datasets"/> in one transaction; when the total
    /// would exceed <paramref name="maxTotal"/>, only the first datasets that fit are kept and the reason is recorded.
    /// Returns how many were kept and the reason for any cut (<paramref name="truncated"/> or the total's).
    /// </summary>
    Task<(int Stored, string? Truncated)> ReplaceAsync(CatalogMember member, string digest, IReadOnlyList<string> pageDigests, IReadOnlyList<FederatedDataset> datasets, string? truncated, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces only the datasets of the pages in <paramref name="pages"/> (by page number) of <paramref name="member"/>'s
    /// part, in one transaction. False, with nothing changed, when the member would then hold more than
    /// <paramref name="maxPerMember"/> datasets or the index more than <paramref name="maxTotal"/>: replace the whole part instead.
    /// </summary>
    Task<bool> ReplacePagesAsync(CatalogMember member, string digest, IReadOnlyList<string> pageDigests, IReadOnlyDictionary<int, List<FederatedDataset>> pages, int maxPerMember, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The ids of <paramref name="did"/>'s indexed datasets and the manifest digest each was indexed with (null when it came without one).</summary>
    Task<IReadOnlyDictionary<string, string?>> GetDatasetDigestsAsync(string did, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the datasets <paramref name="removed"/> and replaces (or adds) <paramref name="upserted"/> in
    /// <paramref name="member"/>'s part, in one transaction, and records <paramref name="digest"/>. False, with nothing
    /// changed, when the member would then hold more than <paramref name="maxPerMember"/> datasets or the index more
    /// than <paramref name="maxTotal"/>: replace the whole part instead.
    /// </summary>
    Task<bool> ApplyDatasetChangesAsync(CatalogMember member, string digest, IReadOnlyCollection<string> removed, IReadOnlyList<FederatedDataset> upserted, int maxPerMember, int maxTotal, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="member"/>'s catalog was read and has not changed (its details may have).</summary>
    Task MarkUnchangedAsync(CatalogMember member, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the member's part stays as it was.</summary>
    Task MarkFailedAsync(CatalogMember member, string reason, int failures, DateTimeOffset nextAttempt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes every member not in <paramref name="dids"/> and its part; returns how many members were removed.</summary>
    Task<int> RetainAsync(IReadOnlySet<string> dids, CancellationToken cancellationToken);

    /// <summary>The datasets of <paramref name="member"/> that carry a registration record: id, record and whether it was verified.</summary>
    Task<IReadOnlyList<(string DatasetId, string Record, bool Registered)>> GetRegistrationsAsync(string member, CancellationToken cancellationToken);

    /// <summary>Records the outcome of re-verifying a dataset's registration record (a revoked or expired record becomes unregistered).</summary>
    Task SetRegistrationAsync(string member, string datasetId, bool registered, string? number, CancellationToken cancellationToken);

    /// <summary>One page of datasets matching <paramref name="query"/>.</summary>
    Task<FederatedSearchPage> SearchAsync(FederatedSearchQuery query, CancellationToken cancellationToken);
}
