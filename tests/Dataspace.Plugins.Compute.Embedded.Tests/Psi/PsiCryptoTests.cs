using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Plugins.Compute.Embedded.Psi;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

public sealed class PsiCryptoTests
{
    [Fact]
    public void HashAndMask_IsX25519OfTheSha256OfTheUtf8Item()
    {
        var key = X25519Batch.NewPrivateKey();
        string[] items = ["alice", "bob", "", "李雷", new string('x', 2000)];
        var output = new byte[items.Length * 32];
        X25519Batch.HashAndMask(key, items, output, 2, default);

        for (var i = 0; i < items.Length; i++)
        {
            var expected = new byte[32];
            Assert.True(X25519Batch.Multiply(key, SHA256.HashData(Encoding.UTF8.GetBytes(items[i])), expected));
            Assert.Equal(expected, output[(i * 32)..((i + 1) * 32)]);
        }
    }

    // RFC 7748 section 5.2 again, through the batch path: masking is plain X25519 (libsodium clamps the key).
    [Fact]
    public void MaskPeer_Rfc7748Vector_KeepsTheLast12BytesOfTheProduct()
    {
        var scalar = Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        var u = Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        var output = new byte[12];
        Assert.Equal(-1, X25519Batch.MaskPeer(scalar, u, 1, output, 12, 1, default));
        Assert.Equal("491c71f754b4075577a28552", Convert.ToHexStringLower(output));
    }

    [Fact]
    public void DoubleMasking_Commutes_OnTheCompared12Bytes()
    {
        var a = X25519Batch.NewPrivateKey();
        var b = X25519Batch.NewPrivateKey();
        string[] items = ["x", "y", "z"];
        var ha = new byte[96];
        var hb = new byte[96];
        X25519Batch.HashAndMask(a, items, ha, 1, default);
        X25519Batch.HashAndMask(b, items, hb, 1, default);
        var hab = new byte[36];
        var hba = new byte[36];
        Assert.Equal(-1, X25519Batch.MaskPeer(b, ha, 3, hab, 12, 2, default));
        Assert.Equal(-1, X25519Batch.MaskPeer(a, hb, 3, hba, 12, 2, default));
        Assert.Equal(hab, hba);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", true)]  // p − 1
    [InlineData("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", false)] // p
    [InlineData("0000000000000000000000000000000000000000000000000000000000000080", false)] // top bit
    public void IsCanonical_AcceptsOnlyReducedCoordinates(string hex, bool canonical)
        => Assert.Equal(canonical, X25519Batch.IsCanonical(Convert.FromHexString(hex)));

    [Fact]
    public void NewPrivateKey_IsClamped()
    {
        var key = X25519Batch.NewPrivateKey();
        Assert.Equal(0, key[0] & 7);
        Assert.Equal(0x40, key[31] & 0xc0);
    }

    [Theory]
    [InlineData(10, 1000)]
    [InlineData(5000, 100)]
    public async Task SpillingSorter_ReturnsEveryTagInOrder(int count, int runCapacity)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"psi-sorter-{Guid.NewGuid():N}");
        var random = new Random(42);
        var tags = Enumerable.Range(0, count).Select(i => new MaskedTag((ulong)random.Next(50), (uint)random.Next(), (uint)i)).ToArray();
        var sorter = new SpillingSorter(directory, "t", runCapacity);
        await using (sorter)
        {
            for (var i = 0; i < count; i += 37) await sorter.AddAsync(tags.AsMemory(i, Math.Min(37, count - i)), default);
            var source = await sorter.CompleteAsync(default);
            var read = new List<MaskedTag>();
            await using (source)
                while (await source.MoveNextAsync(default)) read.Add(source.Current);
            Assert.Equal(tags.Order().ToList(), read);
            Assert.Equal(count > runCapacity, sorter.SpilledRuns > 0);
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, true);
    }
}
