namespace Dataspace.Sdk.Egress;

/// <summary>What kind of network an IP address belongs to, as far as the egress policy is concerned.</summary>
public enum AddressCategory
{
    /// <summary>A globally routable address.</summary>
    Public,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10, unique-local fc00::/7, site-local fec0::/10.</summary>
    Private,

    /// <summary>169.254/16 (including cloud metadata services), fe80::/10.</summary>
    LinkLocal,

    /// <summary>224/4, ff00::/8.</summary>
    Multicast,

    /// <summary>0.0.0.0/8, ::, 255.255.255.255 and the reserved 240/4.</summary>
    Unspecified,
}
