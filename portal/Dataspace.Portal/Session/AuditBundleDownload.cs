using Dataspace.Connector.Client;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Session;

/// <summary>
/// Streams the connector's evidence bundle of an agreement or a process to the browser with the signed-in operator's key,
/// so the key never reaches the browser.
/// </summary>
internal static class AuditBundleDownload
{
    public static async Task DownloadAsync(string? agreementId, string? processId, HttpContext context, PortalConnection connection)
    {
        var key = PortalAuthentication.ApiKeyOf(context.User);
        if (key is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        agreementId = string.IsNullOrWhiteSpace(agreementId) ? null : agreementId.Trim();
        processId = string.IsNullOrWhiteSpace(processId) ? null : processId.Trim();
        if ((agreementId is null) == (processId is null))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "give exactly one of 'agreementId' or 'processId'").ConfigureAwait(false);
            return;
        }

        var client = connection.CreateClient(key);
        context.Response.ContentType = "application/vnd.dataspace.evidence-bundle";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{SafeFileName(agreementId ?? processId!)}.bundle\"";
        try
        {
            // The client checks the connector's status before it writes a byte, so a refusal still reaches the browser as an error.
            await client.DownloadAuditBundleAsync(agreementId, processId, null, null, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
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
