using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Offers;
using Dataspace.Connector.Policies;
using Dataspace.Connector.Protocol;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Storage;
using Dataspace.Connector.Storage.Sqlite;
using Dataspace.Dsp;
using Microsoft.Extensions.Hosting;

namespace Dataspace.Connector.Tck;

/// <summary>
/// Stores the seed's provider datasets as assets with one open offer each, and its agreements with a FINALIZED
/// negotiation, after the database is migrated; existing ones are kept.
/// </summary>
internal sealed class TckSeeder : IHostedService
{
    /// <summary>The id of the open policy every fixture offer uses for access and contract.</summary>
    public const string OpenPolicyId = "tck-open";

    private readonly TckSeed _seed;
    private readonly IAssetStore _assets;
    private readonly IPolicyDefinitionStore _policies;
    private readonly IOfferStore _offers;
    private readonly INegotiationStore _negotiations;
    private readonly IAgreementStore _agreements;
    private readonly DspEndpointsInfo _self;
    private readonly TimeProvider _time;

    public TckSeeder(TckSeed seed, IAssetStore assets, IPolicyDefinitionStore policies, IOfferStore offers, INegotiationStore negotiations, IAgreementStore agreements,
        DspEndpointsInfo self, TimeProvider time)
    {
        _seed = seed;
        _assets = assets;
        _policies = policies;
        _offers = offers;
        _negotiations = negotiations;
        _agreements = agreements;
        _self = self;
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
            await _assets.CreateAsync(new Asset(dataset.Id, properties, dataset.DataAddress is { } address
                ? new Sdk.Transfer.DataAddress(address.Type, address.Properties ?? new Dictionary<string, string>())
                : Sdk.Transfer.DataAddress.Create("TckFixture"), now), cancellationToken).ConfigureAwait(false);
            if (await _offers.GetAsync(dataset.OfferIdOrDefault, cancellationToken).ConfigureAwait(false) is null)
            {
                await _offers.CreateAsync(new OfferDefinition(dataset.OfferIdOrDefault, dataset.Id, OpenPolicyId, OpenPolicyId, now), cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var agreement in _seed.Agreements)
        {
            if (await _agreements.GetAsync(agreement.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            // The TCK agreed these before its run: we provide in its TP cases and consume in its TP_C cases.
            var consumer = agreement.Side == "consumer";
            var offerId = consumer ? "offer" + agreement.DatasetId : _seed.Datasets.First(d => d.Id == agreement.DatasetId).OfferIdOrDefault;
            await SeedAgreementAsync(agreement, offerId, consumer ? ProcessRole.Consumer : ProcessRole.Provider, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Points a seeded consumer agreement at the TCK's provider address named by its transfer trigger: the TCK's address
    /// is known only then and may change between its runs, and the engine never changes a negotiation's peer address.
    /// </summary>
    public static async Task AddressConsumerAgreementAsync(ConnectorDatabase database, string agreementId, string address, CancellationToken cancellationToken)
    {
        using var turn = await database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE negotiations SET counter_party_address = $address WHERE id = $id AND role = $role", cancellationToken,
            ("$address", address.TrimEnd('/')), ("$id", NegotiationIdFor(agreementId)), ("$role", nameof(ProcessRole.Consumer))).ConfigureAwait(false);
    }

    /// <summary>The id of the FINALIZED negotiation seeded for a pre-agreed agreement.</summary>
    public static string NegotiationIdFor(string agreementId) => "urn:tck:negotiation:" + agreementId;

    /// <summary>
    /// A pre-agreed agreement with the FINALIZED negotiation transfers need; no peer pid or address is known (as consumer,
    /// the transfer trigger names the TCK's address: <see cref="AddressConsumerAgreementAsync"/>).
    /// </summary>
    private async Task SeedAgreementAsync(TckAgreement agreement, string offerId, ProcessRole role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (provider, consumer) = role == ProcessRole.Provider ? (_self.ParticipantId, _seed.TckParticipantId) : (_seed.TckParticipantId, _self.ParticipantId);
        var policy = new OdrlPolicy
        {
            Id = agreement.Id,
            Type = "Agreement",
            Target = agreement.DatasetId,
            Assigner = provider,
            Assignee = consumer,
            Timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Permission = [new OdrlRule { Action = "use" }],
        };
        var negotiation = new ContractNegotiationRecord
        {
            Id = NegotiationIdFor(agreement.Id),
            Role = role,
            State = NegotiationState.Finalized,
            CounterPartyId = _seed.TckParticipantId,
            CounterPartyAddress = "",
            OfferId = offerId,
            AssetId = agreement.DatasetId,
            Offer = NegotiationManager.ToJson(policy with { Id = offerId, Type = "Offer", Timestamp = null }),
            AgreementId = agreement.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _negotiations.CreateAsync(negotiation, new ProcessEffects
        {
            Agreement = new ContractAgreementRecord(agreement.Id, negotiation.Id, provider, consumer, agreement.DatasetId, NegotiationManager.ToJson(policy), now),
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
