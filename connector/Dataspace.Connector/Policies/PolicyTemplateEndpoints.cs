using System.Text.Json.Nodes;
using Dataspace.Policies;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Policies;

/// <summary>Management API for the policy template library and dry-run policy evaluation (plain JSON).</summary>
public static class PolicyTemplateEndpoints
{
    private static readonly PolicyEngine DefaultEngine = new();
    private static readonly PolicyDocumentReader DefaultReader = new();

    /// <summary>
    /// Maps <c>/policy-templates</c> (list, get, instantiate) and <c>/policy-evaluations</c> (dry run) on the management group.
    /// Uses the <see cref="PolicyEngine"/>, <see cref="PolicyDocumentReader"/> and <see cref="PolicyTemplateLibrary"/> registered
    /// (<c>AddPolicyEngine</c>), or defaults when none is.
    /// </summary>
    public static RouteGroupBuilder MapPolicyTemplateEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/policy-templates", ListTemplates)
            .WithName("listPolicyTemplates").WithTags("Policies")
            .WithSummary("Every policy template with its titles and descriptions (English, Chinese), parameter schema and example.");

        group.MapGet("/policy-templates/{id}", GetTemplate)
            .WithName("getPolicyTemplate").WithTags("Policies")
            .WithSummary("One policy template by id.");

        group.MapPost("/policy-templates/{id}/instantiate", InstantiateAsync)
            .WithName("instantiatePolicyTemplate").WithTags("Policies")
            .WithSummary("The ODRL policy (JSON-LD) made from a template and parameters, validated by the policy engine.");

        group.MapPost("/policy-evaluations", EvaluateAsync)
            .WithName("evaluatePolicy").WithTags("Policies")
            .WithSummary("Evaluates a policy for a request without side effects: decision, reason and compliance report.");

        return group;
    }

    private static JsonArray ListTemplates([FromServices] PolicyTemplateLibrary? library) =>
        [.. (library ?? PolicyTemplateLibrary.BuiltIn).Templates.Select(Describe)];

    private static Results<Ok<JsonObject>, ProblemHttpResult> GetTemplate(string id, [FromServices] PolicyTemplateLibrary? library) =>
        (library ?? PolicyTemplateLibrary.BuiltIn).Find(id) is { } template
            ? TypedResults.Ok(Describe(template))
            : NotFound(id, library ?? PolicyTemplateLibrary.BuiltIn);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> InstantiateAsync(
        string id, JsonObject? body, [FromServices] PolicyTemplateLibrary? library, [FromServices] PolicyEngine? engine,
        [FromServices] PolicyDocumentReader? reader, CancellationToken cancellationToken)
    {
        if ((library ?? PolicyTemplateLibrary.BuiltIn).Find(id) is not { } template)
        {
            return NotFound(id, library ?? PolicyTemplateLibrary.BuiltIn);
        }

        if (body?["parameters"] is not null and not JsonObject)
        {
            return Invalid("'parameters' must be an object of parameter names to values.");
        }

        var parameters = (body?["parameters"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        try
        {
            var policy = template.Instantiate(parameters);
            (engine ?? DefaultEngine).Compile(await (reader ?? DefaultReader).ReadAsync(policy, cancellationToken).ConfigureAwait(false));
            return TypedResults.Ok(policy);
        }
        catch (TemplateParameterException e)
        {
            return Invalid(string.Join("; ", e.Errors));
        }
        catch (PolicyValidationException e)
        {
            return Invalid(string.Join("; ", e.Errors));
        }
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> EvaluateAsync(
        JsonObject body, [FromServices] PolicyEngine? engine, [FromServices] PolicyDocumentReader? reader, [FromServices] TimeProvider? time,
        CancellationToken cancellationToken)
    {
        if (body["policy"] is not { } policyDocument || body["request"] is not { } requestDocument)
        {
            return Invalid("the body needs 'policy' (ODRL JSON-LD) and 'request' (scope, party, action, target, ...); 'state' is optional.");
        }

        try
        {
            var policy = await (reader ?? DefaultReader).ReadAsync(policyDocument.DeepClone(), cancellationToken).ConfigureAwait(false);
            var compiled = (engine ?? DefaultEngine).Compile(policy);
            var request = PolicyJson.ReadRequest(requestDocument, body["state"], (time ?? TimeProvider.System).GetUtcNow());
            return TypedResults.Ok(PolicyJson.ToNode(compiled.Evaluate(request)));
        }
        catch (PolicyValidationException e)
        {
            return Invalid("invalid policy: " + string.Join("; ", e.Errors));
        }
        catch (InvalidDataException e)
        {
            return Invalid("invalid request: " + e.Message);
        }
    }

    private static JsonObject Describe(PolicyTemplate template) => new()
    {
        ["id"] = template.Id,
        ["title"] = new JsonObject { ["en"] = template.Title, ["zh"] = template.TitleZh },
        ["description"] = new JsonObject { ["en"] = template.Description, ["zh"] = template.DescriptionZh },
        ["parameters"] = template.ParametersSchema,
        ["example"] = template.Example,
    };

    private static ProblemHttpResult NotFound(string id, PolicyTemplateLibrary library) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
            detail: $"no policy template '{id}'; known: {string.Join(", ", library.Templates.Select(t => t.Id))}");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);
}
