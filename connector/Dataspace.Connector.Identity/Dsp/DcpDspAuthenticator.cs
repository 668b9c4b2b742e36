using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Identity.Dcp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity.Dsp;

/// <summary>
/// Authenticates DSP requests with DCP: validates the caller's Self-Issued ID token, reads the configured credential
/// types from its Credential Service and returns the caller with its verified credentials.
/// </summary>
internal sealed partial class DcpDspAuthenticator : IDspCallerAuthenticator
{
    private readonly DcpVerifier _verifier;
    private readonly IOptions<ConnectorIdentityOptions> _options;
    private readonly ILogger<DcpDspAuthenticator> _logger;

    public DcpDspAuthenticator(DcpVerifier verifier, IOptions<ConnectorIdentityOptions> options, ILogger<DcpDspAuthenticator> logger)
    {
        _verifier = verifier;
        _options = options;
        _logger = logger;
    }

    public async Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var types = _options.Value.EffectiveCredentialTypes;
        var result = await _verifier.VerifyAsync(context.Request.Headers.Authorization.ToString(), types, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // The reason names what was wrong (expired, unknown key, untrusted issuer...); it never contains the token.
            LogRefused(_logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString(), result.Error.Failure.ToString(), result.Error.Reason);
            return DspAuthentication.Fail($"{result.Error.Failure}: {result.Error.Reason}");
        }

        if (context.RequestServices.GetService<VerifiedCallerAccessor>() is { } accessor)
        {
            accessor.Caller = result.Value;
        }

        return DspAuthentication.Success(result.Value);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Refused DSP caller of {Method} {Path} from {Remote}: {Failure}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote, string failure, string reason);
}
