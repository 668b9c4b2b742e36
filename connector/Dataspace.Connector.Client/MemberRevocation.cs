namespace Dataspace.Connector.Client;

/// <summary>The outcome of revoking a member at the authority.</summary>
/// <param name="Did">The member's DID.</param>
/// <param name="Status">Its registry status now (<c>revoked</c>).</param>
/// <param name="RevokedCredentials">How many of its credentials were revoked now.</param>
public sealed record MemberRevocation(string Did, string Status, int RevokedCredentials);
