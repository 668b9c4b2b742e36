using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Transfer;
using Dataspace.Dsp;
using Dataspace.Policies.Analysis;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// The DCAT catalog as one requester may see it: a dataset per asset with at least one offer whose access policy
/// permits the requester, each with its visible offers and a distribution per transfer type we support.
/// </summary>
/// <remarks>
/// Offers are read with their assets and policies in one query, already narrowed by the offer index to those whose
/// access policy the requester's claims could satisfy (<see cref="AccessRequirement"/>); only those policies are
/// evaluated. The index only leaves out offers whose policy would certainly deny, so the catalog is the one evaluating
/// every policy would give.
/// </remarks>
public sealed partial class CatalogService : IDisposable
{
    // Plain asset property names shown in the catalog as the DCAT/Dublin Core terms of the DSP context; IRI-named properties pass as they are.
    private static readonly Dictionary<string, string> WellKnownProperties = new(StringComparer.Ordinal)
    {
        ["title"] = "dct:title",
        ["description"] = "dct:description",
        ["keywords"] = "dcat:keyword",
        ["license"] = "dct:license",
        ["publisher"] = "dct:publisher",
    };

    // Objects nested in a catalog inherit its @context; the serializer omits a null one, as canonical catalogs do.
    private static readonly IReadOnlyList<string> NestedContext = null!;

    private readonly IOfferStore _offers;
    private readonly PolicyService _policyService;
    private readonly TransferChannelRegistry _channels;
    private readonly DspEndpointsInfo _self;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogOptions> _options;
    private readonly ILogger<CatalogService> _logger;
    private readonly DspSerializer _serializer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _refreshGate = new();
    private Task? _refresh;

