using Dataspace.Connector.FederatedCatalog;
using Dataspace.Identity.Registry;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity.FederatedCatalog;

/// <summary>
/// The members an authority's participant registry lists (<c>Connector:FederatedCatalog:Registry</c>), each entry
/// verified by <see cref="ParticipantRegistryClient"/>: signed by a trust anchor, unexpired, active, and naming the
/// <c>DataService</c> endpoint of the member's DID document. Skipped entries (revoked, forged, expired, wrong endpoint)
/// are listed with their reasons, so their members leave the search index.
/// </summary>
public sealed class RegistryMemberDirectory : IMemberDirectory
{
    private readonly ParticipantRegistryClient _client;
    private readonly IOptionsMonitor<FederatedCatalogOptions> _options;

    /// <summary>Creates the directory.</summary>
    public RegistryMemberDirectory(ParticipantRegistryClient client, IOptionsMonitor<FederatedCatalogOptions> options)
    {
        _client = client;
        _options = options;
    }

    /// <inheritdoc/>
    public async Task<MemberListing> ListAsync(CancellationToken cancellationToken)
    {
        var registry = _options.CurrentValue.Registry ?? throw new MemberDirectoryException($"{FederatedCatalogOptions.Section}:Registry is not set");
        return await ReadAsync(_client, new Uri(registry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The accepted members of the registry at <paramref name="registry"/> and the skipped entries with why.</summary>
    internal static async Task<MemberListing> ReadAsync(ParticipantRegistryClient client, Uri registry, CancellationToken cancellationToken)
    {
        var result = await client.ReadAllAsync(registry, cancellationToken).ConfigureAwait(false);
        if (!result.Complete)
        {
            // A listing cut short would drop the members of the pages not read: keep the index as it is instead.
            throw new MemberDirectoryException($"the participant registry at {registry} could not be read to the end: {result.Error}");
        }

        var members = result.Accepted
            .GroupBy(e => e.Did, StringComparer.Ordinal)
            .Select(g => g.First())
            .Select(e => new CatalogMember(e.Did, e.Name, e.DspEndpoint.TrimEnd('/'), e.Subspaces))
            .ToList();
        return new MemberListing(members, [.. result.Skipped.Select(s => new SkippedMember(s.Did, s.Reason))]);
    }
}
