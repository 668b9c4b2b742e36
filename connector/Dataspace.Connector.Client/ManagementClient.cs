using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataspace.Connector.Client;

/// <summary>
/// Typed client for a connector's management API (<c>/api/management/v1</c>, plain JSON, header <c>X-Api-Key</c>).
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/>'s <see cref="HttpClient.BaseAddress"/> is the connector's root URL (e.g.
/// <c>http://127.0.0.1:8181</c>); the client does not dispose it. A refused call throws <see cref="ManagementApiException"/>;
/// an unreachable connector throws <see cref="HttpRequestException"/>. Safe to use concurrently.
/// </remarks>
public sealed partial class ManagementClient
{
    /// <summary>The header carrying the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The path of version 1 of the management API below the connector's root URL.</summary>
    public const string BasePath = "api/management/v1";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(200);
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _api;

    /// <summary>Creates a client for the connector at <paramref name="http"/>'s base address, authenticating with <paramref name="apiKey"/>.</summary>
    public ManagementClient(HttpClient http, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (http.BaseAddress is not { IsAbsoluteUri: true } root)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress: the connector's root URL, e.g. http://127.0.0.1:8181", nameof(http));
        }

        _http = http;
        _apiKey = apiKey.Trim();
        var text = root.AbsoluteUri.TrimEnd('/');
        _api = new Uri(text.EndsWith("/" + BasePath, StringComparison.Ordinal) ? text + "/" : text + "/" + BasePath + "/");
    }

    /// <summary>The management API's base URL this client calls.</summary>
    public Uri ApiAddress => _api;

    /// <summary>Who the connector is, its version and endpoints.</summary>
    public Task<ConnectorInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ConnectorInfo>(HttpMethod.Get, "info", null, cancellationToken);

    /// <summary>Every plugin the connector found, loaded or refused.</summary>
    public Task<IReadOnlyList<PluginInfo>> ListPluginsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PluginInfo>>(HttpMethod.Get, "plugins", null, cancellationToken);

    /// <summary>One plugin by id.</summary>
    public Task<PluginInfo> GetPluginAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<PluginInfo>(HttpMethod.Get, "plugins/" + Escape(id), null, cancellationToken);

    internal static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }

    internal static string Query(string path, params (string Name, object? Value)[] parameters)
    {
        var pairs = parameters.Where(p => p.Value is not null)
            .Select(p => p.Name + "=" + Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!))
            .ToList();
        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, method, path, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new ManagementApiException($"{method} /{path} answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected");
        }
        catch (JsonException e)
        {
            throw new ManagementApiException($"{method} /{path} answered with JSON that is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, method, path, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(_api, path));
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? title = null;
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                title = document.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                detail = document.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page, say): the text itself is the best explanation.
        }

        detail ??= text.Length == 0 ? response.ReasonPhrase ?? "no explanation given" : text.Length > 500 ? text[..500] + "..." : text;
        throw new ManagementApiException(response.StatusCode, title ?? response.ReasonPhrase, detail.Trim(), $"{method} /{path}");
    }

    private static async Task<T> PollAsync<T>(Func<CancellationToken, Task<T>> get, Func<T, bool> done, TimeSpan? pollInterval, CancellationToken cancellationToken)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), interval, "the poll interval must be above zero");
        }

        while (true)
        {
            var value = await get(cancellationToken).ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
