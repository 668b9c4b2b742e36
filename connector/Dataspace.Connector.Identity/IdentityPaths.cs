namespace Dataspace.Connector.Identity;

/// <summary>The identity folders and files, resolved against the data folder.</summary>
/// <param name="KeysDirectory">The key store folder.</param>
/// <param name="CredentialsDirectory">The wallet folder.</param>
/// <param name="TrustAnchorsFile">The trust-anchor file, if configured.</param>
internal sealed record IdentityPaths(string KeysDirectory, string CredentialsDirectory, string? TrustAnchorsFile);
