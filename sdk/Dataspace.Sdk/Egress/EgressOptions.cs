using System.Net;

namespace Dataspace.Sdk.Egress;

/// <summary>The egress settings, section <c>Connector:Egress</c>.</summary>
public sealed class EgressOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Egress";

    /// <summary>
    /// Development mode: also allow loopback, private (RFC 1918, CGNAT) and unique-local addresses. Off by default;
    /// link-local, multicast and unspecified addresses stay refused even then.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Host names that may be contacted whatever they resolve to (exact, or <c>*.example.org</c> for subdomains).</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Address ranges in CIDR notation (<c>10.1.0.0/16</c>, <c>fd00::/8</c>) that may be contacted.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>What is wrong with the settings, one entry per bad value, naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(AllowedNetworks[i], out _))
            {
                errors.Add($"{Section}:{nameof(AllowedNetworks)}:{i} '{AllowedNetworks[i]}' is not a CIDR range such as 10.1.0.0/16 or fd00::/8");
            }
        }

        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            var host = AllowedHosts[i];
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
            {
                errors.Add($"{Section}:{nameof(AllowedHosts)}:{i} '{host}' is not a host name such as data.example.org or *.example.org");
            }
        }

        return errors;
    }
}
