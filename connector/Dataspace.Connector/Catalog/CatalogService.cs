using System.Text.Json.Nodes;
using Dataspace.Connector.Assets;
using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Transfer;
using Dataspace.Dsp;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Policy;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// The DCAT catalog as one requester may see it: a dataset per asset with at least one offer whose access policy
/// permits the requester, each with its visible offers and a distribution per transfer type we support.
/// </summary>
public sealed class CatalogService
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

    private readonly AssetStore _assets;
    private readonly OfferStore _offers;
    private readonly PolicyDefinitionStore _policies;
    private readonly PolicyService _policyService;
    private readonly TransferChannelRegistry _channels;
    private readonly DspEndpointsInfo _self;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public CatalogService(AssetStore assets, OfferStore offers, PolicyDefinitionStore policies, PolicyService policyService, TransferChannelRegistry channels, DspEndpointsInfo self, TimeProvider time)
    {
        _assets = assets;
        _offers = offers;
        _policies = policies;
        _policyService = policyService;
        _channels = channels;
        _self = self;
        _time = time;
    }

    // Objects nested in a catalog inherit its @context; the serializer omits a null one, as canonical catalogs do.
    private static readonly IReadOnlyList<string> NestedContext = null!;

    private string DataServiceId => _self.DspUrl + "#data-service";

    /// <summary>The catalog for <paramref name="caller"/>.</summary>
    public async Task<Dataspace.Dsp.Catalog> BuildAsync(VerifiedCaller caller, CancellationToken cancellationToken)
    {
        var datasets = new List<Dataset>();
        foreach (var group in (await _offers.AllAsync(cancellationToken).ConfigureAwait(false)).GroupBy(o => o.AssetId, StringComparer.Ordinal))
        {
            if (await DatasetAsync(caller, group.Key, [.. group], cancellationToken).ConfigureAwait(false) is { } dataset)
            {
                datasets.Add(dataset);
            }
        }

        return new Dataspace.Dsp.Catalog
        {
            Id = _self.DspUrl + "#catalog",
            ParticipantId = _self.ParticipantId,
            Service = [new DataService { Context = NestedContext, Id = DataServiceId, EndpointURL = _self.DspUrl }],
            Dataset = datasets,
        };
    }

    /// <summary>One dataset, or null when it does not exist or nothing of it is visible to <paramref name="caller"/>.</summary>
    public async Task<Dataset?> GetDatasetAsync(VerifiedCaller caller, string id, CancellationToken cancellationToken)
    {
        var offers = await _offers.ListAsync(new Storage.PageRequest(0, Storage.PageRequest.MaxLimit), id, cancellationToken).ConfigureAwait(false);
        var dataset = offers.Items.Count == 0 ? null : await DatasetAsync(caller, id, offers.Items, cancellationToken).ConfigureAwait(false);
        return dataset is null ? null : dataset with { Context = DspContext.Default };
    }

    private async Task<Dataset?> DatasetAsync(VerifiedCaller caller, string assetId, IReadOnlyList<OfferDefinition> offers, CancellationToken cancellationToken)
    {
        var asset = await _assets.GetAsync(assetId, cancellationToken).ConfigureAwait(false);
        if (asset is null)
        {
            return null;
        }

        var visible = new List<OdrlPolicy>();
        foreach (var offer in offers)
        {
            var access = await _policies.GetAsync(offer.AccessPolicyId, cancellationToken).ConfigureAwait(false);
            var contract = await _policies.GetAsync(offer.ContractPolicyId, cancellationToken).ConfigureAwait(false);
            if (access is null || contract is null || !await PermitsAsync(access.Policy, caller, assetId, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Offers inside a catalog carry no target: the dataset is the target.
            var dsp = await _policyService.ToDspAsync(contract.Policy, offer.Id, null, cancellationToken).ConfigureAwait(false);
            visible.Add(dsp with { Type = "Offer" });
        }

        if (visible.Count == 0)
        {
            return null;
        }

        var dataset = new Dataset
        {
            Context = NestedContext,
            Id = assetId,
            HasPolicy = visible,
            Distribution = [.. _channels.Channels.Keys.Order(StringComparer.Ordinal).Select(type => new Distribution { Context = NestedContext, Format = type, AccessService = JsonValue.Create(DataServiceId) })],
        };
        var extensions = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in asset.Properties)
        {
            var iri = WellKnownProperties.GetValueOrDefault(name) ?? (Uri.TryCreate(name, UriKind.Absolute, out _) ? name : null);
            if (iri is not null && value is not null)
            {
                extensions[iri] = System.Text.Json.JsonSerializer.SerializeToElement(value);
            }
        }

        if (extensions.Count > 0)
        {
            dataset.Extensions = extensions;
        }

        return dataset;
    }

    private async Task<bool> PermitsAsync(JsonObject policy, VerifiedCaller caller, string assetId, CancellationToken cancellationToken)
    {
        try
        {
            var compiled = await _policyService.CompileAsync(policy, cancellationToken).ConfigureAwait(false);
            return compiled.Decide(new PolicyRequest
            {
                Scope = PolicyScope.Catalog,
                Party = PolicyService.Party(caller),
                Action = "http://www.w3.org/ns/odrl/2/use",
                Target = assetId,
                Time = _time.GetUtcNow(),
            }) == PolicyDecision.Permit;
        }
        catch (PolicyValidationException)
        {
            // Fail closed: an offer whose access policy cannot be evaluated is shown to no one.
            return false;
        }
    }
}
