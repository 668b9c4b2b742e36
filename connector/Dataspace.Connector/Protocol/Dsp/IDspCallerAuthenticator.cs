using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Establishes who sent a DSP request (the protocol code never looks at tokens itself).</summary>
public interface IDspCallerAuthenticator
{
    /// <summary>The verified caller, or the reason it could not be verified.</summary>
    Task<DspAuthentication> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
