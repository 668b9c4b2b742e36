using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.JsonLd;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Crawling by a member's dataset digest manifest (docs/federated-catalog.md): only new and changed datasets are fetched.</summary>
public sealed partial class CatalogCrawler
{
    // Below this many changed datasets a member is always updated dataset by dataset; above it, when more than a
    // quarter of its datasets changed, reading its catalog pages is cheaper than one request per dataset.
    private const int AlwaysIncremental = 64;

    /// <summary>
    /// Asks <paramref name="member"/> for its manifest. Entries when it sent one (all pages); otherwise the first catalog
    /// page when it ignored the filter, nothing when it refused it or its manifest exceeds a limit (crawl it whole), or an
    /// error that makes the whole attempt fail (unreachable, a malformed manifest, another participant's).
    /// </summary>
    private async Task<ManifestPages> FetchManifestAsync(CatalogMember member, FederatedCatalogOptions options, CancellationToken cancellationToken)
    {
        var origin = new Uri(member.DspEndpoint);
        var url = member.DspEndpoint + "/catalog/request";
        var entries = new List<DatasetDigest>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var page = 1; ; page++)
        {
            var response = await _client.PostAsync(url, _manifestRequest, member.Did, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!response.IsSuccess)
            {
                // A provider that does not know the filter may refuse it (ours refuses filters it cannot apply): crawl it whole.
                return page == 1 && response.Status is { } status && (int)status is >= 400 and < 500 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    ? ManifestPages.None
                    : ManifestPages.Failed($"the dataset digest manifest request{(page > 1 ? $" for page {page}" : "")} to {url} failed: {response.Describe()}");
            }

            var (read, participant, error) = DatasetManifest.Read(response.Body);
            if (read is null && error is null)
            {
                return page == 1
                    ? new ManifestPages(null, "", response, null)
                    : ManifestPages.Failed($"page {page} of the dataset digest manifest of {member.DspEndpoint} is not a manifest (no {DatasetManifest.DigestsProperty})");
            }

            if (error is not null)
            {
                return ManifestPages.Failed($"page {page} of the dataset digest manifest of {member.DspEndpoint} is malformed: {error}");
            }

            if (participant != member.Did)
            {
                return ManifestPages.Failed($"the dataset digest manifest at {member.DspEndpoint} names participant '{participant}', not the member '{member.Did}' listed with that endpoint");
            }

            foreach (var entry in read!)
            {
                if (!seen.Add(entry.Id))
                {
                    return ManifestPages.Failed($"the dataset digest manifest of {member.DspEndpoint} lists the dataset '{entry.Id}' twice");
                }

                entries.Add(entry);
            }

            // Beyond a limit the catalog crawl cuts the part off (and says so); the manifest cannot tell which datasets it keeps.
            bytes += response.Body.Length;
            if (bytes > options.MaxBytesPerMember || entries.Count > options.MaxDatasetsPerMember || page == MaxPages)
            {
                return ManifestPages.None;
            }

            if (LinkHeaders.Next(response.Links) is not { } next)
            {
                break;
            }

            // Our token goes with each request: only to the member we were asked to crawl.
            if (!Uri.TryCreate(origin, next, out var nextUri) || !string.Equals(nextUri.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                return ManifestPages.Failed($"the dataset digest manifest page {page} of {member.DspEndpoint} links its next page to '{next}', which is not at {origin.GetLeftPart(UriPartial.Authority)}");
            }

            url = nextUri.ToString();
        }

        return new ManifestPages(entries, ManifestDigest(entries, options), null, null);
    }

