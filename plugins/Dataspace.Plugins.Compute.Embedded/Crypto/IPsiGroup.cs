namespace Dataspace.Plugins.Compute.Embedded.Crypto;

/// <summary>The prime-order (or cofactor) group ECDH-PSI masks items in: hash to an element, multiply by a secret scalar.</summary>
internal interface IPsiGroup
{
    /// <summary>The group's attribute value, e.g. <c>curve25519</c>.</summary>
    string Name { get; }

    /// <summary>Its code in the hello message.</summary>
    byte Code { get; }

    /// <summary>A fresh secret scalar.</summary>
    byte[] NewPrivateKey();

    /// <summary>output[i] = key · Hash(items[i]), 32 bytes each.</summary>
    void HashAndMask(byte[] key, IReadOnlyList<string> items, byte[] output, int degree, CancellationToken cancellationToken);

    /// <summary>Multiplies peer elements by key, keeping the last <paramref name="width"/> bytes; -1 or the first invalid index.</summary>
    int MaskPeer(byte[] key, ReadOnlyMemory<byte> points, int count, byte[] output, int width, int degree, CancellationToken cancellationToken);
}
