namespace Dataspace.Connector.Client;

/// <content>Joining a data space: apply to its authority and follow the application until the credentials are stored.</content>
public sealed partial class ManagementClient
{
    /// <summary>Applies to the authority (or returns the application already made there); 4xx says why it was refused.</summary>
    public Task<JoinStatus> JoinAsync(JoinApplication application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        return WithIdentityReasonAsync(() => SendAsync<JoinStatus>(HttpMethod.Post, "identity/join", application, cancellationToken));
    }

    /// <summary>Where the application stands now (the connector takes the next step first).</summary>
    public Task<JoinStatus> GetJoinStatusAsync(CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(() => SendAsync<JoinStatus>(HttpMethod.Get, "identity/join", null, cancellationToken));
}