    /// <summary>
    /// Brings <paramref name="member"/>'s part up to its manifest by fetching only the datasets whose digest is not the
    /// indexed one and removing those it no longer lists. Done false (nothing changed) when the member should be crawled
    /// whole instead: never indexed, moved, cut off, mostly changed, or over a limit.
    /// </summary>
    private async Task<(bool Done, bool Changed, string? Error)> CrawlChangedDatasetsAsync(CatalogMember member, MemberCrawlState? state, ManifestPages manifest, FederatedCatalogOptions options, CancellationToken cancellationToken)
    {
        if (state is null || state.DspEndpoint != member.DspEndpoint)
        {
            return (false, false, null);
        }

        // Also for a part that was cut off: the same manifest would be cut off the same way.
        if (state.Digest == manifest.Digest)
        {
            await RecheckRegistrationsAsync(member, cancellationToken).ConfigureAwait(false);
            await _store.MarkUnchangedAsync(member, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return (true, false, null);
        }

        if (state.Truncated is not null)
        {
            return (false, false, null);
        }

        var indexed = await _store.GetDatasetDigestsAsync(member.Did, cancellationToken).ConfigureAwait(false);
        var entries = manifest.Entries!;
        var listed = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var removed = indexed.Keys.Where(id => !listed.Contains(id)).ToList();
        var wanted = entries.Where(e => indexed.GetValueOrDefault(e.Id) != e.Digest).ToList();
        if (wanted.Count > Math.Max(AlwaysIncremental, entries.Count / 4))
        {
            return (false, false, null);
        }

        var fetched = new ConcurrentBag<FederatedDataset>();
        // A queue, so the first failure is reported rather than one caused by cancelling the others.
        var errors = new ConcurrentQueue<string>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = options.DatasetFetchParallelism, CancellationToken = failed.Token }, async (entry, ct) =>
            {
                var (dataset, error) = await FetchDatasetAsync(member, entry, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    // One wrong dataset makes the member's whole answer untrustworthy: stop, and keep its part as it was.
                    errors.Enqueue(error);
                    await failed.CancelAsync().ConfigureAwait(false);
                    return;
                }

                fetched.Add(dataset!);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!errors.IsEmpty && !cancellationToken.IsCancellationRequested)
        {
        }

        if (errors.TryPeek(out var first))
        {
            return (true, false, first);
        }

        if (wanted.Count == 0 && removed.Count == 0)
        {
            // Only the order of the manifest changed.
            await _store.ApplyDatasetChangesAsync(member, manifest.Digest, [], [], options.MaxDatasetsPerMember, options.MaxDatasetsTotal, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return (true, false, null);
        }

        if (!await _store.ApplyDatasetChangesAsync(member, manifest.Digest, removed, [.. fetched], options.MaxDatasetsPerMember, options.MaxDatasetsTotal, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return (false, false, null);
        }

        // The fetched datasets' registration records, and the others' again (revocation does not change a dataset's bytes).
        await RecheckRegistrationsAsync(member, cancellationToken).ConfigureAwait(false);
        return (true, true, null);
    }

    // One dataset by the standard DSP request, checked against the manifest: a provider whose manifest lists datasets it
    // does not serve, or whose datasets do not have the digests it announced, is not believed.
    private async Task<(FederatedDataset? Dataset, string? Error)> FetchDatasetAsync(CatalogMember member, DatasetDigest entry, CancellationToken cancellationToken)
    {
        var url = $"{member.DspEndpoint}/catalog/datasets/{Uri.EscapeDataString(entry.Id)}";
        var response = await _client.GetAsync(url, member.Did, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!response.IsSuccess)
        {
            return (null, $"the dataset digest manifest of {member.DspEndpoint} lists the dataset '{entry.Id}', but {url} failed: {response.Describe()}");
        }

        var digest = DatasetManifest.Digest(response.Body);
        if (digest != entry.Digest)
        {
            return (null, $"the dataset '{entry.Id}' from {url} has the digest {digest}, not the {entry.Digest} its dataset digest manifest announced");
        }

        Dataset dataset;
        try
        {
            dataset = await _serializer.ReadAsync<Dataset>(response.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DspMessageException or JsonLdException or System.Text.Json.JsonException)
        {
            return (null, $"the dataset '{entry.Id}' from {url} is not a valid DSP dataset: {e.Message}");
        }

        if (dataset.Id != entry.Id || DatasetIndexer.Index(dataset) is not { } indexed)
        {
            return (null, $"{url} answered with the dataset '{dataset.Id}', not '{entry.Id}'");
        }

        return (indexed with { Digest = entry.Digest }, null);
    }

    // What the part is indexed with; the limits are in it, so a changed limit re-indexes.
    private static string ManifestDigest(List<DatasetDigest> entries, FederatedCatalogOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(entry.Id));
            hash.AppendData([0]);
            hash.AppendData(Encoding.ASCII.GetBytes(entry.Digest));
        }

        hash.AppendData(Encoding.UTF8.GetBytes($"{options.MaxDatasetsPerMember}/{options.MaxBytesPerMember}"));
        return "manifest:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>What asking for a manifest gave: its entries and digest, or the catalog page sent instead, or why it failed.</summary>
    private sealed record ManifestPages(List<DatasetDigest>? Entries, string Digest, DspResponse? CatalogPage, string? Error)
    {
        public static ManifestPages None { get; } = new(null, "", null, null);

        public static ManifestPages Failed(string error) => new(null, "", null, error);
    }
}
