namespace Dataspace.Connector.Identity;

/// <summary>A peer's Credential Service URL, for DIDs whose documents cannot list services (did:key).</summary>
public sealed class CredentialServiceEntry
{
    /// <summary>The peer's DID.</summary>
    public string Did { get; set; } = string.Empty;

    /// <summary>The base URL of its Credential Service.</summary>
    public Uri? Url { get; set; }
}
