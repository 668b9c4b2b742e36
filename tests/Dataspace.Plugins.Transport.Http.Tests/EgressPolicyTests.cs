using System.Net;
using System.Net.Sockets;
using Dataspace.Sdk.Egress;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>The SDK's default egress policy (no SDK test project exists; the HTTP plugin is its first user).</summary>
public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressCategory.Public)]
    [InlineData("2606:4700::1111", AddressCategory.Public)]
    [InlineData("127.0.0.1", AddressCategory.Loopback)]
    [InlineData("127.255.0.9", AddressCategory.Loopback)]
    [InlineData("::1", AddressCategory.Loopback)]
    [InlineData("10.1.2.3", AddressCategory.Private)]
    [InlineData("172.16.0.1", AddressCategory.Private)]
    [InlineData("172.31.255.255", AddressCategory.Private)]
    [InlineData("172.32.0.1", AddressCategory.Public)]
    [InlineData("192.168.1.1", AddressCategory.Private)]
    [InlineData("100.64.0.1", AddressCategory.Private)]
    [InlineData("100.127.255.255", AddressCategory.Private)]
    [InlineData("100.128.0.1", AddressCategory.Public)]
    [InlineData("fd12:3456::1", AddressCategory.Private)]
    [InlineData("fc00::1", AddressCategory.Private)]
    [InlineData("169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("fe80::1", AddressCategory.LinkLocal)]
    [InlineData("224.0.0.1", AddressCategory.Multicast)]
    [InlineData("ff02::1", AddressCategory.Multicast)]
    [InlineData("0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("255.255.255.255", AddressCategory.Unspecified)]
    [InlineData("::", AddressCategory.Unspecified)]
    [InlineData("::ffff:127.0.0.1", AddressCategory.Loopback)]
    [InlineData("::ffff:169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("::ffff:8.8.8.8", AddressCategory.Public)]
    [InlineData("::127.0.0.1", AddressCategory.Loopback)]
    [InlineData("64:ff9b::10.0.0.1", AddressCategory.Private)]
    [InlineData("2002:7f00:1::", AddressCategory.Loopback)]
    public void Classify_KnowsEachRange(string address, AddressCategory expected) =>
        Assert.Equal(expected, EgressAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:8080/x", false)]
    [InlineData("http://[::ffff:127.0.0.1]/x", false)]
    [InlineData("http://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://10.0.0.5/", false)]
    [InlineData("ftp://8.8.8.8/", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://8.8.8.8/", true)]
    [InlineData("https://data.example.org/in", true)]
    public void Check_Default_RefusesSchemesAndNonPublicLiterals(string url, bool allowed) =>
        Assert.Equal(allowed, new EgressPolicy(new EgressOptions()).Check(new Uri(url)).Allowed);

    [Fact]
    public void Check_DevelopmentMode_AllowsLoopbackAndPrivate_ButNotLinkLocal()
    {
        var policy = new EgressPolicy(new EgressOptions { AllowPrivateNetworks = true });

        Assert.True(policy.Check(new Uri("http://127.0.0.1:8181/")).Allowed);
        Assert.True(policy.Check(new Uri("http://192.168.0.10/")).Allowed);
        Assert.False(policy.Check(new Uri("http://169.254.169.254/")).Allowed);
    }

    [Fact]
    public async Task ConnectAsync_NameResolvingToLoopback_IsRefusedWithoutConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var policy = new EgressPolicy(new EgressOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        var e = await Assert.ThrowsAsync<EgressRefusedException>(async () => await policy.ConnectAsync(new DnsEndPoint("public-looking.example", port), CancellationToken.None));
        await Task.Delay(100);

        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task ConnectAsync_AllowedNetworkOrHost_Connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var byNetwork = new EgressPolicy(new EgressOptions { AllowedNetworks = { "127.0.0.0/8" } });
        var byHost = new EgressPolicy(new EgressOptions { AllowedHosts = { "*.internal.example" } }, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        await using (await byNetwork.ConnectAsync(new DnsEndPoint("127.0.0.1", port), CancellationToken.None))
        {
        }

        await using (await byHost.ConnectAsync(new DnsEndPoint("backend.internal.example", port), CancellationToken.None))
        {
        }

        await Assert.ThrowsAsync<EgressRefusedException>(async () => await byHost.ConnectAsync(new DnsEndPoint("internal.example.evil", port), CancellationToken.None));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-a-network")]
    public void Validate_BadNetwork_NamesTheKey(string network)
    {
        var errors = new EgressOptions { AllowedNetworks = { network } }.Validate();

        Assert.Contains("Connector:Egress:AllowedNetworks:0", Assert.Single(errors), StringComparison.Ordinal);
    }
}
