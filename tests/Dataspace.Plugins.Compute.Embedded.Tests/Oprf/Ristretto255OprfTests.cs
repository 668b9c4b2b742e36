using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Plugins.Compute.Embedded.Oprf;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Oprf;

// Vectors typed in from RFC 9497 appendix A.1 (ristretto255-SHA512).
public sealed class Ristretto255OprfTests
{
    private const string Seed = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";
    private const string KeyInfo = "74657374206b6579";
    private const string Blind1 = "64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706";
    private const string Blind2 = "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e";
    private const string ProofRandom = "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e";
    private const string ProofRandomBatch = "419c4f4f5052c53c45f3da494d2b67b220d02118e0857cdbcf037f9ea84bbe0c";

    [Fact]
    public void DeriveKeyPair_OprfMode_MatchesRfc9497()
    {
        var (sk, _) = Ristretto255Oprf.Base.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        Assert.Equal("5ebcea5ee37023ccb9fc2d2019f9d7737be85591ae8652ffa9ef0f4d37063b0e", Convert.ToHexStringLower(sk.ToArray()));
    }

    [Fact]
    public void DeriveKeyPair_VoprfMode_MatchesRfc9497()
    {
        var (sk, pk) = Ristretto255Oprf.Verifiable.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        Assert.Equal("e6f73f344b79b379f1a0dd37e07ff62e38d9f71345ce62ae3a9bc60b04ccd909", Convert.ToHexStringLower(sk.ToArray()));
        Assert.Equal("c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e", Convert.ToHexStringLower(pk.ToArray()));
    }

    [Theory]
    [InlineData("00", "609a0ae68c15a3cf6903766461307e5c8bb2f95e7e6550e1ffa2dc99e412803c", "7ec6578ae5120958eb2db1745758ff379e77cb64fe77b0b2d8cc917ea0869c7e",
        "527759c3d9366f277d8c6020418d96bb393ba2afb20ff90df23fb7708264e2f3ab9135e3bd69955851de4b1f9fe8a0973396719b7912ba9ee8aa7d0b5e24bcf6")]
    [InlineData("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "da27ef466870f5f15296299850aa088629945a17d1f5b7f5ff043f76b3c06418", "b4cbf5a4f1eeda5a63ce7b77c7d23f461db3fcab0dd28e4e17cecb5c90d02c25",
        "f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7621306d18951e7cf2c73")]
    public void OprfMode_BlindEvaluateFinalize_MatchesRfc9497(string input, string blinded, string evaluated, string output)
    {
        var oprf = Ristretto255Oprf.Base;
        var (sk, _) = oprf.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        var (blind, blindedElement) = oprf.Blind(Hex(input), Scalar(Blind1));
        Assert.Equal(blinded, Convert.ToHexStringLower(blindedElement.ToArray()));
        var evaluatedElement = Ristretto255Oprf.BlindEvaluate(sk, blindedElement);
        Assert.Equal(evaluated, Convert.ToHexStringLower(evaluatedElement.ToArray()));
        Assert.Equal(output, Convert.ToHexStringLower(Ristretto255Oprf.Finalize(Hex(input), blind, evaluatedElement)));
        Assert.Equal(output, Convert.ToHexStringLower(oprf.Evaluate(sk, Hex(input))));
    }

    [Theory]
    [InlineData("00", "863f330cc1a1259ed5a5998a23acfd37fb4351a793a5b3c090b642ddc439b945", "aa8fa048764d5623868679402ff6108d2521884fa138cd7f9c7669a9a014267e",
        "ddef93772692e535d1a53903db24367355cc2cc78de93b3be5a8ffcc6985dd066d4346421d17bf5117a2a1ff0fcb2a759f58a539dfbe857a40bce4cf49ec600d",
        "b58cfbe118e0cb94d79b5fd6a6dafb98764dff49c14e1770b566e42402da1a7da4d8527693914139caee5bd03903af43a491351d23b430948dd50cde10d32b3c")]
    [InlineData("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "cc0b2a350101881d8a4cba4c80241d74fb7dcbfde4a61fde2f91443c2bf9ef0c", "60a59a57208d48aca71e9e850d22674b611f752bed48b36f7a91b372bd7ad468",
        "401a0da6264f8cf45bb2f5264bc31e109155600babb3cd4e5af7d181a2c9dc0a67154fabf031fd936051dec80b0b6ae29c9503493dde7393b722eafdf5a50b02",
        "8a9a2f3c7f085b65933594309041fc1898d42d0858e59f90814ae90571a6df60356f4610bf816f27afdd84f47719e480906d27ecd994985890e5f539e7ea74b6")]
    public void VoprfMode_ProofAndOutput_MatchRfc9497(string input, string blinded, string evaluated, string proof, string output)
    {
        var voprf = Ristretto255Oprf.Verifiable;
        var (sk, pk) = voprf.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        var (blind, blindedElement) = voprf.Blind(Hex(input), Scalar(Blind1));
        Assert.Equal(blinded, Convert.ToHexStringLower(blindedElement.ToArray()));
        var evaluatedElement = Ristretto255Oprf.BlindEvaluate(sk, blindedElement);
        Assert.Equal(evaluated, Convert.ToHexStringLower(evaluatedElement.ToArray()));
        var generated = voprf.GenerateProof(sk, pk, [blindedElement], [evaluatedElement], Scalar(ProofRandom));
        Assert.Equal(proof, Convert.ToHexStringLower(generated));
        Assert.True(voprf.VerifyProof(pk, [blindedElement], [evaluatedElement], generated));
        Assert.Equal(output, Convert.ToHexStringLower(Ristretto255Oprf.Finalize(Hex(input), blind, evaluatedElement)));
    }

