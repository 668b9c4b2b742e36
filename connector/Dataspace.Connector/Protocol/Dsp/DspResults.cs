using System.Text.Json.Nodes;
using Dataspace.Dsp;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>DSP answers: a message body with the status the HTTPS binding gives it.</summary>
public sealed class DspResults
{
    private readonly DspSerializer _serializer;

    /// <summary>Creates the result factory.</summary>
    public DspResults(DspSerializer serializer) => _serializer = serializer;

    /// <summary>A DSP message with <paramref name="status"/> (200, or 201 for a newly created process).</summary>
    public IResult Message<T>(T message, int status = StatusCodes.Status200OK)
        where T : class, IDspMessage =>
        new BytesResult(_serializer.Write(message), status);

    /// <summary>The body of an answer this factory made (for the audit log's digest of it); null for any other result.</summary>
    internal static byte[]? BodyOf(IResult result) => (result as BytesResult)?.Body;

    private sealed class BytesResult(byte[] body, int status) : IResult, IStatusCodeHttpResult
    {
        public byte[] Body => body;

        int? IStatusCodeHttpResult.StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable && !httpContext.Response.Headers.ContainsKey(HeaderNames.RetryAfter))
            {
                // Our 503s mean "in flight here, settled in a moment" (e.g. our own message still being delivered):
                // a peer's outbox (EDC's too) retries a 5xx, and Retry-After says how soon.
                httpContext.Response.Headers.RetryAfter = "1";
            }

            httpContext.Response.ContentType = "application/json";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }

    /// <summary>A <c>ContractNegotiationError</c>.</summary>
    public IResult NegotiationError(int status, string? providerPid, string? consumerPid, string code, string reason) =>
        Message(new ContractNegotiationError { ProviderPid = providerPid ?? "", ConsumerPid = consumerPid ?? "", Code = code, Reason = [JsonValue.Create(reason)] }, status);

    /// <summary>A <c>TransferError</c>.</summary>
    public IResult TransferError(int status, string? providerPid, string? consumerPid, string code, string reason) =>
        Message(new TransferError { ProviderPid = providerPid ?? "", ConsumerPid = consumerPid ?? "", Code = code, Reason = [JsonValue.Create(reason)] }, status);

    /// <summary>A <c>CatalogError</c>.</summary>
    public IResult CatalogError(int status, string code, string reason) =>
        Message(new CatalogError { Code = code, Reason = [JsonValue.Create(reason)] }, status);
}
