using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Dsp;
using Dataspace.JsonLd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// Crawls the members' catalogs into the search index: each as this connector (the member's access policies decide
/// what we see), in parallel up to a bound, each within a time limit, skipping members whose catalog has not changed
/// (a digest of its pages) and members backing off after failures. A member's part is replaced whole or not at all.
/// </summary>
public sealed partial class CatalogCrawler : IDisposable
{
    // A bound on pages followed, so that a peer answering with links forever cannot keep a crawl busy.
    private const int MaxPages = 10_000;

    private readonly IMemberDirectory _directory;
    private readonly IFederatedCatalogStore _store;
    private readonly DspClient _client;
    private readonly DspSerializer _serializer;
    private readonly IOptionsMonitor<FederatedCatalogOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogCrawler> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _request;
    private readonly IRegistrationRecordVerifier? _registrations;
    private readonly byte[] _manifestRequest;

    /// <summary>Creates the crawler; without <paramref name="registrations"/>, no dataset is indexed as registered.</summary>
    public CatalogCrawler(IMemberDirectory directory, IFederatedCatalogStore store, DspClient client, DspSerializer serializer, IOptionsMonitor<FederatedCatalogOptions> options,
        TimeProvider time, ILogger<CatalogCrawler> logger, IRegistrationRecordVerifier? registrations = null)
    {
        _registrations = registrations;
        _directory = directory;
        _store = store;
        _client = client;
        _serializer = serializer;
        _options = options;
        _time = time;
        _logger = logger;
        _request = serializer.Write(new CatalogRequestMessage());
        _manifestRequest = serializer.Write(new CatalogRequestMessage { Filter = [DatasetManifest.Filter()] });
    }

    /// <summary>The report of the last crawl, or null before the first.</summary>
    public CrawlReport? LastReport { get; private set; }

    /// <summary>Crawls every listed member once; a crawl already running is waited for first (crawls never overlap).</summary>
    public async Task<CrawlReport> CrawlAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = await CrawlOnceAsync(cancellationToken).ConfigureAwait(false);
            LastReport = report;
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private async Task<CrawlReport> CrawlOnceAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var started = _time.GetUtcNow();
        _ignored.Clear();
        var clock = _time.GetTimestamp();
        MemberListing listing;
        try
        {
            listing = await _directory.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MemberDirectoryException or HttpRequestException or IOException)
        {
            // Without a listing, removing members would empty the index: keep what it has until the directory answers.
            LogDirectoryFailed(_logger, e.Message);
            return new CrawlReport(started, _time.GetElapsedTime(clock), 0, 0, 0, [], 0, 0, [], e.Message);
        }

        foreach (var skipped in listing.Skipped)
        {
            LogMemberSkipped(_logger, skipped.Did ?? "(no DID)", skipped.Reason);
        }

