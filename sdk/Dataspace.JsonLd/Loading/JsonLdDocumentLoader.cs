using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Internal;

namespace Dataspace.JsonLd.Loading;

/// <summary>Serves contexts from a <see cref="JsonLdContextRegistry"/>, and from the network only for URLs on an allow-list.</summary>
/// <remarks>Thread-safe. Fetched contexts are cached for <see cref="RemoteContextOptions.CacheDuration"/>.</remarks>
public sealed class JsonLdDocumentLoader : IJsonLdDocumentLoader
{
    private readonly JsonLdContextRegistry _registry;
    private readonly RemoteContextOptions _remote;
    private readonly HttpClient? _http;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, RemoteDocument Document)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a loader over a registry; remote loading needs <paramref name="remote"/> with an allow-list and an <paramref name="httpClient"/>.</summary>
    public JsonLdDocumentLoader(JsonLdContextRegistry registry, RemoteContextOptions? remote = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _remote = remote ?? new RemoteContextOptions();
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A loader serving the embedded contexts only, with no network access.</summary>
    public static JsonLdDocumentLoader Default { get; } = new(JsonLdContextRegistry.CreateDefault());

    /// <inheritdoc/>
    public async Task<RemoteDocument> LoadDocumentAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_registry.TryGet(url, out var embedded))
        {
            return new RemoteDocument(url, embedded);
        }

        var key = url.OriginalString;
        if (!IsAllowed(key) || _http is null)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed,
                $"{key} is not a known context and remote loading is not allowed for it (add it to the context registry, or allow its URL prefix).");
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.Expires > now)
        {
            return hit.Document;
        }

        var document = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
        _cache[key] = (now + _remote.CacheDuration, document);
        return document;
    }

    private bool IsAllowed(string url)
    {
        foreach (var prefix in _remote.AllowedUrlPrefixes)
        {
            if (url.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<RemoteDocument> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_remote.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
            using var response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} answered HTTP {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > _remote.MaxBytes)
            {
                throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} is larger than the limit of {_remote.MaxBytes} bytes.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _remote.MaxBytes)
                {
                    throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} is larger than the limit of {_remote.MaxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            var node = JsonNode.Parse(buffer.ToArray())
                ?? throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} returned JSON null.");
            return new RemoteDocument(response.RequestMessage?.RequestUri ?? url, Materializer.Materialize(node));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} did not answer within {_remote.Timeout.TotalSeconds} seconds.");
        }
        catch (HttpRequestException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} could not be fetched: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"{url} is not valid JSON: {ex.Message}", ex);
        }
    }
}
