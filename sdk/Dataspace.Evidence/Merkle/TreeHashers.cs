namespace Dataspace.Evidence.Merkle;

/// <summary>The tree hash algorithms by name.</summary>
public static class TreeHashers
{
    /// <summary>SHA-256 (FIPS 180-4), the default.</summary>
    public const string Sha256 = "sha256";

    /// <summary>SM3 (GB/T 32905-2016), for the 国密 profile.</summary>
    public const string Sm3 = "sm3";

    private static readonly Dictionary<string, Func<ITreeHasher>> Known = new(StringComparer.Ordinal)
    {
        [Sha256] = () => Sha256TreeHasher.Instance,
        [Sm3] = () => Hashing.Sm3TreeHasher.Instance,
    };

    /// <summary>The hasher named <paramref name="name"/>; throws naming the known ones when there is none.</summary>
    public static ITreeHasher Get(string name) =>
        TryGet(name, out var hasher)
            ? hasher
            : throw new ArgumentException($"Unknown tree hash algorithm '{name}'; expected one of: {string.Join(", ", Known.Keys)}.", nameof(name));

    /// <summary>The hasher named <paramref name="name"/>, when it is known.</summary>
    public static bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITreeHasher? hasher)
    {
        hasher = name is not null && Known.TryGetValue(name, out var create) ? create() : null;
        return hasher is not null;
    }
}
