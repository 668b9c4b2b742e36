using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;
using static Dataspace.Plugins.Compute.Embedded.Tests.Psi.PsiTestData;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

public sealed class Ristretto255GroupTests
{
    // RFC 9496 appendix A.3, first vector of the one-way map (hash-to-group from 64 bytes).
    [Fact]
    public void FromHash_Rfc9496Vector()
    {
        var wide = Convert.FromHexString("5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c14d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6");
        var element = new byte[32];
        Ristretto255Group.FromHash(wide, element);
        Assert.Equal("3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46", Convert.ToHexStringLower(element));
    }

    [Fact]
    public void DoubleMasking_Commutes()
    {
        var group = Ristretto255Group.Instance;
        var a = group.NewPrivateKey();
        var b = group.NewPrivateKey();
        string[] items = ["x", "y"];
        var ha = new byte[64];
        var hb = new byte[64];
        group.HashAndMask(a, items, ha, 2, default);
        group.HashAndMask(b, items, hb, 2, default);
        var hab = new byte[24];
        var hba = new byte[24];
        Assert.Equal(-1, group.MaskPeer(b, ha, 2, hab, 12, 2, default));
        Assert.Equal(-1, group.MaskPeer(a, hb, 2, hba, 12, 2, default));
        Assert.Equal(hab, hba);
    }

    [Fact]
    public void MaskPeer_NonCanonicalOrIdentity_ReportsTheFirstBadIndex()
    {
        var group = Ristretto255Group.Instance;
        var key = group.NewPrivateKey();
        var valid = new byte[32];
        group.HashAndMask(key, ["ok"], valid, 1, default);
        byte[] nonCanonical = [.. valid, .. Enumerable.Repeat((byte)0xff, 32)];
        Assert.Equal(1, group.MaskPeer(key, nonCanonical, 2, new byte[24], 12, 1, default));
        byte[] identity = [.. valid, .. new byte[32]];
        Assert.Equal(1, group.MaskPeer(key, identity, 2, new byte[24], 12, 1, default));
    }

    [Theory]
    [InlineData("intersection")]
    [InlineData("cardinality")]
    public async Task Psi_OverRistretto255_EqualsPlaintext(string mode)
    {
        var receiverKeys = Keys(0, 200);
        var senderKeys = Keys(150, 400);
        var attributes = Attributes(mode: mode, batchSize: 64);
        attributes["curve"] = System.Text.Json.JsonSerializer.SerializeToElement("ristretto255");
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, attributes, Release([ReleaseKinds.Intersection, ReleaseKinds.Cardinality]));

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        Assert.Equal(50, Size(receiver));
        if (mode == "intersection") Assert.Equal(Keys(150, 200), Table(receiver));
    }
}