    [Fact]
    public void VoprfMode_BatchOfTwo_MatchesRfc9497()
    {
        var voprf = Ristretto255Oprf.Verifiable;
        var (sk, pk) = voprf.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        var (_, b0) = voprf.Blind(Hex("00"), Scalar(Blind1));
        var (_, b1) = voprf.Blind(Hex("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"), Scalar(Blind2));
        Assert.Equal("90a0145ea9da29254c3a56be4fe185465ebb3bf2a1801f7124bbbadac751e654", Convert.ToHexStringLower(b1.ToArray()));
        var e0 = Ristretto255Oprf.BlindEvaluate(sk, b0);
        var e1 = Ristretto255Oprf.BlindEvaluate(sk, b1);
        Assert.Equal("cc5ac221950a49ceaa73c8db41b82c20372a4c8d63e5dded2db920b7eee36a2a", Convert.ToHexStringLower(e1.ToArray()));
        var proof = voprf.GenerateProof(sk, pk, [b0, b1], [e0, e1], Scalar(ProofRandomBatch));
        Assert.Equal("cc203910175d786927eeb44ea847328047892ddf8590e723c37205cb74600b0a5ab5337c8eb4ceae0494c2cf89529dcf94572ed267473d567aeed6ab873dee08", Convert.ToHexStringLower(proof));
        Assert.True(voprf.VerifyProof(pk, [b0, b1], [e0, e1], proof));
    }

    [Fact]
    public void VerifyProof_SwappedEvaluations_IsRejected()
    {
        var voprf = Ristretto255Oprf.Verifiable;
        var (sk, pk) = voprf.DeriveKeyPair(Hex(Seed), Hex(KeyInfo));
        var (_, b0) = voprf.Blind("a"u8);
        var (_, b1) = voprf.Blind("b"u8);
        var e0 = Ristretto255Oprf.BlindEvaluate(sk, b0);
        var e1 = Ristretto255Oprf.BlindEvaluate(sk, b1);
        var proof = voprf.GenerateProof(sk, pk, [b0, b1], [e0, e1]);
        Assert.False(voprf.VerifyProof(pk, [b0, b1], [e1, e0], proof));
        // Another key's evaluation with the honest key's proof.
        var (other, _) = voprf.DeriveKeyPair(new byte[32], []);
        Assert.False(voprf.VerifyProof(pk, [b0], [Ristretto255Oprf.BlindEvaluate(other, b0)], voprf.GenerateProof(sk, pk, [b0], [e0])));
    }

    [Fact]
    public void Blind_FreshBlinds_GiveSameOutputAfterFinalize()
    {
        var oprf = Ristretto255Oprf.Base;
        var (sk, _) = oprf.DeriveKeyPair(Hex(Seed), []);
        var (r1, m1) = oprf.Blind("alice"u8);
        var (r2, m2) = oprf.Blind("alice"u8);
        Assert.NotEqual(m1, m2);
        Assert.Equal(
            Ristretto255Oprf.Finalize("alice"u8, r1, Ristretto255Oprf.BlindEvaluate(sk, m1)),
            Ristretto255Oprf.Finalize("alice"u8, r2, Ristretto255Oprf.BlindEvaluate(sk, m2)));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static Ristretto255Scalar Scalar(string hex)
    {
        Assert.True(Ristretto255Scalar.TryDecode(Hex(hex), out var scalar));
        return scalar;
    }
}
