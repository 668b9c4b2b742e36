using Dataspace.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>
/// Authentication by pre-shared bearer tokens from <see cref="DspOptions"/>: each accepted token names one participant.
/// Meant for closed set-ups and the DSP TCK; a data space uses DCP, which replaces this.
/// </summary>
internal sealed class StaticTokenAuthentication : IDspCallerAuthenticator, IDspTokenProvider
{
    private readonly IOptionsMonitor<DspOptions> _options;

    public StaticTokenAuthentication(IOptionsMonitor<DspOptions> options) => _options = options;

    public Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Task.FromResult(DspAuthentication.Fail("missing Authorization header"));
        }

        // Both "Bearer <token>" and the bare token are accepted, as DCP implementations differ.
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        var tokens = _options.CurrentValue.StaticTokens;
        if (tokens.Count == 0)
        {
            return Task.FromResult(DspAuthentication.Fail("this connector accepts no static tokens and has no DCP identity configured"));
        }

        return Task.FromResult(tokens.TryGetValue(token, out var participant)
            ? DspAuthentication.Success(new VerifiedCaller { Did = participant })
            : DspAuthentication.Fail("the bearer token is not one this connector accepts"));
    }

    public Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken) =>
        Task.FromResult(_options.CurrentValue.OutboundToken);
}
