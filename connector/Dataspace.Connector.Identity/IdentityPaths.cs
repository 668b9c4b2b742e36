namespace Dataspace.Connector.Identity;

/// <summary>The identity folders and files, resolved against the data folder.</summary>
/// <param name="KeysDirectory">The key store folder.</param>
/// <param name="CredentialsDirectory">The wallet folder.</param>
/// <param name="TrustAnchorsFile">The trust-anchor file, if configured.</param>
/// <param name="DataDirectory">The data folder (join state and the authorities joined live there).</param>
internal sealed record IdentityPaths(string KeysDirectory, string CredentialsDirectory, string? TrustAnchorsFile, string DataDirectory)
{
    /// <summary>Where the application to a data space stands.</summary>
    public string JoinStateFile => Path.Combine(DataDirectory, "join.json");

    /// <summary>The authorities joined with <c>dataspace join</c>, trusted beside <see cref="TrustAnchorsFile"/>.</summary>
    public string JoinedTrustAnchorsFile => Path.Combine(DataDirectory, "trust-anchors.joined.json");
}
