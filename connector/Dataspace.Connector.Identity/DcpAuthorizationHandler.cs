using System.Net.Http.Headers;
using Dataspace.Identity.Dcp;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;Self-Issued ID token&gt;</c> to outgoing DSP requests whose options name the
/// counterparty's DID (<see cref="Audience"/>), granting it the credential types to read from our wallet.
/// </summary>
public sealed class DcpAuthorizationHandler : DelegatingHandler
{
    /// <summary>The request option holding the counterparty's DID (the token's audience).</summary>
    public static readonly HttpRequestOptionsKey<string> Audience = new("Dataspace.Dcp.Audience");

    /// <summary>The request option holding the credential types the counterparty may read; default: the configured ones.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyCollection<string>> CredentialTypes = new("Dataspace.Dcp.CredentialTypes");

    private readonly SecureTokenService _sts;
    private readonly ConnectorIdentityOptions _options;

    /// <summary>Creates the handler.</summary>
    public DcpAuthorizationHandler(SecureTokenService sts, IOptions<ConnectorIdentityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sts = sts;
        _options = options.Value;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(Audience, out var audience) && request.Headers.Authorization is null)
        {
            var types = request.Options.TryGetValue(CredentialTypes, out var requested) ? requested : _options.EffectiveCredentialTypes;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sts.CreateTokenForVerifier(audience, types));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
