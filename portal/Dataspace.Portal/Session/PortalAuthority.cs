using Dataspace.Connector.Client;
using Microsoft.Extensions.Options;

namespace Dataspace.Portal.Session;

/// <summary>
/// The portal's connection to a data-space authority's management API (<see cref="PortalOptions.Authority"/>): the key is
/// read from its file on each use, so a rotated key takes effect without a restart and never reaches the browser.
/// </summary>
public sealed class PortalAuthority
{
    /// <summary>The name of the <see cref="HttpClient"/> the portal calls the authority with.</summary>
    public const string HttpClientName = "Dataspace.Portal.Authority";

    private readonly PortalAuthorityOptions _options;
    private readonly IHttpClientFactory _httpClients;

    /// <summary>Creates the connection from the portal's options.</summary>
    public PortalAuthority(IOptions<PortalOptions> options, IHttpClientFactory httpClients)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Authority;
        _httpClients = httpClients;
    }

    /// <summary>Whether an authority is configured (the Applications page is shown only then).</summary>
    public bool IsConfigured => _options.IsConfigured;

    /// <summary>The authority's URL, for display.</summary>
    public Uri? Url => _options.Url;

    /// <summary>A management client with the key read now from <see cref="PortalAuthorityOptions.ApiKeyFile"/>.</summary>
    /// <exception cref="ManagementApiException">No authority is configured, or the key file cannot be read.</exception>
    public async Task<AuthorityManagementClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new ManagementApiException("no authority is configured: set Portal:Authority:Url and Portal:Authority:ApiKeyFile");
        }

        string key;
        try
        {
            key = (await File.ReadAllTextAsync(_options.ApiKeyFile!, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManagementApiException($"the authority's API key file {_options.ApiKeyFile} (Portal:Authority:ApiKeyFile) cannot be read: {e.Message}", e);
        }

        if (key.Length == 0)
        {
            throw new ManagementApiException($"the authority's API key file {_options.ApiKeyFile} (Portal:Authority:ApiKeyFile) is empty");
        }

        return new AuthorityManagementClient(_httpClients.CreateClient(HttpClientName), key);
    }
}
