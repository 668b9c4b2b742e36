using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Protocol.Dsp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Metering;

/// <summary>The receipt exchange, an extension endpoint in the authenticated DSP group: <c>POST {dsp}/metering/receipts</c>.</summary>
internal static class MeteringDspEndpoints
{
    /// <summary>Maps the receipt endpoint in the DSP group.</summary>
    public static RouteGroupBuilder MapMeteringDsp(this RouteGroupBuilder dsp)
    {
        dsp.MapPost(ReceiptExchange.Path, async (HttpContext http, ReceiptExchange exchange, IOptions<MeteringOptions> options) =>
        {
            var (jws, error) = await ReadSummaryAsync(http.Request, options.Value.MaxSummaryBytes, http.RequestAborted).ConfigureAwait(false);
            if (jws is null)
            {
                return Problem(StatusCodes.Status400BadRequest, "invalid-message", error!);
            }

            var result = await exchange.OnSummaryAsync(DspEndpoints.Caller(http), jws, http.RequestAborted).ConfigureAwait(false);
            return result.Succeeded
                ? Results.Json(new JsonObject { ["summary"] = result.Value })
                : Problem(result.Status, result.Code!, result.Reason!);
        });
        return dsp;
    }

    // The body is read up to the limit whatever Content-Length says: a peer cannot make us buffer more.
    private static async Task<(string? Jws, string? Error)> ReadSummaryAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, $"the body is larger than {limit} bytes (Connector:Metering:MaxSummaryBytes)");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, $"the body is larger than {limit} bytes (Connector:Metering:MaxSummaryBytes)");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body && body["summary"] is JsonValue value && value.TryGetValue<string>(out var jws) && jws.Length > 0
                ? (jws, null)
                : (null, "expected a JSON object { \"summary\": \"<compact JWS of the usage summary>\" }");
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON ({e.Message}); expected {{ \"summary\": \"<compact JWS>\" }}");
        }
    }

    private static IResult Problem(int status, string code, string reason) =>
        Results.Json(new JsonObject { ["code"] = code, ["reason"] = reason }, statusCode: status);
}
