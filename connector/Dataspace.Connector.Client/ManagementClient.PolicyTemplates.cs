using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <content>The policy template library and dry-run policy evaluation.</content>
public sealed partial class ManagementClient
{
    /// <summary>Every policy template of the connector's library.</summary>
    public Task<IReadOnlyList<PolicyTemplate>> ListPolicyTemplatesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PolicyTemplate>>(HttpMethod.Get, "policy-templates", null, cancellationToken);

    /// <summary>The ODRL policy made from a template and its parameters, validated by the connector; 400 names each bad parameter.</summary>
    public Task<JsonObject> InstantiatePolicyTemplateAsync(string templateId, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SendAsync<JsonObject>(HttpMethod.Post, $"policy-templates/{Escape(templateId)}/instantiate", new JsonObject { ["parameters"] = parameters.DeepClone() }, cancellationToken);
    }

    /// <summary>
    /// Evaluates an ODRL policy for a described request without side effects: the decision, its reason and the compliance
    /// report (the explanation tree); 400 says what is wrong with the policy or the request.
    /// </summary>
    public Task<JsonObject> EvaluatePolicyAsync(JsonNode policy, JsonNode request, JsonNode? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["policy"] = policy.DeepClone(), ["request"] = request.DeepClone() };
        if (state is not null)
        {
            body["state"] = state.DeepClone();
        }

        return SendAsync<JsonObject>(HttpMethod.Post, "policy-evaluations", body, cancellationToken);
    }
}
