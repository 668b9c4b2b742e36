using Dataspace.Connector.Client;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dataspace.Portal.Session;

/// <summary>
/// The signed-in operator's typed management client (one per circuit): built from the API key held in the server-side
/// authentication state, never from anything the browser sends afterwards.
/// </summary>
public sealed class PortalConnection
{
    /// <summary>The name of the <see cref="HttpClient"/> the portal calls the connector with.</summary>
    public const string HttpClientName = "Dataspace.Portal.Management";

    private readonly AuthenticationStateProvider _authentication;
    private readonly IHttpClientFactory _httpClients;
    private ManagementClient? _client;

    /// <summary>Creates the connection for one circuit.</summary>
    public PortalConnection(AuthenticationStateProvider authentication, IHttpClientFactory httpClients)
    {
        _authentication = authentication;
        _httpClients = httpClients;
    }

    /// <summary>The management client of the signed-in operator.</summary>
    /// <exception cref="InvalidOperationException">Nobody is signed in (pages require sign-in, so this is a bug).</exception>
    public async Task<ManagementClient> GetClientAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        var state = await _authentication.GetAuthenticationStateAsync().ConfigureAwait(false);
        var key = PortalAuthentication.ApiKeyOf(state.User) ?? throw new InvalidOperationException("sign in with the management API key first");
        _client = CreateClient(key);
        return _client;
    }

    /// <summary>A management client for <paramref name="apiKey"/> (e.g. to check a key at sign-in).</summary>
    public ManagementClient CreateClient(string apiKey) => new(_httpClients.CreateClient(HttpClientName), apiKey);
}
