using Dataspace.Connector.Client;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Portal.Session;

/// <summary>
/// Streams one output of a compute job this connector received (a table as CSV) to the browser with the signed-in
/// operator's key, so the key never reaches the browser; and reads the first rows of a table for the page's preview.
/// </summary>
internal static class ComputeOutputDownload
{
    private const string Base = ManagementClient.BasePath + "/compute/jobs/";

    public static async Task DownloadAsync(string id, string taskId, string name, HttpContext context, IHttpClientFactory httpClients)
    {
        var key = PortalAuthentication.ApiKeyOf(context.User);
        if (key is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        try
        {
            using var response = await SendAsync(httpClients.CreateClient(PortalConnection.HttpClientName), key, id, taskId, name, context.RequestAborted).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(context.RequestAborted).ConfigureAwait(false);
                await RefuseAsync(context, (int)response.StatusCode, $"the connector refused the output: {detail}").ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{SafeFileName(id)}-{SafeFileName(taskId)}-{SafeFileName(name)}{(context.Response.ContentType.StartsWith("text/csv", StringComparison.Ordinal) ? ".csv" : "")}\"";
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, StatusCodes.Status502BadGateway, $"the connector cannot be reached: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The first <paramref name="rows"/> rows of a table output (header included), read line by line so a large table is never buffered.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> PreviewAsync(HttpClient http, string key, string id, string taskId, string name, int rows, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, key, id, taskId, name, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ManagementApiException($"the connector refused output '{name}' of task '{taskId}': {detail}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        var result = new List<IReadOnlyList<string>>();
        while (result.Count <= rows && await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            result.Add(SplitCsvLine(line));
        }

        return result;
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting, no line breaks inside a field, which the preview does not need).</summary>
    public static IReadOnlyList<string> SplitCsvLine(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string key, string id, string taskId, string name, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Base + Uri.EscapeDataString(id) + "/outputs/" + Uri.EscapeDataString(taskId) + "/" + Uri.EscapeDataString(name));
        request.Headers.TryAddWithoutValidation(ManagementClient.ApiKeyHeader, key);
        return SendAndDisposeRequestAsync(http, request, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