        var removed = await _store.RetainAsync(listing.Members.Select(m => m.Did).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var states = await _store.GetMembersAsync(cancellationToken).ConfigureAwait(false);
        var changed = 0;
        var unchanged = 0;
        var backingOff = 0;
        var failed = new ConcurrentBag<SkippedMember>();
        await Parallel.ForEachAsync(listing.Members, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken }, async (member, ct) =>
        {
            var state = states.GetValueOrDefault(member.Did);
            if (state?.NextAttempt is { } next && next > started && state.DspEndpoint == member.DspEndpoint)
            {
                Interlocked.Increment(ref backingOff);
                return;
            }

            var outcome = await CrawlMemberAsync(member, state, options, ct).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                var failures = (state?.Failures ?? 0) + 1;
                var wait = Backoff(options, failures);
                failed.Add(new SkippedMember(member.Did, error));
                LogMemberFailed(_logger, member.Did, failures, wait, error);
                await _store.MarkFailedAsync(member, error, failures, _time.GetUtcNow() + wait, _time.GetUtcNow(), ct).ConfigureAwait(false);
            }
            else if (outcome.Changed)
            {
                Interlocked.Increment(ref changed);
            }
            else
            {
                Interlocked.Increment(ref unchanged);
            }
        }).ConfigureAwait(false);

        var report = new CrawlReport(started, _time.GetElapsedTime(clock), listing.Members.Count, changed, unchanged, [.. failed.OrderBy(f => f.Did, StringComparer.Ordinal)], backingOff, removed, listing.Skipped, null)
        {
            IgnoredRegistrations = [.. _ignored.Distinct().OrderBy(i => i.Provider, StringComparer.Ordinal).ThenBy(i => i.DatasetId, StringComparer.Ordinal)],
        };
        LogCrawled(_logger, report.Members, report.Changed, report.Unchanged, report.Failed.Count, report.BackingOff, report.Removed, report.Duration.TotalMilliseconds);
        return report;
    }

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failures in a row.</summary>
    internal static TimeSpan Backoff(FederatedCatalogOptions options, int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(options.InitialBackoff.Ticks * factor, options.MaxBackoff.Ticks));
        return wait;
    }

    private async Task<(bool Changed, string? Error)> CrawlMemberAsync(CatalogMember member, MemberCrawlState? state, FederatedCatalogOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.MemberTimeout);
        try
        {
            // A provider that offers the dataset digest manifest is asked only for what changed; one that ignores the
            // filter has sent its first catalog page instead, and one that refuses it is crawled as any other.
            ManifestPages? manifest = null;
            DspResponse? firstPage = null;
            if (options.UseDigestManifest)
            {
                var asked = await FetchManifestAsync(member, options, timeout.Token).ConfigureAwait(false);
                if (asked.Error is not null)
                {
                    return (false, asked.Error);
                }

                if (asked.Entries is not null)
                {
                    var (done, changedAny, changeError) = await CrawlChangedDatasetsAsync(member, state, asked, options, timeout.Token).ConfigureAwait(false);
                    if (changeError is not null || done)
                    {
                        return (changedAny, changeError);
                    }

                    manifest = asked;
                }

                firstPage = asked.CatalogPage;
            }

            var (pages, pageDigests, digest, cut, error) = await FetchAsync(member, options, firstPage, timeout.Token).ConfigureAwait(false);
            if (error is not null)
            {
                return (false, error);
            }

            var at = _time.GetUtcNow();
            if (manifest is null && state?.Digest == digest && state.DspEndpoint == member.DspEndpoint)
            {
                await RecheckRegistrationsAsync(member, timeout.Token).ConfigureAwait(false);
                await _store.MarkUnchangedAsync(member, at, cancellationToken).ConfigureAwait(false);
                return (false, null);
            }

            // Offers changed in place leave the other pages as they were: only the changed pages are parsed and replaced.
            if (manifest is null && cut is null && state is { Truncated: null } && state.DspEndpoint == member.DspEndpoint && state.PageDigests.Count == pageDigests.Count)
            {
                var changed = new Dictionary<int, List<FederatedDataset>>();
                for (var i = 0; i < pages.Count; i++)
                {
                    if (state.PageDigests[i] != pageDigests[i])
                    {
                        var (page, pageError) = await ParsePageAsync(member, pages[i], i, timeout.Token).ConfigureAwait(false);
                        if (pageError is not null)
                        {
                            return (false, pageError);
                        }

                        changed[i] = [.. page!.DistinctBy(d => d.DatasetId, StringComparer.Ordinal)];
                    }
                }

                if (await _store.ReplacePagesAsync(member, digest, pageDigests, changed, options.MaxDatasetsPerMember, options.MaxDatasetsTotal, at, cancellationToken).ConfigureAwait(false))
                {
                    // The pages not replaced keep their records: verify those again too (the replaced ones were, when parsed).
                    await RecheckRegistrationsAsync(member, timeout.Token, changed.Values.SelectMany(p => p).Select(d => d.DatasetId).ToHashSet(StringComparer.Ordinal)).ConfigureAwait(false);
                    return (true, null);
                }
            }

            var datasets = new List<FederatedDataset>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < pages.Count && cut is null; i++)
            {
                var (page, pageError) = await ParsePageAsync(member, pages[i], i, timeout.Token).ConfigureAwait(false);
                if (pageError is not null)
                {
                    return (false, pageError);
                }

                foreach (var entry in page!)
                {
                    if (!seen.Add(entry.DatasetId))
                    {
                        continue;
                    }

                    if (datasets.Count == options.MaxDatasetsPerMember)
                    {
                        cut = $"the catalog has more than {options.MaxDatasetsPerMember} datasets ({FederatedCatalogOptions.Section}:MaxDatasetsPerMember); the first {options.MaxDatasetsPerMember} are indexed";
                        break;
                    }

                    datasets.Add(entry);
                }
            }

            if (manifest is not null)
            {
                // The part is recorded with the manifest's digests, so the next crawl fetches only what changes from here.
                (digest, pageDigests) = (manifest.Digest, []);
                var digests = manifest.Entries!.ToDictionary(e => e.Id, e => e.Digest, StringComparer.Ordinal);
                datasets = [.. datasets.Select(d => d with { Digest = digests.GetValueOrDefault(d.DatasetId) })];
            }

            // Written whatever the crawl's own token says: a part half-replaced is not possible, but a finished read should count.
            var (stored, truncated) = await _store.ReplaceAsync(member, digest, pageDigests, datasets, cut, options.MaxDatasetsTotal, at, cancellationToken).ConfigureAwait(false);
            if (truncated is not null)
            {
                LogMemberTruncated(_logger, member.Did, stored, truncated);
            }

            return (true, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"{member.DspEndpoint} did not deliver its catalog within {options.MemberTimeout} ({FederatedCatalogOptions.Section}:MemberTimeout)");
        }
    }

    // One page's datasets as indexed, or why the page cannot be read.
    private async Task<(List<FederatedDataset>? Datasets, string? Error)> ParsePageAsync(CatalogMember member, byte[] body, int page, CancellationToken cancellationToken)
    {
        Dataspace.Dsp.Catalog catalog;
        try
        {
            catalog = await _serializer.ReadAsync<Dataspace.Dsp.Catalog>(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DspMessageException or JsonLdException or System.Text.Json.JsonException)
        {
            return (null, $"the catalog page {page + 1} from {member.DspEndpoint} is not a valid DSP catalog: {e.Message}");
        }

        if (catalog.ParticipantId is { Length: > 0 } participant && participant != member.Did)
        {
            return (null, $"the catalog at {member.DspEndpoint} names participant '{participant}', not the member '{member.Did}' listed with that endpoint");
        }

        List<FederatedDataset> datasets = [.. (catalog.Dataset ?? []).Select(DatasetIndexer.Index).OfType<FederatedDataset>().Select(d => d with { Page = page })];
        return (await VerifyRegistrationsAsync(member, datasets, cancellationToken).ConfigureAwait(false), null);
    }

    // Every page of the member's catalog as sent, and the digest over them; stops (and says why) at the byte bound.
    private async Task<(List<byte[]> Pages, List<string> PageDigests, string Digest, string? Cut, string? Error)> FetchAsync(CatalogMember member, FederatedCatalogOptions options, DspResponse? firstPage, CancellationToken cancellationToken)
    {
        var origin = new Uri(member.DspEndpoint);
        var url = member.DspEndpoint + "/catalog/request";
        var pages = new List<byte[]>();
        var pageDigests = new List<string>();
        string? cut = null;
        long bytes = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var page = 1; ; page++)
        {
            var response = page == 1 && firstPage is not null ? firstPage : await _client.PostAsync(url, _request, member.Did, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!response.IsSuccess)
            {
                return (pages, pageDigests, "", null, $"the catalog request{(page > 1 ? $" for page {page}" : "")} to {url} failed: {response.Describe()}");
            }

            if (bytes + response.Body.Length > options.MaxBytesPerMember)
            {
                cut = $"the catalog is larger than {options.MaxBytesPerMember} bytes ({FederatedCatalogOptions.Section}:MaxBytesPerMember); the first {page - 1} pages are indexed";
                break;
            }

            bytes += response.Body.Length;
            pages.Add(response.Body);
            var pageDigest = SHA256.HashData(response.Body);
            pageDigests.Add(Convert.ToHexStringLower(pageDigest));
            hash.AppendData(pageDigest);
            if (LinkHeaders.Next(response.Links) is not { } next)
            {
                break;
            }

            // Our token goes with each request: only to the member we were asked to crawl.
            if (!Uri.TryCreate(origin, next, out var nextUri) || !string.Equals(nextUri.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                return (pages, pageDigests, "", null, $"the catalog page {page} of {member.DspEndpoint} links its next page to '{next}', which is not at {origin.GetLeftPart(UriPartial.Authority)}");
            }

            if (page == MaxPages)
            {
                cut = $"the catalog has more than {MaxPages} pages; the first {MaxPages} are indexed";
                break;
            }

            url = nextUri.ToString();
        }

        if (pages.Count == 0)
        {
            return (pages, pageDigests, "", null, $"the first catalog page of {member.DspEndpoint} is larger than {options.MaxBytesPerMember} bytes ({FederatedCatalogOptions.Section}:MaxBytesPerMember); nothing could be indexed");
        }

        // The cut (a setting) is part of what was indexed: a changed limit re-indexes.
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(cut ?? ""));
        return (pages, pageDigests, Convert.ToHexStringLower(hash.GetHashAndReset()), cut, null);
    }
}
