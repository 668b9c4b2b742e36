using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Tests;

public sealed class CheckpointTests
{
    private static readonly Checkpoint Sample = new() { Origin = "provider.example/audit", Size = 20852163, Root = Convert.FromBase64String("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=") };

    [Fact]
    public void Body_is_the_c2sp_text_and_parses_back()
    {
        var body = (Sample with { Extensions = ["ext one"] }).ToBody();
        Assert.Equal("provider.example/audit\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next one\n", body);
        Assert.Equal(Sample with { Extensions = ["ext one"] }, Checkpoint.Parse(body));
    }

    [Theory]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "end with a newline")]
    [InlineData("o\n1\n", "at least 3 lines")]
    [InlineData("\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin line is empty")]
    [InlineData("o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading zeros")]
    [InlineData("o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal")]
    [InlineData("o\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "canonical")]
    [InlineData("o\n1\nnot base64\n", "canonical")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "extension line is empty")]
    public void Parse_rejects_malformed_bodies_with_a_reason(string body, string expected)
    {
        Assert.False(Checkpoint.TryParse(body, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void Signed_note_verifies_with_the_key_and_name_and_nothing_else(string algorithm)
    {
        using var owner = new TestIdentity(algorithm);
        using var other = new TestIdentity(algorithm);
        var note = CheckpointSigner.Sign(Sample, owner.Key, owner.KeyName).ToNote();

        Assert.StartsWith(Sample.ToBody() + "\n\u2014 " + owner.KeyName + " ", note, StringComparison.Ordinal);
        var ok = CheckpointVerifier.Verify(note, owner.Key.PublicJwk, owner.KeyName);
        Assert.True(ok.IsValid, ok.Reason);
        Assert.Equal(Sample, ok.Note!.Checkpoint);
        Assert.False(CheckpointVerifier.Verify(note, other.Key.PublicJwk, owner.KeyName).IsValid);
        Assert.False(CheckpointVerifier.Verify(note, owner.Key.PublicJwk, other.KeyName).IsValid);
        Assert.False(CheckpointVerifier.Verify(note.Replace("20852163", "20852164", StringComparison.Ordinal), owner.Key.PublicJwk, owner.KeyName).IsValid);
    }

    [Fact]
    public void Ed25519_key_id_is_the_c2sp_one()
    {
        using var owner = new TestIdentity(JwsAlgorithms.EdDSA);
        var line = CheckpointSigner.Sign(Sample, owner.Key, owner.KeyName).Signatures.Single();
        var expected = SHA256.HashData([.. Encoding.UTF8.GetBytes(owner.KeyName), 0x0A, 0x01, .. Convert.FromBase64String(Pad(owner.Key.PublicJwk.X!))]);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(expected), line.KeyId);
        Assert.Equal(64, line.Signature.Length);
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void Cosignature_verifies_over_its_checkpoint_and_not_over_another(string algorithm)
    {
        using var owner = new TestIdentity();
        using var witness = new TestIdentity(algorithm);
        var signed = CheckpointSigner.Sign(Sample, owner.Key, owner.KeyName);
        var time = new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);
        var cosigned = signed.WithSignature(CheckpointSigner.Cosign(signed, witness.Key, witness.KeyName, time));

        var reparsed = SignedCheckpoint.Parse(cosigned.ToNote());
        Assert.Equal(2, reparsed.Signatures.Count);
        var ok = CheckpointVerifier.VerifyCosignature(reparsed, witness.Key.PublicJwk, witness.KeyName);
        Assert.True(ok.IsValid, ok.Reason);
        Assert.Equal(time, ok.Time);
        Assert.True(CheckpointVerifier.Verify(reparsed, owner.Key.PublicJwk, owner.KeyName).IsValid);

        // The same cosignature line moved onto another tree head is a mismatched witness.
        var other = CheckpointSigner.Sign(Sample with { Size = Sample.Size + 1 }, owner.Key, owner.KeyName).WithSignature(reparsed.Signatures[1]);
        var mismatched = CheckpointVerifier.VerifyCosignature(other, witness.Key.PublicJwk, witness.KeyName);
        Assert.False(mismatched.IsValid);
        Assert.Contains("mismatched witness", mismatched.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosignature_with_an_impossible_timestamp_is_invalid_not_an_error()
    {
        using var owner = new TestIdentity();
        using var witness = new TestIdentity(JwsAlgorithms.EdDSA);
        var signed = CheckpointSigner.Sign(Sample, owner.Key, owner.KeyName);
        var line = CheckpointSigner.Cosign(signed, witness.Key, witness.KeyName, DateTimeOffset.UnixEpoch);
        var forged = (byte[])line.Signature.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(forged, ulong.MaxValue - 1);
        var result = CheckpointVerifier.VerifyCosignature(signed.WithSignature(line with { Signature = forged }), witness.Key.PublicJwk, witness.KeyName);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "blank line")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n- name AAAAAAA=\n", "is not '— <key name>")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 na+me AAAAAAA=\n", "contains a space or '+'")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 name AAAA\n", "canonical base64")]
    [InlineData("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 name AAAAAAA=", "blank line")]
    [InlineData("o\t\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 name AAAAAAA=\n", "control character")]
    public void Signed_note_parse_rejects_malformed_notes(string note, string expected)
    {
        Assert.False(SignedCheckpoint.TryParse(note, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
