namespace Dataspace.Identity.Tests.Support;

/// <summary>did:web DIDs of a test's loopback server.</summary>
internal static class LoopbackServerDids
{
    /// <summary>The did:web DID whose document lives at the server's base URL plus the path (none: /.well-known/did.json).</summary>
    public static string DidWeb(this LoopbackServer server, string? path = null) =>
        path is null ? Dids.DidWeb.FromUrl(server.BaseUrl) : Dids.DidWeb.FromUrl(new Uri(server.BaseUrl, path));
}
