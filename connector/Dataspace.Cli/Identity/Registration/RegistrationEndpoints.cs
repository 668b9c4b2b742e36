using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>The registration centre's HTTP API: applications, DCP credential issuance and the participant registry.</summary>
internal static class RegistrationEndpoints
{
    /// <summary>The largest request body taken (64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The most entries on one registry page.</summary>
    public const int MaxPage = 200;

    private const int DefaultPage = 100;

    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder app)
    {
        app.MapPost("/registration/applications", async (HttpContext context, RegistrationCentre centre) =>
        {
            var (did, body, error) = await AuthenticatedBodyAsync(context, centre).ConfigureAwait(false);
            if (error is not null)
            {
                return Error(error);
            }

            using (body)
            {
                var (application, created, refused) = await centre.ApplyAsync(body!.RootElement, did!, context.RequestAborted).ConfigureAwait(false);
                if (refused is not null)
                {
                    return Error(refused);
                }

                context.Response.Headers.Location = "/registration/applications/" + application!.Id;
                return Results.Json(ApplicationJson(application), statusCode: created ? 201 : 200);
            }
        });
        app.MapGet("/registration/applications/{id}", async (string id, HttpContext context, RegistrationCentre centre) =>
        {
            var (did, error) = await centre.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted).ConfigureAwait(false);
            if (error is not null)
            {
                return Error(error);
            }

            // Another member's application is reported as absent, not as forbidden: ids tell nothing about others.
            var application = await centre.Store.GetApplicationAsync(id, context.RequestAborted).ConfigureAwait(false);
            return application is null || application.Did != did
                ? Error(new RegistrationError(404, "not-found", $"you have no application '{id}'"))
                : Results.Json(ApplicationJson(application));
        });
        app.MapGet("/issuance/metadata", (RegistrationCentre centre) => Results.Json(centre.IssuerMetadata()));
        app.MapPost("/issuance/credentials", async (HttpContext context, RegistrationCentre centre) =>
        {
            var (did, body, error) = await AuthenticatedBodyAsync(context, centre).ConfigureAwait(false);
            if (error is not null)
            {
                return Error(error);
            }

            using (body)
            {
                var (request, refused) = await centre.RequestCredentialsAsync(body!.RootElement, did!, context.RequestAborted).ConfigureAwait(false);
                if (refused is not null)
                {
                    return Error(refused);
                }

                context.Response.Headers.Location = "/issuance/requests/" + request!.IssuerPid;
                return Results.Json(RegistrationCentre.CredentialStatus(request), statusCode: 201);
            }
        });
        app.MapGet("/issuance/requests/{issuerPid}", async (string issuerPid, HttpContext context, RegistrationCentre centre) =>
        {
            var (did, error) = await centre.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted).ConfigureAwait(false);
            if (error is not null)
            {
                return Error(error);
            }

            var request = await centre.Store.GetRequestAsync(issuerPid, context.RequestAborted).ConfigureAwait(false);
            return request is null || request.Did != did
                ? Error(new RegistrationError(404, "not-found", $"you have no credential request '{issuerPid}'"))
                : Results.Json(RegistrationCentre.CredentialStatus(request));
        });
        app.MapGet("/registry/participants", async (HttpContext context, RegistrationCentre centre) =>
        {
            var query = context.Request.Query;
            var limit = DefaultPage;
            if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1))
            {
                return Error(RegistrationError.BadRequest("invalid-request", $"limit '{limitText}' is not a whole number from 1 to {MaxPage}"));
            }

            limit = Math.Min(limit, MaxPage);
            string? after = null;
            if (query.TryGetValue("cursor", out var cursor) && !TryDecodeCursor(cursor.ToString(), out after))
            {
                return Error(RegistrationError.BadRequest("invalid-request", "cursor is not one this registry gave out; start again without it"));
            }

            // One more than the page, to know whether a next page exists.
            var members = await centre.Store.ListMembersAsync(after, limit + 1, context.RequestAborted).ConfigureAwait(false);
            var page = members.Take(limit).ToList();
            var next = members.Count > limit
                ? $"{centre.Options.PublicUrl.AbsoluteUri.TrimEnd('/')}{ParticipantRegistryClient.ListingPath}?limit={limit}&cursor={EncodeCursor(page[^1].Did)}"
                : null;
            return Results.Json(new JsonObject
            {
                ["participants"] = new JsonArray([.. page.Select(m => (JsonNode?)JsonValue.Create(Sign(centre, m)))]),
                ["next"] = next,
            });
        });
        app.MapGet("/registry/participants/{did}", async (string did, HttpContext context, RegistrationCentre centre) =>
        {
            var member = await centre.Store.FindMemberAsync(did, context.RequestAborted).ConfigureAwait(false);
            return member is null || member.Status is not (ApplicationStatuses.Approved or ApplicationStatuses.Revoked)
                ? Error(new RegistrationError(404, "not-found", $"{did} is not a member of this data space"))
                : Results.Json(new JsonObject { ["participant"] = Sign(centre, member) });
        });
        return app;
    }

    public static JsonObject ApplicationJson(MembershipApplication application)
    {
        var json = new JsonObject
        {
            ["id"] = application.Id,
            ["did"] = application.Did,
            ["status"] = application.Status,
            ["credentialTypes"] = new JsonArray([.. application.CredentialTypes.Select(t => (JsonNode?)JsonValue.Create(t))]),
        };
        if (application.Reason is not null)
        {
            json["reason"] = application.Reason;
        }

        return json;
    }

    private static string Sign(RegistrationCentre centre, MembershipApplication member) => centre.Registry.Sign(
        member.Did,
        member.LegalName,
        member.DspEndpoint,
        member.Subspaces,
        member.Status == ApplicationStatuses.Revoked ? ParticipantStatuses.Revoked : ParticipantStatuses.Active);

    private static string EncodeCursor(string did) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(did));

    private static bool TryDecodeCursor(string cursor, out string? did)
    {
        did = null;
        try
        {
            did = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return did.StartsWith("did:", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // Authenticates first (an anonymous caller cannot make us read its body), then reads at most 64 KiB of JSON.
    internal static async Task<(string? Did, JsonDocument? Body, RegistrationError? Error)> AuthenticatedBodyAsync(HttpContext context, RegistrationCentre centre)
    {
        var (did, error) = await centre.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, null, error);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, null, new RegistrationError(413, "body-too-large", $"the body has {context.Request.ContentLength} bytes; at most {MaxBodyBytes} are taken"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                return (null, null, new RegistrationError(413, "body-too-large", $"the body has more than the {MaxBodyBytes} bytes taken"));
            }

            buffer.Write(chunk, 0, n);
        }

        try
        {
            return (did, JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
        }
        catch (JsonException e)
        {
            return (null, null, RegistrationError.BadRequest("invalid-json", $"the body is not JSON: {e.Message}"));
        }
    }

    internal static IResult Error(RegistrationError error) =>
        Results.Json(new JsonObject { ["error"] = error.Error, ["reason"] = error.Reason }, statusCode: error.StatusCode);
}
