using System.Text.Json.Nodes;
using Dataspace.Connector.Assets;
using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Connector.Tck;

/// <summary>Stores the seed's datasets as assets with one open offer each, after the database is migrated; existing ones are kept.</summary>
internal sealed class TckSeeder : IHostedService
{
    /// <summary>The id of the open policy every fixture offer uses for access and contract.</summary>
    public const string OpenPolicyId = "tck-open";

    private readonly TckSeed _seed;
    private readonly AssetStore _assets;
    private readonly PolicyDefinitionStore _policies;
    private readonly OfferStore _offers;
    private readonly TimeProvider _time;

    public TckSeeder(TckSeed seed, AssetStore assets, PolicyDefinitionStore policies, OfferStore offers, TimeProvider time)
    {
        _seed = seed;
        _assets = assets;
        _policies = policies;
        _offers = offers;
        _time = time;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // The TCK's requests carry a permission to use with no constraint; the catalog offer must have the same rules.
        var open = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
            ["@type"] = "Set",
            ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
        };
        await _policies.CreateAsync(new PolicyDefinition(OpenPolicyId, open, now), cancellationToken).ConfigureAwait(false);
        foreach (var dataset in _seed.Datasets.Where(d => d.Side == "provider"))
        {
            var properties = new JsonObject { ["title"] = dataset.Title ?? "TCK fixture " + dataset.Id };
            await _assets.CreateAsync(new Asset(dataset.Id, properties, DataAddress.Create("TckFixture"), now), cancellationToken).ConfigureAwait(false);
            if (await _offers.GetAsync(dataset.OfferIdOrDefault, cancellationToken).ConfigureAwait(false) is null)
            {
                await _offers.CreateAsync(new OfferDefinition(dataset.OfferIdOrDefault, dataset.Id, OpenPolicyId, OpenPolicyId, now), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
