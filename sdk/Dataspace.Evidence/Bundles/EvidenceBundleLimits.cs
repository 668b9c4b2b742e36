namespace Dataspace.Evidence.Bundles;

/// <summary>Bounds a reader applies to a bundle before trusting any of it, so a hostile file cannot exhaust memory.</summary>
public sealed record EvidenceBundleLimits
{
    /// <summary>The defaults: 256 MiB, a million entries, 64-hash proofs, 64 DID documents of 256 KiB, 1,024 earlier checkpoints.</summary>
    public static EvidenceBundleLimits Default { get; } = new();

    /// <summary>The largest bundle file read, in bytes.</summary>
    public long MaxBundleBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most entries in one bundle.</summary>
    public int MaxEntries { get; init; } = 1_000_000;

    /// <summary>The most hashes in one inclusion or consistency proof (a tree of 2^63 leaves needs 63).</summary>
    public int MaxProofHashes { get; init; } = 64;

    /// <summary>The most DID documents in one bundle.</summary>
    public int MaxDidDocuments { get; init; } = 64;

    /// <summary>The largest DID document, in UTF-8 bytes.</summary>
    public int MaxDidDocumentBytes { get; init; } = 256 * 1024;

    /// <summary>The most earlier checkpoints in one bundle.</summary>
    public int MaxEarlierCheckpoints { get; init; } = 1024;
}
