using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity;

/// <summary>Maps the identity endpoints: DID document, DCP Credential Service, dspace-trust, and an authority's status lists.</summary>
public static class IdentityEndpointRouteBuilderExtensions
{
    private const string DidJson = "application/did+json";

    /// <summary>Serves this connector's DID document at <paramref name="pattern"/> (did:web: <c>/.well-known/did.json</c> or <c>/path/did.json</c>).</summary>
    public static IEndpointConventionBuilder MapDidDocument(this IEndpointRouteBuilder endpoints, string pattern = "/.well-known/did.json") =>
        endpoints.MapGet(pattern, (ILocalIdentityProvider identity) => Results.Text(identity.Current.Document.ToJson().ToJsonString(), DidJson))
            .WithName("DidDocument");

    /// <summary>Maps the DCP Credential Service: <c>POST {prefix}/presentations/query</c>.</summary>
    public static IEndpointConventionBuilder MapCredentialService(this IEndpointRouteBuilder endpoints, string prefix = "/api/identity") =>
        endpoints.MapPost(prefix.TrimEnd('/') + "/presentations/query", async (HttpRequest request, CredentialServiceHandler handler, CancellationToken cancellationToken) =>
        {
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.Text(new JsonObject { ["type"] = "Error", ["code"] = "InvalidRequest", ["reason"] = $"the body is not JSON: {e.Message}" }.ToJsonString(), "application/json", statusCode: 400);
            }

            using (body)
            {
                var response = await handler.HandleQueryAsync(request.Headers.Authorization.ToString(), body.RootElement, cancellationToken).ConfigureAwait(false);
                return Results.Text(response.Body.ToJsonString(), "application/json", statusCode: response.StatusCode);
            }
        }).WithName("CredentialServiceQuery");

    /// <summary>Serves <c>GET /.well-known/dspace-trust</c>: our DID, the profiles we speak, and the authorities and credential types we accept.</summary>
    public static IEndpointConventionBuilder MapDspaceTrust(this IEndpointRouteBuilder endpoints, string pattern = "/.well-known/dspace-trust") =>
        endpoints.MapGet(pattern, (ILocalIdentityProvider identity, ITrustAnchorProvider trust) =>
        {
            var anchors = trust.Current;
            var body = new JsonObject
            {
                ["did"] = identity.Current.Did,
                ["profiles"] = new JsonArray(CredentialProfiles.Vc20Bssl, CredentialProfiles.Vc11Sl2021),
                ["acceptedCredentialTypes"] = new JsonArray([.. anchors.AcceptedTypes.Select(t => (JsonNode?)JsonValue.Create(t))]),
                ["trustAnchors"] = anchors.ToJson()["anchors"]!.DeepClone(),
            };
            return Results.Text(body.ToJsonString(), "application/json");
        }).WithName("DspaceTrust");

    /// <summary>Serves an authority's status list credentials at <c>{prefix}/status/vc20</c> and <c>{prefix}/status/vc11</c>.</summary>
    public static IEndpointConventionBuilder MapStatusLists(this IEndpointRouteBuilder endpoints, string prefix = "") =>
        endpoints.MapGet(prefix.TrimEnd('/') + "/status/{list}", async (string list, CredentialAuthority authority, CancellationToken cancellationToken) =>
        {
            CredentialProfile? profile = list switch
            {
                "vc20" => CredentialProfile.Vc20BitstringStatusList,
                "vc11" => CredentialProfile.Vc11StatusList2021,
                _ => null,
            };
            return profile is null
                ? Results.NotFound()
                : Results.Text(await authority.GetStatusListCredentialAsync(profile.Value, cancellationToken).ConfigureAwait(false), "application/vc+jwt");
        }).WithName("StatusList");

    /// <summary>Requires DCP authentication on DSP endpoints; refusals answer as DSP says for the kind, and the reason goes to the log.</summary>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="kind">The DSP protocol of the endpoints.</param>
    /// <param name="credentialTypes">The credential types to request; null: <c>Connector:Identity:RequiredCredentialTypes</c>.</param>
    public static TBuilder RequireDcpAuthentication<TBuilder>(this TBuilder builder, DspEndpointKind kind, IReadOnlyCollection<string>? credentialTypes = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new DcpAuthenticationFilter(kind, credentialTypes));
}
