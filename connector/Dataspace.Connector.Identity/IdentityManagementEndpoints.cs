using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Wallet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity;

/// <summary>Management endpoints (plain JSON) for the wallet, keys and DID resolution, behind the host's management authentication.</summary>
public static class IdentityManagementEndpoints
{
    /// <summary>
    /// Maps <c>{prefix}/did</c>, <c>{prefix}/did/resolve/{did}</c>, <c>{prefix}/keys</c> and <c>{prefix}/credentials</c>; returns the group so
    /// the host adds its API-key filter and OpenAPI metadata.
    /// </summary>
    public static RouteGroupBuilder MapIdentityManagement(this IEndpointRouteBuilder endpoints, string prefix = "/api/management/v1/identity")
    {
        var group = endpoints.MapGroup(prefix).WithTags("Identity");
        group.MapGet("/did", (ILocalIdentityProvider identity) => Json(identity.Current.Document.ToJson()))
            .WithName("getIdentityDid").WithSummary("This connector's DID document.");
        group.MapGet("/did/resolve/{did}", async (string did, DidResolverRegistry resolver, CancellationToken ct) =>
        {
            var outcome = await resolver.ResolveAsync(did, ct).ConfigureAwait(false);
            if (outcome.Document is { } document)
            {
                return Json(document.ToJson());
            }

            var status = outcome.Error is "notFound" ? 404 : outcome.Error is "invalidDid" or "methodNotSupported" ? 400 : 502;
            return Error(status, outcome.Error ?? "internalError", outcome.Reason ?? "resolution failed");
        }).WithName("resolveDid").WithSummary("Resolves a DID (did:web, did:key or a plugin's method) to its DID document.");
        group.MapGet("/keys", async (KeyStore keys, CancellationToken ct) =>
            Json(new JsonArray([.. (await keys.ListAsync(ct).ConfigureAwait(false)).Select(k => (JsonNode?)KeyJson(k))])))
            .WithName("listKeys").WithSummary("The connector's signing keys (public parts), the active one and those retained after rotation.");
        group.MapPost("/keys", RotateAsync)
            .WithName("rotateKey").WithSummary("Creates a new active key ({\"algorithm\": \"ES256|EdDSA\", \"retainDays\": 365}); the old key stays in the DID document for retainDays.");
        group.MapGet("/credentials", async (CredentialWallet wallet, CancellationToken ct) =>
            Json(new JsonArray([.. (await wallet.ListAsync(ct).ConfigureAwait(false)).Select(e => (JsonNode?)CredentialJson(e.Credential, e.State, e.Reason, includeJwt: false))])))
            .WithName("listCredentials").WithSummary("The credentials in the connector's wallet with their state.");
        group.MapGet("/credentials/{id}", async (string id, CredentialWallet wallet, CancellationToken ct) =>
        {
            var entry = (await wallet.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(e => e.Credential.Id == id);
            return entry is null ? Error(404, "NotFound", $"no credential '{id}' in the wallet") : Json(CredentialJson(entry.Credential, entry.State, entry.Reason, includeJwt: true));
        }).WithName("getCredential").WithSummary("One credential of the wallet, with its JWT.");
        group.MapPost("/credentials", ImportAsync)
            .WithName("importCredential").WithSummary("Imports a credential issued to this connector: the JWT as text, or {\"credential\": \"<jwt>\"}.");
        group.MapDelete("/credentials/{id}", async (string id, CredentialWallet wallet, CancellationToken ct) =>
            await wallet.RemoveAsync(id, ct).ConfigureAwait(false) ? Results.NoContent() : Error(404, "NotFound", $"no credential '{id}' in the wallet"))
            .WithName("removeCredential").WithSummary("Removes a credential from the wallet.");
        return group;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, CredentialWallet wallet, CancellationToken ct)
    {
        // Accepts {"credential":"<jwt>"} or the JWT itself as text, so `dataspace vc import FILE` can send a file as it is.
        using var reader = new StreamReader(request.Body);
        var text = (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
        var jwt = text;
        if (text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                jwt = doc.RootElement.TryGetProperty("credential", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            }
            catch (JsonException e)
            {
                return Error(400, "InvalidRequest", $"the body is neither a JWT nor JSON: {e.Message}");
            }
        }

        var result = await wallet.ImportAsync(jwt, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Error(400, result.Error.Failure.ToString(), result.Error.Reason);
        }

        var entry = (await wallet.ListAsync(ct).ConfigureAwait(false)).First(e => e.Credential.Id == result.Value.Id);
        return Results.Text(CredentialJson(entry.Credential, entry.State, entry.Reason, includeJwt: false).ToJsonString(), "application/json", statusCode: 201);
    }

    private static async Task<IResult> RotateAsync(
        HttpRequest request, KeyStore keys, ConnectorIdentityProvider identity, IOptions<ConnectorIdentityOptions> options, TimeProvider time, CancellationToken ct)
    {
        string algorithm = options.Value.KeyAlgorithm;
        var retainDays = 365;
        if (request.ContentLength > 0)
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
            if (doc.RootElement.TryGetProperty("algorithm", out var a) && a.ValueKind == JsonValueKind.String)
            {
                algorithm = a.GetString()!;
            }

            if (doc.RootElement.TryGetProperty("retainDays", out var r) && r.TryGetInt32(out var days))
            {
                retainDays = days;
            }
        }

        if (!JwsAlgorithms.CanSign(algorithm))
        {
            return Error(400, "InvalidRequest", $"algorithm '{algorithm}' is not supported; expected ES256 or EdDSA");
        }

        // The old key stays in the DID document (assertionMethod) for retainDays, so credentials it signed keep verifying.
        var created = await keys.CreateAsync(algorithm, time.GetUtcNow().AddDays(retainDays), ct).ConfigureAwait(false);
        var previousDid = identity.Current.Did;
        var settings = options.Value;
        var did = string.IsNullOrEmpty(settings.Did) ? null : settings.Did;
        var services = did is null || settings.PublicUrl is null
            ? []
            : LocalIdentities.Services(did, new Uri(settings.PublicUrl, settings.CredentialServicePath), new Uri(settings.PublicUrl, settings.DspPath));
        var reloaded = await LocalIdentities.LoadAsync(keys, did, services, algorithm, time, ct).ConfigureAwait(false);
        identity.Set(reloaded);
        var body = KeyJson(created);
        body["did"] = reloaded.Did;
        if (reloaded.Did != previousDid)
        {
            body["warning"] = $"a did:key identity changes with its key: this connector is now {reloaded.Did} (was {previousDid}); peers and authorities must learn the new DID";
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: 201);
    }

    private static JsonObject KeyJson(KeyInfo key) => new()
    {
        ["id"] = key.Id,
        ["algorithm"] = key.Algorithm,
        ["publicKeyJwk"] = key.PublicKey.ToPublic().ToJson(),
        ["createdAt"] = key.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["active"] = key.IsActive,
        ["retainUntil"] = key.RetainUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonObject CredentialJson(StoredCredential credential, WalletCredentialState state, string? reason, bool includeJwt)
    {
        var json = new JsonObject
        {
            ["id"] = credential.Id,
            ["types"] = new JsonArray([.. credential.Types.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["issuer"] = credential.Issuer,
            ["subject"] = credential.SubjectDid,
            ["profile"] = Dataspace.Identity.Credentials.CredentialProfiles.ToId(credential.Profile),
            ["validFrom"] = credential.ValidFrom?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["validUntil"] = credential.ValidUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["state"] = state.ToString(),
            ["reason"] = reason,
        };
        if (includeJwt)
        {
            json["jwt"] = credential.Jwt;
        }

        return json;
    }

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static IResult Error(int status, string code, string reason) =>
        Results.Text(new JsonObject { ["code"] = code, ["reason"] = reason }.ToJsonString(), "application/json", statusCode: status);
}
