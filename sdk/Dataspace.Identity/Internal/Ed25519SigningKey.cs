using System.Buffers.Text;
using Dataspace.Identity.Jose;
using NSec.Cryptography;

namespace Dataspace.Identity.Internal;

/// <summary>An EdDSA (Ed25519) key backed by NSec (libsodium).</summary>
internal sealed class Ed25519SigningKey : SigningKey
{
    private readonly Key _key;

    private Ed25519SigningKey(Key key)
    {
        _key = key;
        PublicJwk = new Jwk { Kty = "OKP", Crv = "Ed25519", X = Base64Url.EncodeToString(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)) };
    }

    public override string Algorithm => JwsAlgorithms.EdDSA;

    public override Jwk PublicJwk { get; }

    public static Ed25519SigningKey Generate() => new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    public static Ed25519SigningKey Import(byte[] seed) =>
        new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    public override byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    internal override Jwk ExportPrivateJwk() =>
        PublicJwk with { D = Base64Url.EncodeToString(_key.Export(KeyBlobFormat.RawPrivateKey)) };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }
}
