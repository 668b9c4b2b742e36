using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity.Dsp;

/// <summary>
/// Makes the bearer token of outgoing DSP calls with the embedded STS: a Self-Issued ID token for the counterparty's DID
/// whose <c>token</c> claim lets that counterparty read the configured credential types from our Credential Service.
/// </summary>
/// <remarks>
/// A DCP token needs the counterparty's DID as audience. When only its URL is known (a catalog request without
/// <c>counterPartyId</c>) no token is made; <see cref="DcpDspRequestGuard"/> then stops the request with the reason.
/// </remarks>
internal sealed partial class DcpDspTokenProvider : IDspTokenProvider
{
    private readonly SecureTokenService _sts;
    private readonly IOptions<ConnectorIdentityOptions> _options;
    private readonly ILogger<DcpDspTokenProvider> _logger;

    public DcpDspTokenProvider(SecureTokenService sts, IOptions<ConnectorIdentityOptions> options, ILogger<DcpDspTokenProvider> logger)
    {
        _sts = sts;
        _options = options;
        _logger = logger;
    }

    public Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken)
    {
        if (!Did.TryParse(counterPartyId, out _, out _))
        {
            LogNoAudience(_logger, counterPartyId);
            return Task.FromResult<string?>(null);
        }

        return Task.FromResult<string?>(_sts.CreateTokenForVerifier(counterPartyId, _options.Value.EffectiveCredentialTypes));
    }

    /// <summary>Why no token is made for a counterparty known only by its URL.</summary>
    public static string NoAudienceReason(string? target) =>
        $"no DCP token was made for {target}: a DCP token is addressed to the counterparty's DID, and only its URL is known; give 'counterPartyId' (the other connector's DID) with the request";

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "No DCP token for counterparty {CounterParty}: it is not a DID; the request needs the counterparty's DID ('counterPartyId')")]
    private static partial void LogNoAudience(ILogger logger, string counterParty);
}
