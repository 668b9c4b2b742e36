using Dataspace.Plugins.Compute.Embedded.DifferentialPrivacy;

namespace Dataspace.Plugins.Compute.Embedded.Tests.DifferentialPrivacy;

/// <summary>Reproducible random bytes for sampler tests (a fixed seed), safe to share between concurrently running parties.</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public void Fill(Span<byte> buffer)
    {
        lock (_gate) _random.NextBytes(buffer);
    }
}
