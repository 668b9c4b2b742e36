using Dataspace.Connector.Catalog;
using Dataspace.Identity.Registry;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// Finds a member's DSP endpoint in the participant registry of the authority this connector joined; the entry is
/// verified (signature, trust anchor, expiry, status, and the endpoint equal to the member DID document's DataService).
/// </summary>
internal sealed class RegistryCounterPartyResolver : ICounterPartyResolver
{
    private readonly JoinStore _join;
    private readonly ParticipantRegistryClient _registry;

    public RegistryCounterPartyResolver(JoinStore join, ParticipantRegistryClient registry)
    {
        _join = join;
        _registry = registry;
    }

    /// <inheritdoc/>
    public async Task<CounterPartyResolution> ResolveAsync(string did, CancellationToken cancellationToken)
    {
        var state = await _join.GetAsync(cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return CounterPartyResolution.NotFound($"{did} is a DID, and DSP endpoints are found by DID in the participant registry of a data space this connector joined; it has joined none (dataspace join), so give the provider's DSP URL");
        }

        var found = await _registry.FindAsync(state.AuthorityUrl, did, cancellationToken).ConfigureAwait(false);
        if (found.Accepted.FirstOrDefault(e => e.Did == did) is { } entry)
        {
            return CounterPartyResolution.Found(entry.DspEndpoint);
        }

        var reason = (found.Skipped.Count > 0 ? found.Skipped[0].Reason : null) ?? found.Error ?? "not listed";
        return CounterPartyResolution.NotFound($"{did} is not an accepted member in the participant registry of {state.AuthorityUrl}: {reason}");
    }
}
