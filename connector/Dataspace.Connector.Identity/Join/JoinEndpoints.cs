using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Identity.Join;

/// <summary>Maps joining a data space: the management endpoints and the Credential Service's storage endpoint.</summary>
public static class JoinEndpoints
{
    private const int MaxBody = 64 * 1024;

    /// <summary>
    /// Maps <c>POST {group}/join</c> (apply: <c>{"authority", "legalName", "registrationId": {"scheme", "value"}, "contact":
    /// {"name", "email"}, "subspaces"}</c>) and <c>GET {group}/join</c> (where the application stands) on the identity management group.
    /// </summary>
    public static RouteGroupBuilder MapJoinManagement(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/join", ApplyAsync)
            .WithName("joinDataspace").WithSummary("Applies to a data space's authority and, once approved, requests and stores the membership credentials.");
        group.MapGet("/join", async (HttpContext http, CancellationToken ct) =>
        {
            var join = http.RequestServices.GetRequiredService<JoinService>();
            try
            {
                return await join.AdvanceAsync(ct).ConfigureAwait(false) is { } state
                    ? Json(state.ToJson(), 200)
                    : Error(404, "NotJoining", "this connector has not applied to any data space (POST .../identity/join)");
            }
            catch (InvalidDataException e)
            {
                return Error(500, "BadState", e.Message);
            }
        }).WithName("getJoinStatus").WithSummary("Where this connector's data-space application stands: applied, approved, requested, joined or rejected.");
        return group;
    }

    /// <summary>Maps <c>POST {prefix}/credentials</c>: the DCP holder endpoint an authority delivers issued credentials to.</summary>
    public static IEndpointConventionBuilder MapCredentialStorage(this IEndpointRouteBuilder endpoints, string prefix = "/api/identity") =>
        endpoints.MapPost(prefix.TrimEnd('/') + "/credentials", async (HttpRequest request, CancellationToken ct) =>
        {
            var receiver = request.HttpContext.RequestServices.GetRequiredService<CredentialMessageReceiver>();
            var body = await ReadAsync(request, ct).ConfigureAwait(false);
            if (body.Error is { } error)
            {
                return Json(new JsonObject { ["error"] = "InvalidRequest", ["reason"] = error }, 400);
            }

            using var document = body.Document!;
            var (status, refusal) = await receiver.ReceiveAsync(request.Headers.Authorization.ToString(), document.RootElement, ct).ConfigureAwait(false);
            return refusal is null ? Results.Ok() : Json(refusal, status);
        }).WithName("CredentialServiceStorage");

    private static async Task<IResult> ApplyAsync(HttpRequest request, CancellationToken ct)
    {
        var join = request.HttpContext.RequestServices.GetRequiredService<JoinService>();
        var body = await ReadAsync(request, ct).ConfigureAwait(false);
        if (body.Error is { } error)
        {
            return Error(400, "InvalidRequest", error);
        }

        using var document = body.Document!;
        var root = document.RootElement;
        static string? Text(JsonElement e, params string[] path)
        {
            foreach (var name in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
                {
                    return null;
                }
            }

            return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        }

        if (!Uri.TryCreate(Text(root, "authority"), UriKind.Absolute, out var authority))
        {
            return Error(400, "InvalidRequest", "'authority' must be the authority's absolute URL, e.g. https://authority.example");
        }

        var subspaces = root.TryGetProperty("subspaces", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty).ToList()
            : [];
        var joinRequest = new JoinRequest
        {
            Authority = authority,
            LegalName = Text(root, "legalName") ?? string.Empty,
            RegistryScheme = Text(root, "registrationId", "scheme") ?? string.Empty,
            RegistryValue = Text(root, "registrationId", "value") ?? string.Empty,
            ContactName = Text(root, "contact", "name"),
            ContactEmail = Text(root, "contact", "email") ?? string.Empty,
            Subspaces = subspaces,
        };
        try
        {
            var state = await join.ApplyAsync(joinRequest, ct).ConfigureAwait(false);
            return Json(state.ToJson(), 200);
        }
        catch (JoinException e)
        {
            var status = e.InnerException is AuthorityException { Status: >= 400 and < 500 } ? 422 : e.InnerException is AuthorityException ? 502 : 400;
            return Error(status, "JoinRefused", e.Message);
        }
    }

    private static async Task<(JsonDocument? Document, string? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return (null, $"the body has {request.ContentLength} bytes; at most {MaxBody} are accepted");
        }

        using var limited = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (limited.Length + read > MaxBody)
            {
                return (null, $"the body exceeds {MaxBody} bytes");
            }

            limited.Write(buffer, 0, read);
        }

        try
        {
            return (JsonDocument.Parse(limited.ToArray()), null);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
    }

    private static IResult Json(JsonObject body, int status) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private static IResult Error(int status, string code, string reason) =>
        Results.Text(new JsonObject { ["code"] = code, ["reason"] = reason }.ToJsonString(), "application/json", statusCode: status);
}
