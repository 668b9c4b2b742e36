using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Fault: the connector sends DSP messages with a prefixed <c>@type</c> (<c>dspace:ContractAgreementMessage</c>) and a
/// <c>dspace</c> prefix added to the context: the same IRIs once expanded, but not the compact form DSP 2025-1 requires.
/// </summary>
internal sealed class PrefixedType : DelegatingHandler
{
    private const string Namespace = "https://w3id.org/dspace/2025/1/";

    /// <summary>Rewrites the messages the connector sends to its peers (callbacks) and its answers.</summary>
    public static void Inject(IServiceCollection services)
    {
        services.AddHttpClient("dsp").AddHttpMessageHandler(() => new PrefixedType());
        DspResponseFault.PrefixedTypeInAnswers(services);
    }

    /// <summary>The message with its top-level <c>@type</c> prefixed, or null when it is not a JSON-LD object with a plain type.</summary>
    public static string? Rewrite(string json)
    {
        JsonNode? node;
        try
        {
            node = json.Length == 0 ? null : JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is not JsonObject message || message["@type"] is not JsonValue type || !type.TryGetValue<string>(out var name) || name.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        message["@type"] = "dspace:" + name;
        if (message["@context"] is not JsonArray context)
        {
            context = new JsonArray();
            if (message["@context"] is { } single)
            {
                context.Add(single.DeepClone());
            }

            message["@context"] = context;
        }

        context.Add(new JsonObject { ["dspace"] = Namespace });
        return message.ToJsonString();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null && await request.Content.ReadAsStringAsync(cancellationToken) is var body && Rewrite(body) is { } rewritten)
        {
            request.Content = new StringContent(rewritten, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
