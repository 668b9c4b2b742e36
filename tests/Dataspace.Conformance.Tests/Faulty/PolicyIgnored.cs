using System.Text.Json;
using Dataspace.Conformance.Identity;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Fault: a connector that ignores a policy for one kind of DSP request (catalog: the access policy; negotiations: the
/// contract policy) by deciding it as if every authenticated caller held the data space's membership.
/// </summary>
internal sealed class PolicyIgnored(IDspCallerAuthenticator inner, string pathPrefix) : IDspCallerAuthenticator
{
    private static readonly JsonElement Membership = MembershipClaims();

    /// <summary>The catalog shows every dataset to everyone.</summary>
    public static void InjectIntoCatalog(IServiceCollection services) =>
        services.Decorate<IDspCallerAuthenticator>((_, inner) => new PolicyIgnored(inner, "/api/dsp/catalog"));

    /// <summary>Every negotiation is permitted whatever the requester's credentials.</summary>
    public static void InjectIntoNegotiation(IServiceCollection services) =>
        services.Decorate<IDspCallerAuthenticator>((_, inner) => new PolicyIgnored(inner, "/api/dsp/negotiations"));

    private static JsonElement MembershipClaims()
    {
        using var claims = JsonDocument.Parse($$"""{"dataspace":"{{SuiteIdentity.DefaultDataspace}}","status":"active"}""");
        return claims.RootElement.Clone();
    }

    public async Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateAsync(context, cancellationToken);
        if (result.Caller is not { } caller || !context.Request.Path.StartsWithSegments(pathPrefix, StringComparison.Ordinal) || caller.HasCredential(SuiteIdentity.MembershipCredential))
        {
            return result;
        }

        return DspAuthentication.Success(caller with
        {
            Credentials = [.. caller.Credentials, new VerifiedCredential { Types = [SuiteIdentity.MembershipCredential], Issuer = caller.Did, Claims = Membership }],
        });
    }
}
