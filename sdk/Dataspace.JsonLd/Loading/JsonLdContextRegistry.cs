using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.JsonLd.Internal;

namespace Dataspace.JsonLd.Loading;

/// <summary>Contexts served from memory by URL: the embedded dataspace contexts, plus those a subspace plugin adds.</summary>
/// <remarks>Thread-safe. Documents are parsed once and shared; callers must not mutate them.</remarks>
public sealed class JsonLdContextRegistry
{
    /// <summary>The DSP 2025-1 context.</summary>
    public const string Dsp2025 = "https://w3id.org/dspace/2025/1/context.jsonld";

    /// <summary>The ODRL profile imported by the DSP 2025-1 context.</summary>
    public const string Dsp2025OdrlProfile = "https://w3id.org/dspace/2025/1/odrl-profile.jsonld";

    /// <summary>The ODRL 2.2 context.</summary>
    public const string Odrl = "http://www.w3.org/ns/odrl.jsonld";

    /// <summary>The W3C Verifiable Credentials 1.1 context.</summary>
    public const string CredentialsV1 = "https://www.w3.org/2018/credentials/v1";

    /// <summary>The W3C Verifiable Credentials 2.0 context.</summary>
    public const string CredentialsV2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The W3C DID v1 context.</summary>
    public const string DidV1 = "https://www.w3.org/ns/did/v1";

    /// <summary>The context Eclipse EDC compacts every DSP message with, beside the DSP one (QuerySpec, Criterion and a few DCAT terms).</summary>
    public const string EdcDspace = "https://w3id.org/edc/dspace/v0.0.1";

    /// <summary>The Tractus-X token refresh context (refreshToken, refreshEndpoint, ...).</summary>
    public const string TractusXAuth = "https://w3id.org/tractusx/auth/v1.0.0";

    /// <summary>The Catena-X policy context of September 2025 (left operands such as BusinessPartnerNumber, FrameworkAgreement).</summary>
    public const string CatenaXPolicy2025 = "https://w3id.org/catenax/2025/9/policy/context.jsonld";

    // The EDC and Tractus-X documents are the ones those projects ship for offline use (see Contexts/NOTICE.md).
    private static readonly (string Url, string Resource)[] Embedded =
    [
        (Dsp2025, "dspace-2025-1.jsonld"),
        (Dsp2025OdrlProfile, "dspace-2025-1-odrl-profile.jsonld"),
        (Odrl, "odrl-2.2.jsonld"),
        ("https://www.w3.org/ns/odrl.jsonld", "odrl-2.2.jsonld"),
        (CredentialsV1, "credentials-v1.jsonld"),
        (CredentialsV2, "credentials-v2.jsonld"),
        (DidV1, "did-v1.jsonld"),
        (EdcDspace, "edc-dspace-v0.0.1.jsonld"),
        (TractusXAuth, "tractusx-auth-v1.0.0.jsonld"),
        (CatenaXPolicy2025, "catenax-policy-2025-9.jsonld"),
    ];

    private readonly ConcurrentDictionary<string, Lazy<JsonNode>> _documents = new(StringComparer.Ordinal);

    /// <summary>Creates an empty registry.</summary>
    public JsonLdContextRegistry()
    {
    }

    /// <summary>Creates a registry holding the embedded contexts (DSP 2025-1 and its ODRL profile, ODRL 2.2, VC v1 and v2, DID v1, EDC's DSP context, Tractus-X auth and Catena-X policy).</summary>
    public static JsonLdContextRegistry CreateDefault()
    {
        var registry = new JsonLdContextRegistry();
        var assembly = typeof(JsonLdContextRegistry).Assembly;
        foreach (var (url, resource) in Embedded)
        {
            registry._documents[url] = new Lazy<JsonNode>(() =>
            {
                using var stream = assembly.GetManifestResourceStream("Dataspace.JsonLd.Contexts." + resource)
                    ?? throw new InvalidOperationException($"Embedded context {resource} is missing from the assembly.");
                return Materializer.Materialize(JsonNode.Parse(stream) ?? throw new InvalidOperationException($"Embedded context {resource} is empty."));
            });
        }

        return registry;
    }

    /// <summary>The URLs served by this registry.</summary>
    public IEnumerable<string> Urls => _documents.Keys;

    /// <summary>Adds (or replaces) the context document served at <paramref name="url"/>; the JSON must be a map with an @context entry.</summary>
    public void Add(Uri url, string json)
    {
        ArgumentNullException.ThrowIfNull(url);
        JsonNode document;
        try
        {
            document = JsonNode.Parse(json) ?? throw new JsonLdException(JsonLdErrorCode.InvalidRemoteContext, $"The context for {url} is null.");
        }
        catch (JsonException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.InvalidRemoteContext, $"The context for {url} is not valid JSON: {ex.Message}", ex);
        }

        if (document is not JsonObject o || !o.ContainsKey("@context"))
        {
            throw new JsonLdException(JsonLdErrorCode.InvalidRemoteContext, $"The context for {url} must be a JSON object with an @context entry.");
        }

        _documents[url.OriginalString] = new Lazy<JsonNode>(Materializer.Materialize(document));
    }

    /// <summary>Finds the document registered at <paramref name="url"/>.</summary>
    public bool TryGet(Uri url, out JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_documents.TryGetValue(url.OriginalString, out var lazy))
        {
            document = lazy.Value;
            return true;
        }

        document = null!;
        return false;
    }
}
