namespace Dataspace.Identity.Dcp;

/// <summary>Sends a presentation query to another participant's Credential Service.</summary>
public interface ICredentialServiceClient
{
    /// <summary>POSTs the query to <c>{credentialService}/presentations/query</c> with the bearer token; the response or a reason.</summary>
    Task<CredentialQueryResult> QueryAsync(Uri credentialService, string bearerToken, PresentationQueryMessage query, CancellationToken cancellationToken);
}
