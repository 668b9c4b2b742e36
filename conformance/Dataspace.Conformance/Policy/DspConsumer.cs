using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Conformance.Identity;

namespace Dataspace.Conformance.Policy;

/// <summary>
/// The suite as a DSP consumer with DCP tokens: catalog requests, a negotiation driven to its end and a pull transfer,
/// each as one of the suite's personas, against the target's DSP endpoint.
/// </summary>
internal sealed class DspConsumer
{
    /// <summary>The target's DSP base URL (the TCK's key).</summary>
    public const string DspUrlKey = "dataspacetck.dsp.connector.http.url";

    /// <summary>The target's DID: the audience of the suite's tokens.</summary>
    public const string TargetDidKey = "conformance.target.did";

    /// <summary>How long to wait for a message from the target, in seconds (default 20).</summary>
    public const string WaitKey = "conformance.wait.seconds";

    public const string DspContext = "https://w3id.org/dspace/2025/1/context.jsonld";
    public const string PullFormat = "HttpData-PULL";

    private readonly CheckContext _context;

    private DspConsumer(CheckContext context, SuiteParticipantServer server, Uri dsp, string targetDid, TimeSpan wait)
    {
        _context = context;
        Server = server;
        Dsp = dsp;
        TargetDid = targetDid;
        Wait = wait;
    }

    public SuiteParticipantServer Server { get; }

    public Uri Dsp { get; }

    public string TargetDid { get; }

    public TimeSpan Wait { get; }

    public SuiteIdentity Identity => Server.Identity;

    /// <summary>The credential types the suite's tokens let the target read.</summary>
    public static IReadOnlyList<string> CredentialTypes { get; } = [SuiteIdentity.MembershipCredential, SuiteIdentity.IndustryCredential];

