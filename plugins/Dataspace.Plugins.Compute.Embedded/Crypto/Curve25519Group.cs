namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>SecretFlow's default: SHA-256 of the item as an X25519 u-coordinate, X25519 with a clamped key.</summary>
internal sealed class Curve25519Group : IPsiGroup
{
    public static readonly Curve25519Group Instance = new();

    public string Name => "curve25519";

    public byte Code => 1;

    public byte[] NewPrivateKey() => X25519Batch.NewPrivateKey();

    public void HashAndMask(byte[] key, IReadOnlyList<string> items, byte[] output, int degree, CancellationToken cancellationToken)
        => X25519Batch.HashAndMask(key, items, output, degree, cancellationToken);

    public int MaskPeer(byte[] key, ReadOnlyMemory<byte> points, int count, byte[] output, int width, int degree, CancellationToken cancellationToken)
        => X25519Batch.MaskPeer(key, points, count, output, width, degree, cancellationToken);
}
