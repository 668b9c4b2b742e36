using Dataspace.Connector.Client;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Session;

/// <summary>
/// Streams the connector's evidence bundle of an agreement, a process or a time range [from, to) to the browser with the
/// signed-in operator's key, so the key never reaches the browser.
/// </summary>
internal static class AuditBundleDownload
{
    public static async Task DownloadAsync(string? agreementId, string? processId, DateTimeOffset? from, DateTimeOffset? to, HttpContext context, PortalConnection connection)
    {
        var key = PortalAuthentication.ApiKeyOf(context.User);
        if (key is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        agreementId = string.IsNullOrWhiteSpace(agreementId) ? null : agreementId.Trim();
        processId = string.IsNullOrWhiteSpace(processId) ? null : processId.Trim();
        var chosen = (agreementId is null ? 0 : 1) + (processId is null ? 0 : 1) + (from is null && to is null ? 0 : 1);
        if (chosen != 1 || (from is null) != (to is null))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "give exactly one of 'agreementId', 'processId', or both 'from' and 'to' (UTC times)").ConfigureAwait(false);
            return;
        }

        if (from >= to)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"'from' ({from:O}) must be before 'to' ({to:O})").ConfigureAwait(false);
            return;
        }

        var name = agreementId ?? processId ?? $"{from!.Value.UtcDateTime:yyyyMMddTHHmmssZ}-{to!.Value.UtcDateTime:yyyyMMddTHHmmssZ}";

        var client = connection.CreateClient(key);
        context.Response.ContentType = "application/vnd.dataspace.evidence-bundle";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{SafeFileName(name)}.bundle\"";
        try
        {
            // The client checks the connector's status before it writes a byte, so a refusal still reaches the browser as an error.
            await client.DownloadAuditBundleAsync(agreementId, processId, from, to, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ManagementApiException e) when (!context.Response.HasStarted)
        {
            var status = (int)e.StatusCode is >= 400 and < 600 ? (int)e.StatusCode : StatusCodes.Status502BadGateway;
            await RefuseAsync(context, status, $"the connector refused the evidence bundle: {e.Detail}").ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, StatusCodes.Status502BadGateway, $"the connector cannot be reached: {e.Message}").ConfigureAwait(false);
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.Headers.ContentDisposition = default;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }

    private static string SafeFileName(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
