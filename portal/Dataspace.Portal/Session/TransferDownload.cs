using Dataspace.Connector.Client;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Session;

/// <summary>Streams a started pull transfer's data to the browser, through the connector, with the signed-in operator's key.</summary>
internal static class TransferDownload
{
    public static async Task DownloadAsync(string id, HttpContext context, PortalConnection connection)
    {
        var key = PortalAuthentication.ApiKeyOf(context.User);
        if (key is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var client = connection.CreateClient(key);
        Stream data;
        try
        {
            data = await client.OpenTransferDataAsync(id, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ManagementApiException e)
        {
            context.Response.StatusCode = (int)e.StatusCode is >= 400 and < 600 ? (int)e.StatusCode : StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"the connector refused the download: {e.Detail}", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException e)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"the connector cannot be reached: {e.Message}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using (data.ConfigureAwait(false))
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"transfer-{SafeFileName(id)}.bin\"";
            await data.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string SafeFileName(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
