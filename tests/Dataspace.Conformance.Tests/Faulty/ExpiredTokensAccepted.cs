using Dataspace.Connector.Identity;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Fault: a connector that lets expired DCP tokens through. When the real authenticator refuses a token only because
/// it expired, the caller is verified again with a day of clock leeway (every other check of the token still applies).
/// </summary>
internal sealed class ExpiredTokensAccepted(IDspCallerAuthenticator inner, DcpVerifier lenient, IOptions<ConnectorIdentityOptions> options) : IDspCallerAuthenticator
{
    public static void Inject(IServiceCollection services) =>
        services.Decorate<IDspCallerAuthenticator>((sp, inner) => new ExpiredTokensAccepted(inner, LenientVerifier(sp), sp.GetRequiredService<IOptions<ConnectorIdentityOptions>>()));

    public async Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateAsync(context, cancellationToken);
        if (result.Caller is null && result.FailureReason?.StartsWith(nameof(VerificationFailure.TokenExpired), StringComparison.Ordinal) == true)
        {
            var retried = await lenient.VerifyAsync(context.Request.Headers.Authorization.ToString(), options.Value.EffectiveCredentialTypes, cancellationToken);
            if (retried.Succeeded)
            {
                return DspAuthentication.Success(retried.Value);
            }
        }

        return result;
    }

    private static DcpVerifier LenientVerifier(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IdentityOptions>();
        var tokens = new SelfIssuedTokenValidator(sp.GetRequiredService<DidJwsVerifier>(), sp.GetRequiredService<JtiReplayCache>(), sp.GetRequiredService<TimeProvider>(), options with { ClockLeeway = TimeSpan.FromDays(1) });
        return new DcpVerifier(
            tokens, sp.GetRequiredService<DidResolverRegistry>(), sp.GetRequiredService<ICredentialServiceClient>(), sp.GetRequiredService<CredentialServiceLocator>(),
            sp.GetRequiredService<CredentialVerifier>(), sp.GetRequiredService<SecureTokenService>(), sp.GetRequiredService<ILocalIdentityProvider>(),
            sp.GetRequiredService<PresentationCache>(), options, sp.GetRequiredService<ILogger<DcpVerifier>>());
    }
}
