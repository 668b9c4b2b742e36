using System.Security.Cryptography;

namespace Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

/// <summary>Uniform random bytes for the noise samplers: cryptographic in production, seeded in tests.</summary>
internal interface IRandomSource
{
    void Fill(Span<byte> buffer);
}

/// <summary>The operating system's cryptographic generator.</summary>
internal sealed class CryptoRandomSource : IRandomSource
{
    public static CryptoRandomSource Instance { get; } = new();

    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}
