using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>HttpData-PULL: hands the consumer an endpoint on this connector and a short-lived token bound to the transfer.</summary>
internal sealed partial class HttpPullChannel : ITransferChannel
{
    private readonly AccessTokenService _tokens;
    private readonly HttpTransportOptions _options;
    private readonly DataSources _sources;
    private readonly ILogger<HttpPullChannel> _logger;

    public HttpPullChannel(AccessTokenService tokens, HttpTransportOptions options, DataSources sources, ILogger<HttpPullChannel> logger)
    {
        _tokens = tokens;
        _options = options;
        _sources = sources;
        _logger = logger;
    }

    public string TransferType => TransferTypes.HttpPull;

    public Task<TransferStartResult> StartAsync(TransferStartContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_sources.Find(context.Source.Type) is null)
        {
            return Task.FromResult(TransferStartResult.Fail("the asset cannot be served: " + _sources.Unhandled(context.Source.Type)));
        }

        var (token, claims) = _tokens.Issue(context.TransferId, context.AgreementId, context.ConsumerId);
        var endpoint = EndpointFor(context.PublicBaseUrl, context.TransferId);
        LogIssued(_logger, context.TransferId, context.ConsumerId, claims.ExpiresAt);
        return Task.FromResult(TransferStartResult.Started(DataAddress.Create(
            HttpAddressProperties.DspHttpEndpointType,
            (HttpAddressProperties.Endpoint, endpoint),
            (HttpAddressProperties.Authorization, token),
            (HttpAddressProperties.AuthType, HttpAddressProperties.Bearer))));
    }

    public async Task StopAsync(TransferStopContext context, CancellationToken cancellationToken)
    {
        await _tokens.RevokeAsync(context.TransferId, cancellationToken).ConfigureAwait(false);
        LogRevoked(_logger, context.TransferId, context.Reason);
    }

    /// <summary>The public URL a consumer pulls a transfer's data from.</summary>
    public string EndpointFor(Uri publicBaseUrl, string transferId) =>
        publicBaseUrl.AbsoluteUri.TrimEnd('/') + _options.PublicPath + "/" + Uri.EscapeDataString(transferId);
}