    public static async Task<DspConsumer> ForCheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dsp = context.Configuration.GetUrl(DspUrlKey);
        var targetDid = context.Configuration.Get(TargetDidKey);
        var wait = TimeSpan.FromSeconds(context.Configuration.GetInt(WaitKey, 20));
        var server = await SuiteParticipantServer.ForCheckAsync(context, cancellationToken).ConfigureAwait(false);
        return new DspConsumer(context, server, new Uri(dsp.AbsoluteUri.TrimEnd('/') + "/"), targetDid, wait);
    }

    public SuitePersona Persona(string name) => Identity.Persona(name);

    /// <summary>A valid token of the persona for the target.</summary>
    public string TokenFor(SuitePersona persona) => persona.CreateToken(TargetDid, _context.TimeProvider.GetUtcNow(), CredentialTypes);

    public Task<DspAnswer> PostAsync(string path, JsonObject body, string? token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(Dsp, path.TrimStart('/')), body.ToJsonString(), token, cancellationToken);

    public Task<DspAnswer> GetAsync(string path, string? token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, new Uri(Dsp, path.TrimStart('/')), null, token, cancellationToken);

    public async Task<DspAnswer> SendAsync(HttpMethod method, Uri url, string? body, string? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization : "Bearer " + authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await Server.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ConformanceException($"{method} {url} failed: {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? parsed = null;
            try
            {
                parsed = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: the text is kept for the report.
            }

            return new DspAnswer((int)response.StatusCode, parsed, text);
        }
    }

    public Task<DspAnswer> RequestCatalogAsync(string? token, CancellationToken cancellationToken) =>
        PostAsync("catalog/request", new JsonObject { ["@context"] = new JsonArray(DspContext), ["@type"] = "CatalogRequestMessage", ["filter"] = new JsonArray() }, token, cancellationToken);

    public Task<DspAnswer> RequestCatalogAsync(SuitePersona persona, CancellationToken cancellationToken) => RequestCatalogAsync(TokenFor(persona), cancellationToken);

    /// <summary>The dataset with the id in a catalog, or null.</summary>
    public static JsonObject? FindDataset(JsonNode? catalog, string datasetId) =>
        Many(catalog?["dataset"]).OfType<JsonObject>().FirstOrDefault(d => d["@id"]?.GetValue<string>() == datasetId);

    /// <summary>Whether the persona sees the dataset: in its catalog and by <c>GET /catalog/datasets/:id</c>; the answers are returned for messages.</summary>
    public async Task<(bool InCatalog, bool ByGet, DspAnswer Catalog, DspAnswer Dataset)> VisibilityAsync(SuitePersona persona, string datasetId, CancellationToken cancellationToken)
    {
        var catalog = await RequestCatalogAsync(persona, cancellationToken).ConfigureAwait(false);
        var dataset = await GetAsync("catalog/datasets/" + Uri.EscapeDataString(datasetId), TokenFor(persona), cancellationToken).ConfigureAwait(false);
        return (catalog.IsSuccess && FindDataset(catalog.Body, datasetId) is not null, dataset.IsSuccess && dataset.Body?["@id"]?.GetValue<string>() == datasetId, catalog, dataset);
    }

    /// <summary>The first offer of a dataset as the persona's catalog shows it; a violation when the persona cannot see it.</summary>
    public async Task<JsonObject> FindOfferAsync(SuitePersona persona, string datasetId, string key, CancellationToken cancellationToken)
    {
        var catalog = await RequestCatalogAsync(persona, cancellationToken).ConfigureAwait(false);
        if (!catalog.IsSuccess)
        {
            throw new ConformanceException($"the catalog request of the {persona.Name} persona was refused ({catalog.Describe()}); the target must trust the suite's authority {Identity.AuthorityDid}");
        }

        var dataset = FindDataset(catalog.Body, datasetId)
                      ?? throw new ConformanceException($"dataset '{datasetId}' ({key}) is not in the catalog the {persona.Name} persona gets; configure the target as the suite's documentation says");
        return Many(dataset["hasPolicy"]).OfType<JsonObject>().FirstOrDefault()?.DeepClone() as JsonObject
               ?? throw new ConformanceException($"dataset '{datasetId}' ({key}) has no offer (hasPolicy) in the catalog");
    }

    /// <summary>Requests the offer as the persona and drives the negotiation until the target ends it or the wait runs out.</summary>
    public async Task<NegotiationOutcome> NegotiateAsync(SuitePersona persona, string datasetId, JsonObject offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(offer);
        var consumerPid = "urn:uuid:" + Guid.NewGuid();
        var requested = (JsonObject)offer.DeepClone();
        requested["target"] = datasetId;
        var request = new JsonObject
        {
            ["@context"] = new JsonArray(DspContext),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = consumerPid,
            ["offer"] = requested,
            ["callbackAddress"] = persona.DspCallback.AbsoluteUri,
        };
        var answer = await PostAsync("negotiations/request", request, TokenFor(persona), cancellationToken).ConfigureAwait(false);
        if (answer.Status is >= 400 and < 500)
        {
            return new NegotiationOutcome(NegotiationOutcome.Refused, null, $"the contract request was refused: {answer.Describe()}", null);
        }

        if (!answer.IsSuccess || answer.Body?["providerPid"]?.GetValue<string>() is not { Length: > 0 } providerPid)
        {
            throw new ConformanceException($"the contract request was answered {answer.Describe()}; expected 201 with a ContractNegotiation naming its providerPid");
        }

        var handled = new HashSet<SuiteCallback>(ReferenceEqualityComparer.Instance);
        SuiteCallback? agreement = null;
        string? agreementId = null;
        var prefix = $"/negotiations/{consumerPid}/";
        var deadline = _context.TimeProvider.GetUtcNow() + Wait;
        while (_context.TimeProvider.GetUtcNow() < deadline)
        {
            var next = await Server.WaitForAsync(c => c.Persona == persona.Name && !handled.Contains(c) && c.Path.StartsWith(prefix, StringComparison.Ordinal), deadline - _context.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                break;
            }

            handled.Add(next);
            var action = next.Path[prefix.Length..];
            switch (action)
            {
                case "termination":
                    return new NegotiationOutcome(NegotiationOutcome.Terminated, agreementId, $"the target terminated the negotiation: {next.Body.ToJsonString()}", agreement);
                case "agreement":
                    agreement = next;
                    agreementId = next.Body["agreement"]?["@id"]?.GetValue<string>();
                    await ExpectAcceptedAsync(await PostAsync($"negotiations/{Uri.EscapeDataString(providerPid)}/agreement/verification", Message("ContractAgreementVerificationMessage", providerPid, consumerPid), TokenFor(persona), cancellationToken).ConfigureAwait(false), "agreement verification").ConfigureAwait(false);
                    break;
                case "offers":
                    var accepted = Message("ContractNegotiationEventMessage", providerPid, consumerPid);
                    accepted["eventType"] = "ACCEPTED";
                    await ExpectAcceptedAsync(await PostAsync($"negotiations/{Uri.EscapeDataString(providerPid)}/events", accepted, TokenFor(persona), cancellationToken).ConfigureAwait(false), "acceptance of the target's offer").ConfigureAwait(false);
                    break;
                case "events" when next.Body["eventType"]?.GetValue<string>() is { } type && type.EndsWith("FINALIZED", StringComparison.Ordinal):
                    return agreementId is null
                        ? throw new ConformanceException("the target finalized the negotiation without sending a ContractAgreementMessage with an agreement @id first")
                        : new NegotiationOutcome(NegotiationOutcome.Finalized, agreementId, "finalized", agreement);
                default:
                    break;
            }
        }

        var state = await GetAsync($"negotiations/{Uri.EscapeDataString(providerPid)}", TokenFor(persona), cancellationToken).ConfigureAwait(false);
        return new NegotiationOutcome(NegotiationOutcome.Unfinished, agreementId, $"the negotiation did not end within {Wait.TotalSeconds:0} s; the target reports {state.Describe()}", agreement);
    }

    /// <summary>Requests an HttpData-PULL transfer under the agreement and waits for the target's start message.</summary>
    public async Task<PullAccess> StartPullAsync(SuitePersona persona, string agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persona);
        var consumerPid = "urn:uuid:" + Guid.NewGuid();
        var request = new JsonObject
        {
            ["@context"] = new JsonArray(DspContext),
            ["@type"] = "TransferRequestMessage",
            ["consumerPid"] = consumerPid,
            ["agreementId"] = agreementId,
            ["format"] = PullFormat,
            ["callbackAddress"] = persona.DspCallback.AbsoluteUri,
        };
        var answer = await PostAsync("transfers/request", request, TokenFor(persona), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new ConformanceException($"the transfer request under agreement '{agreementId}' was answered {answer.Describe()}; expected 201");
        }

        var prefix = $"/transfers/{consumerPid}/";
        var message = await Server.WaitForAsync(c => c.Persona == persona.Name && c.Path.StartsWith(prefix, StringComparison.Ordinal), Wait, cancellationToken).ConfigureAwait(false)
                      ?? throw new ConformanceException($"the target sent no TransferStartMessage within {Wait.TotalSeconds:0} s for the {PullFormat} transfer under agreement '{agreementId}'");
        if (!message.Path.EndsWith("/start", StringComparison.Ordinal))
        {
            throw new ConformanceException($"the target answered the transfer request with {message.Path[prefix.Length..]} instead of starting it: {message.Body.ToJsonString()}");
        }

        var address = message.Body["dataAddress"] as JsonObject
                      ?? throw new ConformanceException($"the TransferStartMessage of a {PullFormat} transfer has no dataAddress: {message.Body.ToJsonString()}");
        if (!Uri.TryCreate(address["endpoint"]?.GetValue<string>(), UriKind.Absolute, out var endpoint))
        {
            throw new ConformanceException($"the dataAddress has no absolute 'endpoint': {address.ToJsonString()}");
        }

        var properties = Many(address["endpointProperties"]).OfType<JsonObject>()
            .ToDictionary(p => p["name"]?.GetValue<string>() ?? "", p => p["value"]?.GetValue<string>(), StringComparer.Ordinal);
        var token = properties.GetValueOrDefault("authorization");
        var authType = properties.GetValueOrDefault("authType");
        return new PullAccess(endpoint, token is null ? null : string.Equals(authType, "bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer " + token : token);
    }

    /// <summary>One GET of the pulled data.</summary>
    public async Task<DspAnswer> FetchAsync(PullAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        using var request = new HttpRequestMessage(HttpMethod.Get, access.Endpoint);
        if (access.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", access.Authorization);
        }

        using var response = await Server.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new DspAnswer((int)response.StatusCode, null, response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    internal static IEnumerable<JsonNode?> Many(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array,
        _ => [node],
    };

    private static JsonObject Message(string type, string providerPid, string consumerPid) => new()
    {
        ["@context"] = new JsonArray(DspContext),
        ["@type"] = type,
        ["providerPid"] = providerPid,
        ["consumerPid"] = consumerPid,
    };

    private static Task ExpectAcceptedAsync(DspAnswer answer, string what) =>
        answer.IsSuccess ? Task.CompletedTask : throw new ConformanceException($"the target answered the suite's {what} with {answer.Describe()}");
}
