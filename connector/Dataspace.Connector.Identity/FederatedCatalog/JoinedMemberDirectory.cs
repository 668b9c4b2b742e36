using Dataspace.Connector.FederatedCatalog;
using Dataspace.Connector.Identity.Join;
using Dataspace.Identity.Registry;

namespace Dataspace.Connector.Identity.FederatedCatalog;

/// <summary>
/// The members of the data space this connector joined (<c>dataspace join</c>): the participant registry of that
/// authority, so a member searches its space with no further settings. Before joining (or after a rejection), the
/// configured members.
/// </summary>
internal sealed class JoinedMemberDirectory : IMemberDirectory
{
    private readonly JoinStore _join;
    private readonly ParticipantRegistryClient _client;
    private readonly ConfiguredMemberDirectory _configured;

    public JoinedMemberDirectory(JoinStore join, ParticipantRegistryClient client, ConfiguredMemberDirectory configured)
    {
        _join = join;
        _client = client;
        _configured = configured;
    }

    /// <inheritdoc/>
    public async Task<MemberListing> ListAsync(CancellationToken cancellationToken)
    {
        JoinState? state;
        try
        {
            state = await _join.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // Read again at the next crawl; meanwhile the index keeps what it has.
            throw new MemberDirectoryException($"the join state could not be read: {e.Message}", e);
        }

        return state is { Phase: JoinState.Joined }
            ? await RegistryMemberDirectory.ReadAsync(_client, state.AuthorityUrl, cancellationToken).ConfigureAwait(false)
            : await _configured.ListAsync(cancellationToken).ConfigureAwait(false);
    }
}