    /// <summary>Creates the service.</summary>
    public CatalogService(IOfferStore offers, PolicyService policyService, TransferChannelRegistry channels, DspEndpointsInfo self, TimeProvider time,
        IOptions<CatalogOptions> options, ILogger<CatalogService> logger, DspSerializer serializer)
    {
        _serializer = serializer;
        _offers = offers;
        _policyService = policyService;
        _channels = channels;
        _self = self;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Evaluates every offer's access policy instead of only the index's candidates: the yardstick for tests and benchmarks.</summary>
    internal bool EvaluateEveryOffer { get; set; }

    private string DataServiceId => _self.DspUrl + "#data-service";

    /// <summary>The URL a page's continuation token is requested at (a catalog request message is POSTed there).</summary>
    public string PageUrl(string continuationToken) => $"{_self.DspUrl}/catalog/request?continuationToken={Uri.EscapeDataString(continuationToken)}";

    /// <summary>
    /// The page of <paramref name="caller"/>'s catalog that <paramref name="continuationToken"/> names (the first when
    /// null), or null when the token is not one this catalog issued.
    /// </summary>
    public Task<CatalogPage?> BuildPageAsync(VerifiedCaller caller, string? continuationToken, CancellationToken cancellationToken) =>
        BuildPageAsync(caller, continuationToken, CatalogQuery.None, cancellationToken);

    // The catalog query returns offers ordered by asset: one asset's offers at a time.
    private static async IAsyncEnumerable<List<CatalogOffer>> ByAssetAsync(IAsyncEnumerable<CatalogOffer> offers)
    {
        var group = new List<CatalogOffer>();
        await foreach (var offer in offers.ConfigureAwait(false))
        {
            if (group.Count > 0 && !string.Equals(group[0].AssetId, offer.AssetId, StringComparison.Ordinal))
            {
                yield return group;
                group = [];
            }

            group.Add(offer);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    /// <summary>
    /// The page <paramref name="continuationToken"/> names, narrowed by a request's <paramref name="query"/>: its
    /// offset skips that many visible datasets from there and its limit caps the page (never above the configured size).
    /// </summary>
    internal async Task<CatalogPage?> BuildPageAsync(VerifiedCaller caller, string? continuationToken, CatalogQuery query, CancellationToken cancellationToken)
    {
        string? after = null, before = null;
        if (continuationToken is not null && !CatalogContinuation.TryRead(continuationToken, out after, out before))
        {
            return null;
        }

        StartIndexRefresh();
        var party = PolicyService.Party(caller);
        var keys = EvaluateEveryOffer ? null : AccessKeys.For(party);
        var offerQuery = new CatalogOfferQuery { RequesterKeys = keys, After = after, Before = before };
        var pageSize = Math.Min(_options.Value.PageSize, query.Limit ?? int.MaxValue);
        var skip = query.Offset;
        var time = _time.GetUtcNow();
        var datasets = new List<Dataset>(Math.Min(pageSize, 64));
        var more = false;
        var candidates = 0;
        await foreach (var offers in ByAssetAsync(_offers.ReadCatalogAsync(offerQuery, cancellationToken)).ConfigureAwait(false))
        {
            candidates += offers.Count;
            if (await AddAsync(offers).ConfigureAwait(false))
            {
                more = true;
                break;
            }
        }

        if (before is not null)
        {
            datasets.Reverse();
        }

        LogCatalogBuilt(_logger, party.Id, keys?.Count, candidates, datasets.Count);
        string? next = null, previous = null;
        if (datasets.Count > 0)
        {
            // Forward pages know whether more follow, backward pages whether more precede; the other side is where the requester came from.
            next = (before is null ? more : true) ? CatalogContinuation.After(datasets[^1].Id!) : null;
            previous = (before is null ? after is not null || query.Offset > 0 : more) ? CatalogContinuation.Before(datasets[0].Id!) : null;
        }

        return new CatalogPage(Envelope(datasets), next, previous);

        // Adds the dataset of one asset's offers if visible; true when the page was full already (so another page follows).
        async Task<bool> AddAsync(List<CatalogOffer> offers)
        {
            if (before is not null)
            {
                offers.Reverse();
            }

            if (await DatasetAsync(party, offers, time, cancellationToken).ConfigureAwait(false) is not { } dataset)
            {
                return false;
            }

            // Only visible datasets count towards the offset, as they are all the requester can number.
            if (skip > 0)
            {
                skip--;
                return false;
            }

            if (datasets.Count == pageSize)
            {
                return true;
            }

            datasets.Add(dataset);
            return false;
        }
    }

    /// <summary>One dataset, or null when it does not exist or nothing of it is visible to <paramref name="caller"/>.</summary>
    public async Task<Dataset?> GetDatasetAsync(VerifiedCaller caller, string id, CancellationToken cancellationToken)
    {
        var offers = new List<CatalogOffer>();
        await foreach (var offer in _offers.ReadCatalogAsync(new CatalogOfferQuery { AssetId = id }, cancellationToken).ConfigureAwait(false))
        {
            offers.Add(offer);
        }

        var dataset = offers.Count == 0 ? null : await DatasetAsync(PolicyService.Party(caller), offers, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return dataset is null ? null : dataset with { Context = DspContext.Default };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            // A re-indexing batch ends at its next statement; let it, so nothing touches the database after shutdown.
            _refresh?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }

    /// <summary>The re-indexing of offers indexed by an older analysis started by the first catalog request, if any.</summary>
    internal Task IndexRefresh => _refresh ?? Task.CompletedTask;

    private Dataspace.Dsp.Catalog Envelope(List<Dataset> datasets) => new()
    {
        Id = _self.DspUrl + "#catalog",
        ParticipantId = _self.ParticipantId,
        Service = [new DataService { Context = NestedContext, Id = DataServiceId, EndpointURL = _self.DspUrl }],
        Dataset = datasets,
    };

    // Offers indexed by an older analysis (or stored before the index) are candidates for everyone, so the catalog is
    // right meanwhile; re-indexing them (compiling every such policy) runs beside requests rather than delaying one.
    private void StartIndexRefresh()
    {
        lock (_refreshGate)
        {
            _refresh ??= Task.Run(RefreshIndexAsync);
        }
    }

    private async Task RefreshIndexAsync()
    {
        try
        {
            var refreshed = await _offers.RefreshStaleAsync(_stopping.Token).ConfigureAwait(false);
            if (refreshed > 0)
            {
                LogIndexRefreshed(_logger, refreshed);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Whatever failed, stale offers stay candidates; the next catalog request tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogIndexRefreshFailed(_logger, e);
            lock (_refreshGate)
            {
                _refresh = null;
            }
        }
    }

    private async Task<Dataset?> DatasetAsync(RequestingParty party, List<CatalogOffer> offers, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(party, offers, time, cancellationToken).ConfigureAwait(false);
        return visible.Count == 0 ? null : await CreateDatasetAsync(visible, cancellationToken).ConfigureAwait(false);
    }

    // The offers of one asset whose access policy permits the party.
    private async Task<List<CatalogOffer>> VisibleAsync(RequestingParty party, List<CatalogOffer> offers, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var visible = new List<CatalogOffer>(offers.Count);
        foreach (var offer in offers)
        {
            if (await PermitsAsync(offer.AccessPolicy, party, offer.AssetId, time, cancellationToken).ConfigureAwait(false))
            {
                visible.Add(offer);
            }
        }

        return visible;
    }

    // The dataset of one asset showing the given (visible, non-empty) offers.
    private async Task<Dataset> CreateDatasetAsync(List<CatalogOffer> offers, CancellationToken cancellationToken)
    {
        var assetId = offers[0].AssetId;
        var visible = new List<OdrlPolicy>(offers.Count);
        foreach (var offer in offers)
        {
            // Offers inside a catalog carry no target: the dataset is the target.
            var dsp = await _policyService.ToDspAsync(offer.ContractPolicy, offer.Id, null, cancellationToken).ConfigureAwait(false);
            visible.Add(dsp with { Type = "Offer" });
        }

        var dataset = new Dataset
        {
            Context = NestedContext,
            Id = assetId,
            HasPolicy = visible,
            Distribution = [.. _channels.Channels.Keys.Order(StringComparer.Ordinal).Select(type => new Distribution { Context = NestedContext, Format = type, AccessService = JsonValue.Create(DataServiceId) })],
        };
        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in StoreJson.ReadObject(offers[0].AssetProperties))
        {
            var iri = WellKnownProperties.GetValueOrDefault(name) ?? (Uri.TryCreate(name, UriKind.Absolute, out _) ? name : null);
            if (iri is not null && value is not null)
            {
                extensions[iri] = JsonSerializer.SerializeToElement(value);
            }
        }

        if (extensions.Count > 0)
        {
            dataset.Extensions = extensions;
        }

        return dataset;
    }

    // Fail closed: an offer whose access policy cannot be evaluated is shown to no one (PolicyService.PermitsAccessAsync).
    private Task<bool> PermitsAsync(string policy, RequestingParty party, string assetId, DateTimeOffset time, CancellationToken cancellationToken) =>
        _policyService.PermitsAccessAsync(policy, party, assetId, time, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalog for {Party}: {Keys} requester keys, {Candidates} offers evaluated, {Datasets} datasets shown")]
    private static partial void LogCatalogBuilt(ILogger logger, string party, int? keys, int candidates, int datasets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offer index: recomputed the access keys of {Count} offers indexed by an older analysis")]
    private static partial void LogIndexRefreshed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offer index: recomputing the access keys of offers indexed by an older analysis failed; they stay visible to the full evaluation and it is tried again at the next catalog request")]
    private static partial void LogIndexRefreshFailed(ILogger logger, Exception exception);
}
