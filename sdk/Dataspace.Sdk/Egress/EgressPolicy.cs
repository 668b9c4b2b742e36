using System.Net;
using System.Net.Sockets;

namespace Dataspace.Sdk.Egress;

/// <summary>
/// The default egress policy: public addresses only, unless an address range or host name is allowed by the operator,
/// or the development mode allows private networks.
/// </summary>
public sealed class EgressPolicy : IEgressPolicy
{
    private readonly EgressOptions _options;
    private readonly IPNetwork[] _networks;
    private readonly string[] _hosts;
    private readonly string[] _suffixes;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <summary>Creates the policy from validated settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid (see <see cref="EgressOptions.Validate"/>).</exception>
    public EgressPolicy(EgressOptions options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>Creates the policy with its own name resolution (tests resolve a name to whatever they need).</summary>
    public EgressPolicy(EgressOptions options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolve);
        if (options.Validate() is [var first, ..])
        {
            throw new ArgumentException(first, nameof(options));
        }

        _options = options;
        _resolve = resolve;
        _networks = [.. options.AllowedNetworks.Select(n => IPNetwork.Parse(n))];
        _hosts = [.. options.AllowedHosts.Where(h => !h.StartsWith("*.", StringComparison.Ordinal)).Select(h => h.TrimEnd('.').ToLowerInvariant())];
        _suffixes = [.. options.AllowedHosts.Where(h => h.StartsWith("*.", StringComparison.Ordinal)).Select(h => h[1..].TrimEnd('.').ToLowerInvariant())];
    }

    /// <summary>Whether the development mode (<see cref="EgressOptions.AllowPrivateNetworks"/>) is on.</summary>
    public bool AllowsPrivateNetworks => _options.AllowPrivateNetworks;

    /// <inheritdoc/>
    public EgressDecision Check(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.IsAbsoluteUri || (destination.Scheme != Uri.UriSchemeHttp && destination.Scheme != Uri.UriSchemeHttps))
        {
            return EgressDecision.Refuse("only absolute http and https URLs may be contacted");
        }

        if (IsAllowedHost(destination.IdnHost))
        {
            return EgressDecision.Allow();
        }

        if (IPAddress.TryParse(destination.IdnHost.Trim('[', ']'), out var address) && !IsAllowed(address))
        {
            return EgressDecision.Refuse(Refusal(destination.IdnHost, [address]));
        }

        return EgressDecision.Allow();
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host.Trim('[', ']');
        var hostAllowed = IsAllowedHost(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new EgressRefusedException($"host name {host} could not be resolved", e);
            }
        }

        // Every address is checked, and only allowed ones are connected to: a name resolving to several addresses
        // (or to a different one by the time we connect) cannot smuggle a private one through.
        var allowed = hostAllowed ? addresses : [.. addresses.Where(IsAllowed)];
        if (allowed.Length == 0)
        {
            throw new EgressRefusedException(addresses.Length == 0 ? $"host name {host} has no address" : Refusal(host, addresses));
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private bool IsAllowedHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return _hosts.Contains(name, StringComparer.Ordinal) || _suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal) && name.Length > s.Length);
    }

    private bool IsAllowed(IPAddress address)
    {
        var v4 = EgressAddresses.EmbeddedIPv4(address);
        if (_networks.Any(n => n.Contains(address) || (v4 is not null && n.Contains(v4))))
        {
            return true;
        }

        return EgressAddresses.Classify(address) switch
        {
            AddressCategory.Public => true,
            AddressCategory.Loopback or AddressCategory.Private => _options.AllowPrivateNetworks,
            _ => false,
        };
    }

    private static string Refusal(string host, IPAddress[] addresses)
    {
        var kinds = string.Join(", ", addresses.Select(EgressAddresses.Classify).Distinct().Select(c => c.ToString().ToLowerInvariant()));
        return $"{host} is a {kinds} address, which the egress policy refuses; an operator can allow it with {EgressOptions.Section}:AllowedHosts or AllowedNetworks";
    }
}
