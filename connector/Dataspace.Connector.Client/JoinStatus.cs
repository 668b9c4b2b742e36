namespace Dataspace.Connector.Client;

/// <summary>Where the connector's application to a data space stands (<c>GET identity/join</c>).</summary>
/// <param name="Authority">The authority's URL.</param>
/// <param name="AuthorityDid">The authority's DID, now one of the connector's trust anchors.</param>
/// <param name="ApplicationId">The application's id at the authority.</param>
/// <param name="Phase"><c>applied</c>, <c>approved</c>, <c>requested</c> (credentials), <c>joined</c> or <c>rejected</c>.</param>
/// <param name="Reason">The authority's reason, when it rejected.</param>
/// <param name="CredentialTypes">The credential types the approval allows.</param>
/// <param name="Received">The ids of the credentials received and stored in the wallet.</param>
/// <param name="LastError">Why the last step failed (it is tried again), if it did.</param>
public sealed record JoinStatus(
    string Authority,
    string AuthorityDid,
    string ApplicationId,
    string Phase,
    string? Reason,
    IReadOnlyList<string> CredentialTypes,
    IReadOnlyList<string> Received,
    string? LastError)
{
    /// <summary>Whether the application has ended: joined or rejected.</summary>
    public bool IsFinal => Phase is "joined" or "rejected";
}
