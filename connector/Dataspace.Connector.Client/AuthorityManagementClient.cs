using System.Net.Http.Json;
using System.Text.Json;

namespace Dataspace.Connector.Client;

/// <summary>
/// Typed client for a data-space authority's management API (<c>/api/management/v1</c> of <c>dataspace authority serve</c>,
/// header <c>X-Api-Key</c>): the operator's review of applications and revocation of members.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/>'s base address is the authority's root URL; the client does not dispose it. A refused call
/// throws <see cref="ManagementApiException"/> with the authority's <c>error</c> as title and <c>reason</c> as detail; an
/// unreachable authority throws <see cref="HttpRequestException"/>. Safe to use concurrently.
/// </remarks>
public sealed class AuthorityManagementClient
{
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _api;

    /// <summary>Creates a client for the authority at <paramref name="http"/>'s base address, authenticating with <paramref name="apiKey"/>.</summary>
    public AuthorityManagementClient(HttpClient http, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (http.BaseAddress is not { IsAbsoluteUri: true } root)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress: the authority's root URL, e.g. http://127.0.0.1:8190", nameof(http));
        }

        _http = http;
        _apiKey = apiKey.Trim();
        _api = new Uri(root.AbsoluteUri.TrimEnd('/') + "/" + ManagementClient.BasePath + "/");
    }

    /// <summary>One page of applications, oldest first; <paramref name="status"/> null for all.</summary>
    public Task<Page<AuthorityApplication>> ListApplicationsAsync(string? status = null, int offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        SendAsync<Page<AuthorityApplication>>(HttpMethod.Get, ManagementClient.Query("applications", ("status", status), ("offset", offset), ("limit", limit)), null, cancellationToken);

    /// <summary>One application by id.</summary>
    public Task<AuthorityApplication> GetApplicationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<AuthorityApplication>(HttpMethod.Get, "applications/" + ManagementClient.Escape(id), null, cancellationToken);

    /// <summary>Approves a pending application: the member may then request its credentials over DCP.</summary>
    public Task<AuthorityApplication> ApproveAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<AuthorityApplication>(HttpMethod.Post, "applications/" + ManagementClient.Escape(id) + "/approve", null, cancellationToken);

    /// <summary>Rejects a pending application with the reason the applicant is told.</summary>
    public Task<AuthorityApplication> RejectAsync(string id, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<AuthorityApplication>(HttpMethod.Post, "applications/" + ManagementClient.Escape(id) + "/reject", new { reason }, cancellationToken);

    /// <summary>Revokes every credential of the member and lists it as revoked in the registry.</summary>
    public Task<MemberRevocation> RevokeMemberAsync(string did, CancellationToken cancellationToken = default) =>
        SendAsync<MemberRevocation>(HttpMethod.Post, "members/" + ManagementClient.Escape(did) + "/revoke", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_api, path));
        request.Headers.TryAddWithoutValidation(ManagementClient.ApiKeyHeader, _apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ManagementClient.Json);
        }

        // Buffered by the client, so its MaxResponseContentBufferSize bounds what the authority can make us hold.
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, text, $"{method} /{path}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, ManagementClient.Json)
                ?? throw new ManagementApiException($"{method} /{path} answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected");
        }
        catch (JsonException e)
        {
            throw new ManagementApiException($"{method} /{path} answered with JSON that is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    // The authority answers {"error": code, "reason": why}; anything else (a proxy's page) is shown as it is.
    private static ManagementApiException Refused(HttpResponseMessage response, string text, string request)
    {
        string? error = null;
        string? reason = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                reason = document.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not the authority's error document.
        }

        reason ??= text.Length == 0 ? response.ReasonPhrase ?? "no explanation given" : text.Length > 500 ? text[..500] + "..." : text;
        return new ManagementApiException(response.StatusCode, error ?? response.ReasonPhrase, reason.Trim(), request);
    }
}
