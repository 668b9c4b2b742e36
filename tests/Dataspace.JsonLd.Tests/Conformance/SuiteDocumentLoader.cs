using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Loading;

namespace Dataspace.JsonLd.Tests.Conformance;

/// <summary>Serves the W3C suite's base URL from the local copy of the suite, and everything else from the embedded contexts.</summary>
internal sealed class SuiteDocumentLoader(string suiteFolder) : IJsonLdDocumentLoader
{
    public const string BaseUrl = "https://w3c.github.io/json-ld-api/tests/";

    private readonly ConcurrentDictionary<string, JsonNode> _cache = new(StringComparer.Ordinal);

    public Task<RemoteDocument> LoadDocumentAsync(Uri url, CancellationToken cancellationToken)
    {
        var text = url.OriginalString;
        if (!text.StartsWith(BaseUrl, StringComparison.Ordinal))
        {
            return JsonLdDocumentLoader.Default.LoadDocumentAsync(url, cancellationToken);
        }

        var relative = text[BaseUrl.Length..];
        var hash = relative.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            relative = relative[..hash];
        }

        var path = Path.Combine(suiteFolder, relative);
        if (!File.Exists(path))
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"{url} does not exist in the local suite ({path}).");
        }

        var node = _cache.GetOrAdd(path, p => JsonNode.Parse(File.ReadAllText(p)) ?? new JsonObject());
        return Task.FromResult(new RemoteDocument(url, node));
    }

    public JsonNode Load(string relativePath) => _cache.GetOrAdd(Path.Combine(suiteFolder, relativePath), p => JsonNode.Parse(File.ReadAllText(p)) ?? new JsonObject());
}
