using System.Buffers;
using Dataspace.Dsp;
using Dataspace.JsonLd;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Reads DSP message bodies with a size limit, turning every malformed input into a reason, never an exception.</summary>
internal static class DspRequests
{
    public static async Task<(T? Message, string? Error)> ReadAsync<T>(HttpRequest request, DspSerializer serializer, long maxBytes, CancellationToken cancellationToken)
        where T : class, IDspMessage
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, $"the message is larger than {maxBytes} bytes");
        }

        var buffer = new ArrayBufferWriter<byte>();
        var memory = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.WrittenCount + read > maxBytes)
            {
                return (null, $"the message is larger than {maxBytes} bytes");
            }

            buffer.Write(memory.AsSpan(0, read));
        }

        // The audit log records the message by its digest and ids, whatever the reader makes of it (DspEndpoints).
        request.HttpContext.Items[DspEndpoints.MessageFactsKey] = Audit.DspMessageFacts.Of(buffer.WrittenSpan);
        if (buffer.WrittenCount == 0)
        {
            return (null, $"the request has no body; expected a {T.TypeName}");
        }

        try
        {
            return (await serializer.ReadAsync<T>(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false), null);
        }
        catch (DspMessageException e)
        {
            return (null, e.Message);
        }
        catch (JsonLdException e)
        {
            return (null, $"invalid JSON-LD ({e.Code}): {e.Message}");
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, $"invalid JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return (null, $"invalid {T.TypeName}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // System.Text.Json's JsonObject refuses a member name given twice only when the JSON-LD expansion enumerates it.
            return (null, $"invalid JSON: {e.Message}; expected a {T.TypeName} with each member once");
        }
    }
}
