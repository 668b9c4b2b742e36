using System.Net;

namespace Dataspace.Sdk.Egress;

/// <summary>
/// Decides where the connector and its plugins may send requests, so a peer-supplied URL (push destination, DID
/// document, callback address) cannot make the connector reach its own network.
/// </summary>
/// <remarks>
/// Called concurrently. Every outgoing HTTP client uses it through <see cref="EgressPolicyExtensions.CreateHandler"/>,
/// which checks the address actually connected to, after resolving the host name.
/// </remarks>
public interface IEgressPolicy
{
    /// <summary>Checks a destination before any request: the scheme, and the host when it is an IP address literal.</summary>
    EgressDecision Check(Uri destination);

    /// <summary>Resolves <paramref name="endpoint"/>, keeps only allowed addresses and connects to one of them.</summary>
    /// <exception cref="EgressRefusedException">No address of the host is allowed; nothing was connected to.</exception>
    ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken);
}
