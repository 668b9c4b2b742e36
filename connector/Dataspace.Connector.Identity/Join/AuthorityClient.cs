using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Dcp;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// Calls a data-space authority as REGISTRY-API.md describes: applications, issuer metadata and DCP credential requests,
/// each authorised by a self-issued ID token of this connector addressed to the authority's DID.
/// </summary>
internal sealed class AuthorityClient
{
    private const string DcpContext = "https://w3id.org/dspace-dcp/v1.0/dcp.jsonld";
    private const int MaxAnswer = 64 * 1024;
    private readonly IHttpClientFactory _http;
    private readonly SecureTokenService _sts;

    public AuthorityClient(IHttpClientFactory http, SecureTokenService sts)
    {
        _http = http;
        _sts = sts;
    }

    /// <summary>The issuer metadata (<c>GET /issuance/metadata</c>).</summary>
    public async Task<JsonObject> GetMetadataAsync(Uri authority, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, authority, "/issuance/metadata", null, null, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>Applies (<c>POST /registration/applications</c>); the answer is the application.</summary>
    public async Task<JsonObject> ApplyAsync(Uri authority, string authorityDid, JsonObject application, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, authority, "/registration/applications", authorityDid, application, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>The application as the authority sees it now.</summary>
    public async Task<JsonObject> GetApplicationAsync(Uri authority, string authorityDid, string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, authority, "/registration/applications/" + Uri.EscapeDataString(id), authorityDid, null, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>Sends a DCP <c>CredentialRequestMessage</c>; returns the issuer's process id (from <c>Location</c>).</summary>
    public async Task<string> RequestCredentialsAsync(Uri authority, string authorityDid, string holderPid, IEnumerable<string> credentialObjectIds, CancellationToken cancellationToken)
    {
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DcpContext),
            ["type"] = "CredentialRequestMessage",
            ["holderPid"] = holderPid,
            ["credentials"] = new JsonArray([.. credentialObjectIds.Select(id => (JsonNode?)new JsonObject { ["id"] = id })]),
        };
        var (_, location) = await SendAsync(HttpMethod.Post, authority, "/issuance/credentials", authorityDid, message, cancellationToken).ConfigureAwait(false);
        var issuerPid = location?.OriginalString.TrimEnd('/').Split('/')[^1];
        return string.IsNullOrEmpty(issuerPid)
            ? throw new AuthorityException("the authority accepted the credential request but sent no Location naming the request (/issuance/requests/{issuerPid})")
            : Uri.UnescapeDataString(issuerPid);
    }

    /// <summary>Registers a data product (<c>POST /registration/products</c>); the answer is the registration with its record.</summary>
    public async Task<JsonObject> RegisterProductAsync(Uri authority, string authorityDid, JsonObject product, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, authority, "/registration/products", authorityDid, product, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>The DCP <c>CredentialStatus</c> of a request (<c>GET /issuance/requests/{issuerPid}</c>).</summary>
    public async Task<JsonObject> GetRequestStatusAsync(Uri authority, string authorityDid, string issuerPid, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, authority, "/issuance/requests/" + Uri.EscapeDataString(issuerPid), authorityDid, null, cancellationToken).ConfigureAwait(false)).Body;

    private async Task<(JsonObject Body, Uri? Location)> SendAsync(HttpMethod method, Uri authority, string path, string? audience, JsonObject? body, CancellationToken cancellationToken)
    {
        var url = new Uri(authority.AbsoluteUri.TrimEnd('/') + path);
        using var request = new HttpRequestMessage(method, url);
        if (audience is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sts.CreateIdToken(audience));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var client = _http.CreateClient(ConnectorIdentityServiceCollectionExtensions.HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AuthorityException($"the authority at {authority} could not be reached ({method} {path}): {e.Message}", e);
        }

        using (response)
        {
            if (response.Content.Headers.ContentLength > MaxAnswer)
            {
                throw new AuthorityException($"{method} {url} answered {response.Content.Headers.ContentLength} bytes; at most {MaxAnswer} are read");
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? json = null;
            try
            {
                json = text.Length is > 0 and <= MaxAnswer ? JsonNode.Parse(text) as JsonObject : null;
            }
            catch (JsonException)
            {
                // Reported below with the status.
            }

            if (!response.IsSuccessStatusCode)
            {
                var code = json?["error"]?.GetValue<string>() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var reason = json?["reason"]?.GetValue<string>() ?? (text.Length > 300 ? text[..300] : text);
                throw new AuthorityException($"the authority refused {method} {path} ({(int)response.StatusCode} {code}): {reason}") { Code = code, Status = (int)response.StatusCode };
            }

            var location = response.Headers.Location;
            return (json ?? (text.Length == 0 ? [] : throw new AuthorityException($"{method} {url} answered {(int)response.StatusCode} with a body that is not a JSON object")), location);
        }
    }
}
