using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Cli.Identity.Registration;

/// <summary>
/// The authority's management API for the operator (portal, scripts): review applications and revoke members, guarded by
/// the key in the authority folder. Decisions go through <see cref="ApplicationReview"/>, exactly as the CLI's.
/// </summary>
internal static class ApplicationManagementEndpoints
{
    /// <summary>Where the management API is served.</summary>
    public const string BasePath = "/api/management/v1";

    /// <summary>The most applications on one page.</summary>
    public const int MaxPage = 200;

    private const int DefaultPage = 50;
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapApplicationManagement(this IEndpointRouteBuilder app, ManagementApiKey key)
    {
        var api = app.MapGroup(BasePath).AddEndpointFilter(new AuthorityApiKeyFilter(key));
        api.MapGet("/applications", async (HttpContext context, RegistrationCentre centre) =>
        {
            var query = context.Request.Query;
            string? status = query["status"].ToString() is { Length: > 0 } s && s != "all" ? s : null;
            if (status is not null && !ApplicationStatuses.All.Contains(status, StringComparer.Ordinal))
            {
                return Error(RegistrationError.BadRequest("invalid-request", $"status '{status}' is unknown; expected {string.Join(", ", ApplicationStatuses.All)} or all"));
            }

            if (!Number(query, "offset", 0, int.MaxValue, 0, out var offset) || !Number(query, "limit", 1, int.MaxValue, DefaultPage, out var limit))
            {
                return Error(RegistrationError.BadRequest("invalid-request", $"offset is a whole number from 0 and limit one from 1 to {MaxPage}"));
            }

            var (page, total) = await centre.Store.PageApplicationsAsync(status, offset, Math.Min(limit, MaxPage), context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new JsonObject
            {
                ["items"] = new JsonArray([.. page.Select(a => (JsonNode?)DetailsJson(a))]),
                ["offset"] = offset,
                ["limit"] = Math.Min(limit, MaxPage),
                ["total"] = total,
            });
        });
        api.MapGet("/applications/{id}", async (string id, HttpContext context, RegistrationCentre centre) =>
            await centre.Store.GetApplicationAsync(id, context.RequestAborted).ConfigureAwait(false) is { } application
                ? Results.Json(DetailsJson(application))
                : Error(new RegistrationError(404, "not-found", $"no application '{id}'")));
        api.MapPost("/applications/{id}/approve", async (string id, HttpContext context, RegistrationCentre centre) =>
            Decided(await ApplicationReview.ApproveAsync(centre.Store, id, context.RequestAborted).ConfigureAwait(false)));
        api.MapPost("/applications/{id}/reject", async (string id, HttpContext context, RegistrationCentre centre) =>
        {
            var (reason, error) = await ReasonAsync(context).ConfigureAwait(false);
            return error is not null
                ? Error(error)
                : Decided(await ApplicationReview.RejectAsync(centre.Store, id, reason, context.RequestAborted).ConfigureAwait(false));
        });
        api.MapPost("/members/{did}/revoke", async (string did, HttpContext context, RegistrationCentre centre) =>
        {
            var (revoked, error) = await ApplicationReview.RevokeMemberAsync(centre.Store, centre.Desk, did, context.RequestAborted).ConfigureAwait(false);
            return error is not null
                ? Error(error)
                : Results.Json(new JsonObject { ["did"] = did, ["status"] = ApplicationStatuses.Revoked, ["revokedCredentials"] = revoked });
        });
        return app;
    }

    /// <summary>Everything the operator reviews about an application.</summary>
    public static JsonObject DetailsJson(MembershipApplication a)
    {
        var json = RegistrationEndpoints.ApplicationJson(a);
        json["legalName"] = a.LegalName;
        json["registrationId"] = new JsonObject { ["scheme"] = a.RegistrationScheme, ["value"] = a.RegistrationValue };
        json["contact"] = new JsonObject { ["name"] = a.ContactName, ["email"] = a.ContactEmail };
        json["subspaces"] = new JsonArray([.. a.Subspaces.Select(s => (JsonNode?)JsonValue.Create(s))]);
        json["dspEndpoint"] = a.DspEndpoint;
        json["createdAt"] = a.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        if (a.DecidedAt is { } decided)
        {
            json["decidedAt"] = decided.ToString("O", CultureInfo.InvariantCulture);
        }

        return json;
    }

    private static IResult Decided((MembershipApplication? Application, RegistrationError? Error) decision) =>
        decision.Error is not null ? Error(decision.Error) : Results.Json(DetailsJson(decision.Application!));

    // The reason of a rejection: {"reason": "..."}, at most 16 KiB of body.
    private static async Task<(string? Reason, RegistrationError? Error)> ReasonAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return body is JsonObject o && o["reason"] is JsonValue v && v.TryGetValue<string>(out var reason)
                ? (reason, null)
                : (null, RegistrationError.BadRequest("invalid-request", "the body is {\"reason\": \"why the application is rejected (shown to the applicant)\"}"));
        }
        catch (JsonException e)
        {
            return (null, RegistrationError.BadRequest("invalid-json", $"the body is not JSON: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, new RegistrationError(413, "body-too-large", $"at most {MaxBodyBytes} bytes are taken"));
        }
    }

    private static bool Number(IQueryCollection query, string name, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return !query.TryGetValue(name, out var text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    private static IResult Error(RegistrationError error) =>
        Results.Json(new JsonObject { ["error"] = error.Error, ["reason"] = error.Reason }, statusCode: error.StatusCode);
}
