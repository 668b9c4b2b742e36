using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Connector.Policies;
using Dataspace.Dsp;
using Dataspace.Policies.Analysis;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Catalog;

public sealed partial class CatalogService
{
    // Digests of serialized datasets by a hash of everything the serialized form is made of (asset properties, the
    // visible offers' ids and contract policies): a change to any of them is a new key, so nothing needs invalidating.
    // Access policies decide which offers are visible and are evaluated for every manifest; they are not cached.
    private const int MaxCachedDigests = 100_000;
    private readonly ConcurrentDictionary<string, string> _digests = new(StringComparer.Ordinal);

    /// <summary>
    /// One page of <paramref name="caller"/>'s dataset digest manifest (<see cref="DatasetManifest"/>): the page's JSON
    /// and the continuation token of the next page, or null when the token is not a forward one this catalog issued.
    /// </summary>
    internal async Task<(byte[] Body, string? Next)?> BuildManifestPageAsync(VerifiedCaller caller, string? continuationToken, CancellationToken cancellationToken)
    {
        string? after = null;
        if (continuationToken is not null && (!CatalogContinuation.TryRead(continuationToken, out after, out var before) || before is not null))
        {
            return null;
        }

        StartIndexRefresh();
        var party = PolicyService.Party(caller);
        var offerQuery = new CatalogOfferQuery { RequesterKeys = EvaluateEveryOffer ? null : AccessKeys.For(party), After = after };
        var pageSize = _options.Value.ManifestPageSize;
        var time = _time.GetUtcNow();
        var entries = new List<DatasetDigest>(Math.Min(pageSize, 1024));
        var more = false;
        await foreach (var offers in ByAssetAsync(_offers.ReadCatalogAsync(offerQuery, cancellationToken)).ConfigureAwait(false))
        {
            if (await AddAsync(offers).ConfigureAwait(false))
            {
                more = true;
                break;
            }
        }

        var next = more && entries.Count > 0 ? CatalogContinuation.After(entries[^1].Id) : null;
        return (DatasetManifest.Write(_self.DspUrl + "#catalog", _self.ParticipantId, entries), next);

        // Adds the asset's entry if anything of it is visible; true when the page was full already (so another page follows).
        async Task<bool> AddAsync(List<CatalogOffer> offers)
        {
            var visible = await VisibleAsync(party, offers, time, cancellationToken).ConfigureAwait(false);
            if (visible.Count == 0)
            {
                return false;
            }

            if (entries.Count == pageSize)
            {
                return true;
            }

            entries.Add(new DatasetDigest(visible[0].AssetId, await DigestAsync(visible, cancellationToken).ConfigureAwait(false)));
            return false;
        }
    }

    // The digest of the body GET catalog/datasets/{id} sends for these visible offers (GetDatasetAsync).
    private async Task<string> DigestAsync(List<CatalogOffer> visible, CancellationToken cancellationToken)
    {
        var key = InputsKey(visible);
        if (_digests.TryGetValue(key, out var digest))
        {
            return digest;
        }

        var dataset = await CreateDatasetAsync(visible, cancellationToken).ConfigureAwait(false);
        digest = DatasetManifest.Digest(_serializer.Write(dataset with { Context = DspContext.Default }));
        if (_digests.Count >= MaxCachedDigests)
        {
            // Bounded memory: start over rather than track recency; the next manifests fill it again.
            _digests.Clear();
        }

        _digests[key] = digest;
        return digest;
    }

    // The transfer types and our DSP URL also go into a dataset, but are fixed for the life of the process.
    private static string InputsKey(List<CatalogOffer> visible)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(visible[0].AssetId);
        Append(visible[0].AssetProperties);
        foreach (var offer in visible)
        {
            Append(offer.Id);
            Append(offer.ContractPolicy);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());

        // Length-prefixed, so that no two different inputs concatenate to the same bytes.
        void Append(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
    }
}
