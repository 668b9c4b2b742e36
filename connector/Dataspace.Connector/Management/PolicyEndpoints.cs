using Dataspace.Connector.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Management;

/// <summary>Management API: policy definitions.</summary>
internal static class PolicyEndpoints
{
    public static void MapPolicies(this RouteGroupBuilder api)
    {
        var policies = api.MapGroup("/policies").WithTags("Policies");
        policies.MapPost("/", async (PolicyInput input, IPolicyDefinitionStore store, PolicyService service, TimeProvider time, CancellationToken ct) =>
        {
            var id = input.Id ?? ManagementResults.NewId();
            if (!ManagementResults.ValidId(id))
            {
                return ManagementResults.BadRequest("'id' must be 1 to 256 characters without control characters, '/' or '\\'");
            }

            if (input.Policy is null)
            {
                return ManagementResults.BadRequest("'policy' (an ODRL policy in JSON-LD) is required");
            }

            var errors = await service.ValidateAsync(input.Policy, ct).ConfigureAwait(false);
            if (errors.Count > 0)
            {
                return ManagementResults.BadRequest($"the policy is invalid: {errors[0]}", errors.Select(e => new { path = e.Path, message = e.Message }));
            }

            var definition = new PolicyDefinition(id, input.Policy, time.GetUtcNow());
            return await store.CreateAsync(definition, ct).ConfigureAwait(false)
                ? Results.Created($"{ManagementEndpoints.BasePath}/policies/{Uri.EscapeDataString(id)}", ToDto(definition))
                : ManagementResults.Conflict($"a policy with id '{id}' exists already");
        }).WithName("createPolicy").WithSummary("Stores an ODRL policy after validating it (errors name the JSON path).");
        policies.MapGet("/", async (int? offset, int? limit, IPolicyDefinitionStore store, CancellationToken ct) =>
        {
            var page = await store.ListAsync(ManagementResults.Page(offset, limit), ct).ConfigureAwait(false);
            return Results.Ok(new PageDto<PolicyDto>([.. page.Items.Select(ToDto)], page.Total, page.Offset, page.Limit));
        }).WithName("listPolicies");
        policies.MapGet("/{id}", async (string id, IPolicyDefinitionStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct).ConfigureAwait(false) is { } p ? Results.Ok(ToDto(p)) : ManagementResults.NotFound($"no policy '{id}'"))
            .WithName("getPolicy");
        policies.MapDelete("/{id}", async (string id, IPolicyDefinitionStore store, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                return ManagementResults.NotFound($"no policy '{id}'");
            }

            return await store.DeleteAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : ManagementResults.Conflict($"policy '{id}' is used by an offer; delete the offer first");
        }).WithAuditedResource(async (id, services, ct) =>
            await services.GetRequiredService<IPolicyDefinitionStore>().GetAsync(id, ct).ConfigureAwait(false) is { } p ? ToDto(p) : null).WithName("deletePolicy");
    }

    private static PolicyDto ToDto(PolicyDefinition p) => new(p.Id, p.Policy, p.CreatedAt);
}
