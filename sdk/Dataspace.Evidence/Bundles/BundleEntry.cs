namespace Dataspace.Evidence.Bundles;

/// <summary>An audit entry in an evidence bundle: its index in the log, its leaf data, and its inclusion proof against the bundle's checkpoint.</summary>
/// <param name="Index">The entry's index in the log.</param>
/// <param name="Data">The leaf data exactly as stored (the codec's UTF-8 JSON).</param>
/// <param name="InclusionProof">The RFC 9162 audit path from the leaf to the root of the bundle's checkpoint.</param>
public sealed record BundleEntry(long Index, byte[] Data, IReadOnlyList<byte[]> InclusionProof);
