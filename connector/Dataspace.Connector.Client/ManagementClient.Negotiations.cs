namespace Dataspace.Connector.Client;

/// <content>Other connectors' catalogs, contract negotiations and agreements: what a consumer does.</content>
public sealed partial class ManagementClient
{
    /// <summary>Fetches another connector's catalog (what it shows this connector) from its DSP URL; 502 if it cannot be had.</summary>
    /// <param name="counterPartyAddress">The other connector's DSP URL.</param>
    /// <param name="counterPartyId">Its participant id (a DID with DCP identities), to address the request's token; optional with static tokens.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<RemoteCatalog> RequestCatalogAsync(string counterPartyAddress, string? counterPartyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(counterPartyAddress);
        return SendAsync<RemoteCatalog>(HttpMethod.Post, "catalog/request", new { counterPartyAddress, counterPartyId }, cancellationToken);
    }

    /// <summary>Starts negotiating an offer of another connector's catalog; the negotiation then runs on its own (poll it).</summary>
    /// <param name="counterPartyAddress">The provider's DSP URL.</param>
    /// <param name="offerId">The offer's id from the provider's catalog.</param>
    /// <param name="counterPartyId">The provider's participant id, when its catalog does not name it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Negotiation> StartNegotiationAsync(string counterPartyAddress, string offerId, string? counterPartyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(counterPartyAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(offerId);
        return SendAsync<Negotiation>(HttpMethod.Post, "negotiations", new { counterPartyAddress, offerId, counterPartyId }, cancellationToken);
    }

    /// <summary>Lists negotiations, newest first; <paramref name="role"/> is <c>provider</c> or <c>consumer</c>, <paramref name="state"/> a DSP state name.</summary>
    public Task<Page<Negotiation>> ListNegotiationsAsync(string? role = null, string? state = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<Negotiation>>(HttpMethod.Get, Query("negotiations", ("offset", offset), ("limit", limit), ("role", role), ("state", state)), null, cancellationToken);

    /// <summary>One negotiation by id.</summary>
    public Task<Negotiation> GetNegotiationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Negotiation>(HttpMethod.Get, "negotiations/" + Escape(id), null, cancellationToken);

    /// <summary>Ends a negotiation with a reason; the other connector is told. 409 if it has ended already.</summary>
    public Task<Negotiation> TerminateNegotiationAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync<Negotiation>(HttpMethod.Post, $"negotiations/{Escape(id)}/terminate", new { reason }, cancellationToken);

    /// <summary>Accepts the provider's latest offer (consumer side, state OFFERED).</summary>
    public Task<Negotiation> AcceptNegotiationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Negotiation>(HttpMethod.Post, $"negotiations/{Escape(id)}/accept", new { }, cancellationToken);

    /// <summary>Polls a negotiation until it is FINALIZED or TERMINATED; bound the wait with <paramref name="cancellationToken"/>.</summary>
    public Task<Negotiation> WaitForNegotiationAsync(string id, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
        PollAsync(ct => GetNegotiationAsync(id, ct), n => NegotiationStates.IsFinal(n.State), pollInterval, cancellationToken);

    /// <summary>Lists agreements, optionally those for one asset.</summary>
    public Task<Page<Agreement>> ListAgreementsAsync(string? assetId = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<Page<Agreement>>(HttpMethod.Get, Query("agreements", ("offset", offset), ("limit", limit), ("assetId", assetId)), null, cancellationToken);

    /// <summary>One agreement by id.</summary>
    public Task<Agreement> GetAgreementAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<Agreement>(HttpMethod.Get, "agreements/" + Escape(id), null, cancellationToken);
}
