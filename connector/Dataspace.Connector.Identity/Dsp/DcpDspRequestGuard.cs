using Dataspace.Connector.Protocol.Dsp;

namespace Dataspace.Connector.Identity.Dsp;

/// <summary>
/// Stops an outgoing DSP request that carries no token because the counterparty's DID was not known, so the operator
/// reads that reason instead of the peer's bare 401.
/// </summary>
/// <remarks>Runs in the "dsp" HttpClient; the DSP client reports the <see cref="DspRequestNotSentException"/>'s reason as the call's failure.</remarks>
internal sealed class DcpDspRequestGuard : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Authorization is null)
        {
            throw new DspRequestNotSentException(DcpDspTokenProvider.NoAudienceReason(request.RequestUri?.GetLeftPart(UriPartial.Path)));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
