namespace Dataspace.Connector.Identity.Dsp;

/// <summary>
/// Stops an outgoing DSP request that carries no token because the counterparty's DID was not known, so the operator
/// reads that reason instead of the peer's bare 401.
/// </summary>
/// <remarks>Runs in the "dsp" HttpClient; the DSP client reports the <see cref="Dataspace.Connector.Protocol.Dsp.DspRequestNotSentException"/> as the call's failure, saying nothing was sent.</remarks>
internal sealed class DcpDspRequestGuard : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Authorization is null)
        {
            throw new Dataspace.Connector.Protocol.Dsp.DspRequestNotSentException(DcpDspTokenProvider.NoAudienceReason(request.RequestUri?.GetLeftPart(UriPartial.Path)));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
