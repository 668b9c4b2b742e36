using System.Net;
using System.Net.Sockets;

namespace Dataspace.Sdk.Egress;

/// <summary>Classifies IP addresses for the egress policy.</summary>
public static class EgressAddresses
{
    /// <summary>The category of <paramref name="address"/>; IPv6 forms embedding an IPv4 address are judged by it.</summary>
    public static AddressCategory Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v4 = EmbeddedIPv4(address);
        return v4 is not null ? ClassifyV4(v4) : address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address) : ClassifyV6(address);
    }

    /// <summary>The IPv4 address an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address stands for.</summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        var zeroPrefix = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;

        // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 themselves are IPv6's own unspecified and loopback.
        if ((zeroPrefix && (b[12] | b[13]) != 0) || nat64)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        return null;
    }

    private static AddressCategory ClassifyV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 => AddressCategory.Unspecified,
            10 => AddressCategory.Private,
            127 => AddressCategory.Loopback,
            100 when (b[1] & 0xC0) == 64 => AddressCategory.Private,
            169 when b[1] == 254 => AddressCategory.LinkLocal,
            172 when (b[1] & 0xF0) == 16 => AddressCategory.Private,
            192 when b[1] == 168 => AddressCategory.Private,
            >= 224 and < 240 => AddressCategory.Multicast,
            >= 240 => AddressCategory.Unspecified,
            _ => AddressCategory.Public,
        };
    }

    private static AddressCategory ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressCategory.Loopback;
        }

        var b = address.GetAddressBytes();

        // ::, and ::0.0.x.y which no IPv4 interpretation makes routable.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return AddressCategory.Unspecified;
        }

        return b[0] switch
        {
            0xFF => AddressCategory.Multicast,
            0xFE when (b[1] & 0xC0) == 0x80 => AddressCategory.LinkLocal,
            0xFE when (b[1] & 0xC0) == 0xC0 => AddressCategory.Private,
            0xFC or 0xFD => AddressCategory.Private,
            _ => AddressCategory.Public,
        };
    }
}
