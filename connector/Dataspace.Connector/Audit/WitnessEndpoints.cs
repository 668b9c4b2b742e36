using System.Buffers;
using System.Text.Json;
using Dataspace.Connector.Protocol.Dsp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Connector.Audit;

/// <summary>The witnessing endpoint, a DSP-side extension: <c>POST {dsp}/audit/witness</c>, authenticated like every DSP call.</summary>
internal static class WitnessEndpoints
{
    /// <summary>The path under the DSP base.</summary>
    public const string Path = "/audit/witness";

    /// <summary>The largest witness request read (a signed note, one agreement entry and two proofs).</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public static RouteGroupBuilder MapWitnessDsp(this RouteGroupBuilder dsp)
    {
        dsp.MapPost(Path, async (HttpContext http) =>
        {
            if (http.RequestServices.GetService<CheckpointWitness>() is not { } witness)
            {
                return Answer(StatusCodes.Status501NotImplemented, new WitnessResponse { Code = "not-a-witness", Reason = "this connector has no DID key (no DCP identity), so it co-signs no checkpoints" });
            }

            var (request, error) = await ReadAsync(http).ConfigureAwait(false);
            if (request is null)
            {
                return Answer(StatusCodes.Status400BadRequest, new WitnessResponse { Code = "invalid-request", Reason = error });
            }

            var (status, response) = await witness.WitnessAsync(DspEndpoints.Caller(http), request, http.RequestAborted).ConfigureAwait(false);
            return Answer(status, response);
        });
        return dsp;
    }

    private static IResult Answer(int status, WitnessResponse response) =>
        Results.Json(response, WitnessJson.Default.WitnessResponse, statusCode: status);

    private static async Task<(WitnessRequest? Request, string? Error)> ReadAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            return (null, $"the request is larger than {MaxRequestBytes} bytes");
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.WrittenCount + read > MaxRequestBytes)
            {
                return (null, $"the request is larger than {MaxRequestBytes} bytes");
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        // The audit log records the request by its digest, like every DSP message (DspEndpoints).
        http.Items[DspEndpoints.MessageFactsKey] = DspMessageFacts.Of(buffer.WrittenSpan);
        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, WitnessJson.Default.WitnessRequest) is { } request
                ? (request, null)
                : (null, "the request body is null; expected a witness request (agreementId, checkpoint, entryIndex, entry, inclusionProof, oldSize, consistencyProof)");
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON: {e.Message}; expected a witness request (agreementId, checkpoint, entryIndex, entry, inclusionProof, oldSize, consistencyProof)");
        }
    }
}
