using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>Writes RFC 9457 problem details: every refusal says what was wrong and what was expected.</summary>
internal static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail, CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        var writer = new Utf8JsonWriter(response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "about:blank");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
